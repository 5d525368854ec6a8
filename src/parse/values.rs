//! Values with meaning: dates and periods (ISO dates, UK financial years, quarters, ranges)
//! and money (`£1,234`, `£67.4m`, `£250k`, negative for savings).

use chrono::format::{Item, Numeric, Pad, Parsed};
use chrono::{Datelike, NaiveDate};

/// A span of days, both ends included. A single date is a period of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The forms a date may take, for messages.
pub const DATE_FORMS: &str = "a date such as 2011-03-31, 31/03/2011 or 31 March 2011, a month \
such as March 2011, a financial year such as 2010/11, a quarter such as Q3 2010/11, or a range \
such as 2010/11-2012/13 or 2010-04-01..2013-03-31";

/// The forms an amount of money may take, for messages.
pub const MONEY_FORMS: &str = "a number such as 1234567, or £1,234,567, £67.4m, £250k or £1.2bn, with a minus sign for savings";

/// Reads a date, financial year, quarter or range.
pub fn parse_period(text: &str) -> Option<Period> {
    let text = text.trim();
    if let Some((a, b)) = text.split_once("..") {
        return range(parse_single(a)?, parse_single(b)?);
    }
    if let Some(p) = parse_single(text) {
        return Some(p);
    }
    // `2010/11-2012/13`: the dash between two financial years (ISO dates have dashes too).
    let (a, b) = text.split_at(
        text.find('/')
            .and_then(|i| text[i..].find('-').map(|j| i + j))?,
    );
    range(parse_single(a)?, parse_single(&b[1..])?)
}

fn range(a: Period, b: Period) -> Option<Period> {
    (a.start <= b.end).then_some(Period {
        start: a.start,
        end: b.end,
    })
}

fn parse_single(text: &str) -> Option<Period> {
    let text = text.trim();
    if let Some(date) = iso_date(text).or_else(|| uk_date(text)) {
        return Some(Period {
            start: date,
            end: date,
        });
    }
    if let Some(month) = month(text) {
        return Some(month);
    }
    if let Some(rest) = text.strip_prefix(['Q', 'q']) {
        let (quarter, year) = rest.split_once(' ')?;
        let quarter: u32 = quarter.parse().ok().filter(|q| (1..=4).contains(q))?;
        let year = financial_year(year.trim())?;
        let start = add_months(year.start, (quarter - 1) * 3)?;
        let end = add_months(start, 3)?.pred_opt()?;
        return Some(Period { start, end });
    }
    financial_year(text)
}

/// The format `%Y-%m-%d`, taken apart once rather than on every date read.
const ISO_DATE: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
];

/// `2011-03-31`.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, text, ISO_DATE.iter()).ok()?;
    parsed.to_naive_date().ok()
}

/// How UK officers write a day: `31/03/2011` (day first, never month first), `31 March 2011`,
/// `31 Mar 2011`.
fn uk_date(text: &str) -> Option<NaiveDate> {
    let numeric = text.split('/').count() == 3 && text.split('/').nth(2)?.len() == 4;
    let format = if numeric { "%d/%m/%Y" } else { "%d %B %Y" };
    // Only digits, letters, spaces and slashes: chrono would otherwise read more than is meant.
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '/')
    {
        return None;
    }
    NaiveDate::parse_from_str(text, format).ok()
}

/// `March 2011` or `Mar 2011`: the whole month, so that as a due date it is the month's last
/// day.
fn month(text: &str) -> Option<Period> {
    let (name, year) = text.split_once(' ')?;
    if !name.chars().all(|c| c.is_ascii_alphabetic()) || year.len() != 4 {
        return None;
    }
    let start = NaiveDate::parse_from_str(&format!("1 {name} {year}"), "%d %B %Y").ok()?;
    let end = add_months(start, 1)?.pred_opt()?;
    Some(Period { start, end })
}

/// `2010/11` or `2010/2011`: 1 April 2010 to 31 March 2011.
fn financial_year(text: &str) -> Option<Period> {
    let (first, second) = text.split_once('/')?;
    if first.len() != 4 || !(second.len() == 2 || second.len() == 4) {
        return None;
    }
    let first: i32 = first.parse().ok()?;
    let second: i32 = second.parse().ok()?;
    let next = if second >= 100 {
        first + 1
    } else {
        (first + 1) % 100
    };
    if next != second {
        return None;
    }
    Some(Period {
        start: NaiveDate::from_ymd_opt(first, 4, 1)?,
        end: NaiveDate::from_ymd_opt(first + 1, 3, 31)?,
    })
}

fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
        .filter(|d| d.day() == date.day())
}

/// The largest amount planalign reads, in pence: £100 billion, more than any council's whole
/// budget. A larger amount is a mistake (a unit typed twice, a stray digit), and a bound this
/// size keeps every total of up to 900,000 lines inside the range of its sums.
pub const MAX_AMOUNT: i64 = 100_000_000_000 * 100;

/// Why an amount of money cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Not written as an amount.
    NotMoney,
    /// Written as an amount, but beyond [`MAX_AMOUNT`] (either way: a saving as well).
    TooLarge,
}

/// Reads an amount of money, in pence.
pub fn parse_money(text: &str) -> Option<i64> {
    read_money(text).ok()
}

/// Reads an amount of money, in pence, or says why it cannot.
pub fn read_money(text: &str) -> Result<i64, Unreadable> {
    let text = text.trim().replace([' ', ','], "");
    let (negative, text) = match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.to_owned()),
        None => (false, text),
    };
    let text = text.strip_prefix('£').unwrap_or(&text);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) if !negative => (true, rest),
        Some(_) => return Err(Unreadable::NotMoney),
        None => (negative, text),
    };
    let lower = text.to_ascii_lowercase();
    let (number, scale) = if let Some(n) = lower.strip_suffix("bn") {
        (n, 1_000_000_000_i128)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 1_000_000)
    } else if let Some(n) = lower.strip_suffix('k') {
        (n, 1_000)
    } else {
        (lower.as_str(), 1)
    };
    let pence = pence_of(number, scale)?;
    Ok(if negative { -pence } else { pence })
}

/// `67.4` units of `scale` pounds, in pence, exactly: no floating point. Fractions of a
/// penny are dropped.
fn pence_of(text: &str, scale: i128) -> Result<i64, Unreadable> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits_only(whole)
        || !digits_only(fraction)
        || fraction.len() > 9
    {
        return Err(Unreadable::NotMoney);
    }
    // Digits only, so the one way the parse fails is a number too long for an i128.
    let mantissa: i128 = format!("{whole}{fraction}")
        .parse()
        .map_err(|_| Unreadable::TooLarge)?;
    let divisor = 10_i128.pow(u32::try_from(fraction.len()).map_err(|_| Unreadable::NotMoney)?);
    let pence = mantissa
        .checked_mul(100 * scale)
        .ok_or(Unreadable::TooLarge)?
        / divisor;
    i64::try_from(pence)
        .ok()
        .filter(|p| *p <= MAX_AMOUNT)
        .ok_or(Unreadable::TooLarge)
}

/// The largest share, in hundredths of a percent: the whole.
pub const MAX_SHARE: f64 = 10_000.0;

/// Reads a share a link gives one id (`60%`, `0.6` or `60`), in hundredths of a percent,
/// rounded; `None` for text that is not a finite number. A number above 1 without `%` is a
/// percentage. The share may be out of range: callers decide what they accept.
pub fn parse_share(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (text, false),
    };
    let value: f64 = number.parse().ok()?;
    let fraction = if percent || value > 1.0 {
        value / 100.0
    } else {
        value
    };
    let hundredths = (fraction * 10_000.0).round();
    hundredths.is_finite().then_some(hundredths)
}

/// Shows pence as pounds: `£271,700,000`, `-£1,250.50`.
pub fn format_money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match pence % 100 {
        0 => format!("{sign}£{grouped}"),
        p => format!("{sign}£{grouped}.{p:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_and_financial_years() {
        assert_eq!(
            parse_period("2011-03-31"),
            Some(Period {
                start: d(2011, 3, 31),
                end: d(2011, 3, 31)
            })
        );
        assert_eq!(
            parse_period("2010/11"),
            Some(Period {
                start: d(2010, 4, 1),
                end: d(2011, 3, 31)
            })
        );
        assert_eq!(
            parse_period("1999/00"),
            Some(Period {
                start: d(1999, 4, 1),
                end: d(2000, 3, 31)
            })
        );
        assert_eq!(parse_period("2010/12"), None);
    }

    #[test]
    fn quarters_run_from_april() {
        assert_eq!(
            parse_period("Q1 2010/11"),
            Some(Period {
                start: d(2010, 4, 1),
                end: d(2010, 6, 30)
            })
        );
        assert_eq!(
            parse_period("Q3 2010/11"),
            Some(Period {
                start: d(2010, 10, 1),
                end: d(2010, 12, 31)
            })
        );
        assert_eq!(
            parse_period("Q4 2010/11"),
            Some(Period {
                start: d(2011, 1, 1),
                end: d(2011, 3, 31)
            })
        );
        assert_eq!(parse_period("Q5 2010/11"), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            parse_period("2010/11-2012/13"),
            Some(Period {
                start: d(2010, 4, 1),
                end: d(2013, 3, 31)
            })
        );
        assert_eq!(
            parse_period("2010-04-01..2013-03-31"),
            Some(Period {
                start: d(2010, 4, 1),
                end: d(2013, 3, 31)
            })
        );
        assert_eq!(parse_period("2013/14-2010/11"), None);
    }

    #[test]
    fn uk_dates() {
        let day = |y, m, dd| {
            Some(Period {
                start: d(y, m, dd),
                end: d(y, m, dd),
            })
        };
        assert_eq!(parse_period("31/03/2025"), day(2025, 3, 31));
        assert_eq!(parse_period("1/4/2025"), day(2025, 4, 1));
        assert_eq!(parse_period("31 March 2025"), day(2025, 3, 31));
        assert_eq!(parse_period("31 Mar 2025"), day(2025, 3, 31));
        assert_eq!(
            parse_period("March 2027"),
            Some(Period {
                start: d(2027, 3, 1),
                end: d(2027, 3, 31)
            })
        );
        assert_eq!(
            parse_period("Feb 2028"),
            Some(Period {
                start: d(2028, 2, 1),
                end: d(2028, 2, 29)
            })
        );
        assert_eq!(parse_period("2026/2027"), parse_period("2026/27"));
        assert_eq!(parse_period("2026/2028"), None);
        // Month first is not a UK date: 03/31/2025 is no date at all.
        assert_eq!(parse_period("03/31/2025"), None);
        assert_eq!(parse_period("31 Smarch 2025"), None);
        assert_eq!(
            parse_period("April 2011-March 2012"),
            None,
            "a range of months is written with `..`"
        );
        assert_eq!(
            parse_period("April 2011..March 2012"),
            Some(Period {
                start: d(2011, 4, 1),
                end: d(2012, 3, 31)
            })
        );
    }

    #[test]
    fn words_are_not_dates() {
        for text in [
            "Summer 2010",
            "",
            "2011",
            "31/03/11",
            "In place for April 2011",
            "April 2011 onwards",
        ] {
            assert_eq!(parse_period(text), None, "{text}");
        }
    }

    #[test]
    fn money() {
        assert_eq!(parse_money("£67.4m"), Some(6_740_000_000));
        assert_eq!(parse_money("£1,234,567"), Some(123_456_700));
        assert_eq!(parse_money("£250k"), Some(25_000_000));
        assert_eq!(parse_money("£1.2bn"), Some(120_000_000_000));
        assert_eq!(parse_money("1234.56"), Some(123_456));
        assert_eq!(parse_money("-£2.5m"), Some(-250_000_000));
        assert_eq!(parse_money("£-2.5m"), Some(-250_000_000));
        assert_eq!(parse_money("£1.234567m"), Some(123_456_700));
        for text in ["about £3m", "£", "", "£3m-ish", "--5", "£1.2.3"] {
            assert_eq!(read_money(text), Err(Unreadable::NotMoney), "{text}");
        }
    }

    #[test]
    fn money_beyond_any_council_budget_is_not_read() {
        assert_eq!(parse_money("£100bn"), Some(MAX_AMOUNT));
        assert_eq!(parse_money("-£100bn"), Some(-MAX_AMOUNT));
        for text in [
            "£100.01bn",
            "£250000m",
            "-£250000m",
            "92233720368547758070",
            "£99999999999999999999999m",
            "9999999999999999999999999999999999999999999999",
        ] {
            assert_eq!(read_money(text), Err(Unreadable::TooLarge), "{text}");
        }
    }

    #[test]
    fn money_is_shown_with_thousands_separators() {
        assert_eq!(format_money(27_170_000_000), "£271,700,000");
        assert_eq!(format_money(-125_050), "-£1,250.50");
        assert_eq!(format_money(0), "£0");
    }
}
