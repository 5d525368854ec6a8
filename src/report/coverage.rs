//! `planalign coverage`: the matrix of Corporate Plan priorities and objectives against plans,
//! as a text table, JSON or CSV. Plan text goes into the table through
//! `escape::terminal_line` and into CSV text cells through `escape::csv_text`.

use super::escape::{csv_text, terminal_line};
use super::shared::Report;
use crate::parse::values::format_money;

/// `--format human`: a text table.
pub fn human(report: &Report) -> String {
    let coverage = report.coverage();
    let columns = coverage.columns(report.model);
    let mut header = vec!["priority / objective".to_owned()];
    header.extend(
        columns
            .iter()
            .map(|&p| terminal_line(&coverage.plans[p].id).into_owned()),
    );
    header.extend(["targets".to_owned(), "money".to_owned()]);
    let mut rows = vec![header];
    for row in &coverage.rows {
        let indent = if row.priority.is_some() { "  " } else { "" };
        let mut cells = vec![format!(
            "{indent}{} {}",
            terminal_line(&row.id),
            terminal_line(&row.title)
        )];
        cells.extend(columns.iter().map(|&p| row.items[p].to_string()));
        cells.push(row.targets.to_string());
        cells.push(format_money(row.money));
        rows.push(cells);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if c == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\nMoney attributed to the priorities adds up to {}, the total of the budget lines that trace.\n\nItems that trace, by plan:\n",
        format_money(coverage.traced_budget)
    ));
    for plan in &coverage.plans {
        out.push_str(&format!(
            "  {:<8} {:>4} of {:>4} items ({}) {}\n",
            terminal_line(&plan.id),
            plan.traced,
            plan.items,
            percent(plan.traced, plan.items),
            terminal_line(&plan.title)
        ));
    }
    out
}

pub fn json(report: &Report) -> String {
    let mut text =
        serde_json::to_string_pretty(report.coverage()).expect("coverage serializes to JSON");
    text.push('\n');
    text
}

/// One CSV row per priority or objective: its id, kind, title and priority, items per plan,
/// targets, and money in pounds. The text cells (the header, id, kind, title, priority) are
/// guarded against formulas; the counts and the money are numbers and written as they are.
pub fn csv(report: &Report) -> String {
    let coverage = report.coverage();
    let columns = coverage.columns(report.model);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id".to_owned(),
        "kind".into(),
        "title".into(),
        "priority".into(),
    ];
    header.extend(
        columns
            .iter()
            .map(|&p| format!("items in {}", coverage.plans[p].id)),
    );
    header.extend(["targets".to_owned(), "money (GBP)".into()]);
    writer
        .write_record(header.iter().map(|h| csv_text(h).into_owned()))
        .expect("writing to memory cannot fail");
    for row in &coverage.rows {
        let mut record: Vec<String> = [
            &row.id,
            &row.kind,
            &row.title,
            row.priority.as_deref().unwrap_or_default(),
        ]
        .into_iter()
        .map(|text| csv_text(text).into_owned())
        .collect();
        record.extend(columns.iter().map(|&p| row.items[p].to_string()));
        record.push(row.targets.to_string());
        record.push(format!(
            "{}.{:02}",
            row.money / 100,
            (row.money % 100).abs()
        ));
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail"))
        .expect("CSV of UTF-8 text is UTF-8")
}

pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".to_owned();
    }
    format!("{}%", part * 100 / whole)
}
