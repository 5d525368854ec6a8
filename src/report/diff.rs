//! `planalign diff`: the refresh worklist as text for people, one JSON object for tools (as
//! DESIGN specifies), Markdown for a pull request or a committee paper, and an HTML report in
//! the page of the Cabinet report. Plan text goes out through `escape` for each format (maud
//! escapes it in HTML).

use maud::{Markup, html};
use serde::Serialize;

use super::escape::{markdown, markdown_code, markdown_message, terminal, terminal_line};
use crate::diff::{At, Change, Diff, Level, MoneyRow, Side};
use crate::engine::Summary;
use crate::parse::values::format_money;

/// The changes grouped by plan, in the order they are sorted (the Corporate Plan first).
fn by_plan(diff: &Diff) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for change in &diff.changes {
        match groups.last_mut() {
            Some((plan, changes)) if *plan == change.plan => changes.push(change),
            _ => groups.push((&change.plan, vec![change])),
        }
    }
    groups
}

/// A plan's title, from the new side if it is there.
fn plan_title<'a>(diff: &'a Diff, id: &str) -> Option<&'a str> {
    [&diff.new, &diff.old].into_iter().find_map(|side| {
        side.model()
            .plans
            .iter()
            .find(|p| p.id == id && p.declared)
            .map(|p| p.title.as_str())
    })
}

fn at_text(at: &At) -> String {
    format!("{}:{}:{}", at.file, at.line, at.column)
}

/// Where a change is seen, and on which side.
fn where_seen(change: &Change) -> String {
    match (&change.new_at, &change.old_at) {
        (Some(at), _) => at_text(at),
        (None, Some(at)) => format!("{} (old side)", at_text(at)),
        (None, None) => String::new(),
    }
}

fn level_mark(level: Level) -> &'static str {
    match level {
        Level::Breaking => "✖ breaking",
        Level::Review => "▲ review",
        Level::Info => "· info",
    }
}

/// "2 breaking, 5 to review, 9 for information".
pub fn counts(diff: &Diff) -> String {
    format!(
        "{} breaking, {} to review, {} for information",
        diff.count(Level::Breaking),
        diff.count(Level::Review),
        diff.count(Level::Info)
    )
}

fn side_summary(side: &Side) -> String {
    let s = side.outcome.summary;
    format!("{} plans, {} items", s.plans, s.items)
}

pub fn human(diff: &Diff) -> String {
    let mut out = format!(
        "Refresh from {} to {}, as of {}\n",
        terminal_line(&diff.old.source),
        terminal_line(&diff.new.source),
        diff.as_of
    );
    for (plan, changes) in by_plan(diff) {
        let title = plan_title(diff, plan).unwrap_or("");
        out.push_str(&format!(
            "\n{} \"{}\"\n",
            terminal_line(plan),
            terminal_line(title)
        ));
        for change in changes {
            out.push_str(&format!(
                "  {:<10}  {}  {}\n",
                level_mark(change.level),
                change.class.as_str(),
                terminal_line(&where_seen(change))
            ));
            out.push_str(&format!("      {}\n", terminal(&change.message)));
            if let Some(evidence) = change.evidence.as_deref().filter(|_| !change.possible) {
                out.push_str(&format!("      evidence: {}\n", terminal_line(evidence)));
            }
        }
    }
    if diff.changes.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    out.push_str(&format!(
        "\nplanalign diff: {} (old: {}; new: {})\n",
        counts(diff),
        side_summary(&diff.old),
        side_summary(&diff.new)
    ));
    out
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    as_of: String,
    old: SideDoc<'a>,
    new: SideDoc<'a>,
    summary: Totals,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct SideDoc<'a> {
    source: &'a str,
    summary: Summary,
}

#[derive(Serialize)]
struct Totals {
    breaking: usize,
    review: usize,
    info: usize,
}

fn side_doc(side: &Side) -> SideDoc<'_> {
    SideDoc {
        source: &side.source,
        summary: side.outcome.summary,
    }
}

pub fn json(diff: &Diff) -> String {
    let document = Document {
        version: 1,
        as_of: diff.as_of.to_string(),
        old: side_doc(&diff.old),
        new: side_doc(&diff.new),
        summary: Totals {
            breaking: diff.count(Level::Breaking),
            review: diff.count(Level::Review),
            info: diff.count(Level::Info),
        },
        changes: &diff.changes,
    };
    let mut out = serde_json::to_string_pretty(&document).expect("changes serialize to JSON");
    out.push('\n');
    out
}

/// An id and title as one cell, or a dash.
fn money_name(name: Option<&(String, String)>) -> String {
    name.map_or_else(
        || "—".to_owned(),
        |(id, title)| format!("{} {}", markdown_code(id), markdown(title)),
    )
}

/// The money per priority table, old and new.
fn money_table(rows: &[MoneyRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "### Money per Corporate Plan priority\n\n| Last year | This year | Last year (£) | This year (£) | Change (£) |\n|---|---|---:|---:|---:|\n",
    );
    for row in rows {
        let change = row.new_amount - row.old_amount;
        out.push_str(&format!(
            "| {} | {} | {} | {} | {}{} |\n",
            money_name(row.old.as_ref()),
            money_name(row.new.as_ref()),
            format_money(row.old_amount),
            format_money(row.new_amount),
            if change > 0 { "+" } else { "" },
            format_money(change)
        ));
    }
    out.push('\n');
    out
}

pub fn markdown_report(diff: &Diff) -> String {
    let mut out = format!(
        "## planalign diff: {}\n\nFrom {} to {}, as of {}. Last year: {}; this year: {}.\n\n",
        counts(diff),
        markdown_code(&diff.old.source),
        markdown_code(&diff.new.source),
        diff.as_of,
        side_summary(&diff.old),
        side_summary(&diff.new)
    );
    out.push_str(&money_table(&diff.money));
    for (plan, changes) in by_plan(diff) {
        let title = plan_title(diff, plan).unwrap_or("");
        out.push_str(&format!(
            "### {} {}\n\n| Level | Change | Where | What to do |\n|---|---|---|---|\n",
            markdown(plan),
            markdown(title)
        ));
        for change in changes {
            let mut what = markdown_message(&change.message);
            if let Some(evidence) = change.evidence.as_deref().filter(|_| !change.possible) {
                what.push_str(&format!(" Evidence: {}.", markdown_message(evidence)));
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                level_mark(change.level),
                markdown_code(change.class.as_str()),
                markdown_code(&where_seen(change)),
                what
            ));
        }
        out.push('\n');
    }
    out
}

/// A level as the Cabinet report shows a severity: its colour, a shape and a word.
fn level_status(level: Level) -> Markup {
    let (class, shape, word) = match level {
        Level::Breaking => ("error", "✖", "Breaking"),
        Level::Review => ("warning", "▲", "Review"),
        Level::Info => ("note", "●", "Info"),
    };
    html! { span class={ "status " (class) } { span aria-hidden="true" { (shape) " " } (word) } }
}

/// `--format html -o FILE`: the refresh report, in the page and style of the Cabinet report.
/// maud escapes every piece of plan text.
pub fn html(diff: &Diff) -> String {
    let title = match plan_title(diff, diff.root_plan().unwrap_or("")) {
        Some(t) => format!("Refresh report: {t}"),
        None => "Refresh report".to_owned(),
    };
    let meta = html! {
        "Compared by planalign as of " (diff.as_of.format("%-d %B %Y").to_string()) ": "
        (diff.old.source) " (" (side_summary(&diff.old)) ") with "
        (diff.new.source) " (" (side_summary(&diff.new)) ")."
    };
    let counts = [
        (Level::Breaking, "error", "breaking: must be put right"),
        (Level::Review, "warning", "to review"),
        (Level::Info, "note", "for information"),
    ];
    let main = html! {
        section aria-labelledby="summary" {
            h2 id="summary" { "Summary" }
            ul.counts {
                @for (level, class, words) in counts {
                    li class=(class) { strong { (diff.count(level)) } (words) }
                }
            }
        }
        @if !diff.money.is_empty() {
            section aria-labelledby="money" {
                h2 id="money" { "Money per Corporate Plan priority" }
                table {
                    caption { "Money attributed to each priority, last year and this year" }
                    thead { tr {
                        th scope="col" { "Last year" } th scope="col" { "This year" }
                        th.n scope="col" { "Last year (£)" } th.n scope="col" { "This year (£)" }
                        th.n scope="col" { "Change (£)" }
                    } }
                    tbody {
                        @for row in &diff.money {
                            tr {
                                td { (html_name(row.old.as_ref())) }
                                td { (html_name(row.new.as_ref())) }
                                td.n { (format_money(row.old_amount)) }
                                td.n { (format_money(row.new_amount)) }
                                td.n { (format_money(row.new_amount - row.old_amount)) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="changes" {
            h2 id="changes" tabindex="-1" { "Changes by plan" }
            @if diff.changes.is_empty() { p { "planalign found no changes." } }
            @for (plan, changes) in by_plan(diff) {
                h3 { (plan) @if let Some(t) = plan_title(diff, plan) { " " (t) } }
                table {
                    caption { (changes.len()) @if changes.len() == 1 { " change" } @else { " changes" } " in " (plan) }
                    thead { tr {
                        th scope="col" { "Level" } th scope="col" { "Change" }
                        th scope="col" { "Where" } th scope="col" { "What changed and what to do" }
                    } }
                    tbody {
                        @for c in changes {
                            tr {
                                td { (level_status(c.level)) }
                                td { code { (c.class.as_str()) } }
                                td { code { (where_seen(c)) } }
                                td {
                                    (c.message)
                                    @if let Some(evidence) = c.evidence.as_deref().filter(|_| !c.possible) {
                                        br; span.meta { "Evidence: " (evidence) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    super::html::page(&title, ("#changes", "Skip to the changes"), &meta, &main)
}

fn html_name(name: Option<&(String, String)>) -> Markup {
    html! {
        @match name {
            Some((id, title)) => { code { (id) } " " (title) }
            None => span.none { "none" },
        }
    }
}
