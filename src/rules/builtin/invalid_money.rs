//! `invalid-money`: an amount that cannot be read as money.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::values::MONEY_FORMS;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Amounts of money can be read",
    explain: "Amounts (`amount`, `total`) must be numbers planalign can add up: 1234567, \
£1,234,567, £67.4m, £250k or £1.2bn, with a minus sign for savings (-£2.5m). An amount that \
cannot be read is left out of budget totals and of the money attributed to each priority, so \
those would be wrong: it is an error.",
};

/// An amount that cannot be read.
pub fn finding(span: Span, name: &str, written: &str) -> Finding {
    super::invalid_date::unreadable(
        Builtin::InvalidMoney,
        span,
        name,
        written,
        "an amount of money",
        MONEY_FORMS,
    )
}
