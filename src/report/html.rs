//! `planalign report -o FILE.html`: the Cabinet report. One self-contained file (inline CSS
//! and SVG, no scripts, no network requests) that meets WCAG 2.2 AA: a heading structure,
//! table headers, text contrast of at least 4.5:1, status shown by symbol and word as well as
//! colour, and nothing that needs a mouse. maud escapes every piece of plan text.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::coverage::percent;
use super::shared::{Report, location};
use crate::finding::Severity;
use crate::parse::values::format_money;
use crate::view::coverage::Coverage;
use crate::view::trace::{Step, trace};

const STYLE: &str = r#"
:root { color: #1b1b1b; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
a { color: #1d4e89; }
a:focus, summary:focus { outline: 3px solid #1d4e89; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; }
h1 { font-size: 1.9rem; margin-bottom: 0.25rem; }
h2 { border-bottom: 2px solid #1b1b1b; padding-bottom: 0.2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { border: 1px solid #6b6b6b; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.objective th { font-weight: normal; padding-left: 1.5rem; }
.error { color: #a4001d; }
.warning { color: #6e4400; }
.note { color: #1d4e89; }
.none { color: #595959; }
.status { font-weight: 600; white-space: nowrap; }
.counts { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }
.counts li { border: 2px solid #6b6b6b; border-radius: 4px; padding: 0.5rem 1rem; min-width: 9rem; }
.counts strong { display: block; font-size: 1.6rem; }
.thread ul { list-style: none; margin: 0; padding-left: 1.25rem; border-left: 2px solid #b3b3b3; }
.thread > ul { border-left: none; padding-left: 0; }
.thread li { margin: 0.2rem 0; }
.meta { color: #4a4a4a; }
code { font-size: 0.95em; white-space: nowrap; }
svg text { font-family: inherit; fill: #1b1b1b; }
"#;

pub fn render(report: &Report) -> String {
    let model = report.model;
    let coverage = report.coverage();
    let root = model.root.map(|r| &model.plans[r]);
    let title = match root {
        Some(plan) => format!("Plan alignment report: {}", plan.title),
        None => "Plan alignment report".to_owned(),
    };
    let meta = html! {
        "Checked by planalign as of " (report.as_of.format("%-d %B %Y").to_string())
        ": " (report.summary.plans) " plans, " (report.summary.items) " items."
    };
    let main = html! {
        (summary(report))
        (findings(report))
        (matrix(report, coverage))
        (money_chart(coverage))
        (threads(report))
        (plans(coverage))
    };
    page(&title, ("#findings", "Skip to the findings"), &meta, &main)
}

/// A whole report page: one self-contained file with the report's style, a link past the
/// header to `skip.0`, the title, a line about the check, and the main content.
pub(super) fn page(title: &str, skip: (&str, &str), meta: &Markup, main: &Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href=(skip.0) { (skip.1) }
                header {
                    h1 { (title) }
                    p.meta { (meta) }
                }
                main { (main) }
            }
        }
    };
    page.into_string()
}

fn status(severity: Severity) -> Markup {
    html! { span class={ "status " (severity.noun()) } { span aria-hidden="true" { (severity.shape()) " " } (severity.title()) } }
}

fn summary(report: &Report) -> Markup {
    let s = report.summary;
    let money = report.money();
    let (error, warning, note) = (Severity::Error, Severity::Warning, Severity::Note);
    let traced = money.traced.iter().filter(|t| **t).count();
    html! {
        section aria-labelledby="summary" {
            h2 id="summary" { "Summary" }
            ul.counts {
                li.error { span aria-hidden="true" { (error.shape()) " " } strong { (s.errors) } (error.plural()) ": must be fixed" }
                li.warning { span aria-hidden="true" { (warning.shape()) " " } strong { (s.warnings) } (warning.plural()) ": should be looked at" }
                li.note { span aria-hidden="true" { (note.shape()) " " } strong { (s.notes) } (note.plural()) }
            }
            p {
                (traced) " of " (s.items) " items (" (percent(traced, s.items)) ") trace to a Corporate Plan priority. "
                "Budget lines that trace total " (format_money(money.traced_total)) "."
            }
        }
    }
}

fn findings(report: &Report) -> Markup {
    let model = report.model;
    let mut groups: Vec<(String, Vec<&crate::finding::Finding>)> = Vec::new();
    for f in report.findings {
        let key = f.plan.clone().unwrap_or_else(|| "Other files".to_owned());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    html! {
        section aria-labelledby="findings" {
            h2 id="findings" tabindex="-1" { "Findings by plan" }
            @if groups.is_empty() {
                p { "planalign found nothing to report." }
            }
            @for (plan, list) in &groups {
                @let plan_title = model.plans.iter().find(|p| p.id == plan).map(|p| p.title.clone());
                h3 { (plan) @if let Some(t) = &plan_title { " " (t) } }
                table {
                    caption { (list.len()) @if list.len() == 1 { " finding" } @else { " findings" } " in " (plan) }
                    thead { tr { th scope="col" { "Status" } th scope="col" { "Rule" } th scope="col" { "Where" } th scope="col" { "Finding and what to do" } } }
                    tbody {
                        @for f in list {
                            @let at = location(report.sources, f.span);
                            tr {
                                td { (status(f.severity)) }
                                td { code { (f.rule.as_str()) } }
                                td { code { (at.file) ":" (at.line) } }
                                td { (f.message) @if let Some(help) = &f.help { br; span.meta { (help) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn matrix(report: &Report, coverage: &Coverage) -> Markup {
    let columns = coverage.columns(report.model);
    html! {
        section aria-labelledby="coverage" {
            h2 id="coverage" { "Coverage of the Corporate Plan" }
            p { "How many items of each plan lead up to each priority and objective, the targets that measure it, and the money attributed to it (a budget line's amount is divided at each fork, never counted twice)." }
            table {
                caption { "Items leading up to each priority and objective, by plan" }
                thead {
                    tr {
                        th scope="col" { "Priority or objective" }
                        @for &p in &columns { th.n scope="col" { abbr title=(coverage.plans[p].title) { (coverage.plans[p].id) } } }
                        th.n scope="col" { "Targets" }
                        th.n scope="col" { "Money" }
                    }
                }
                tbody {
                    @for row in &coverage.rows {
                        tr class=[row.priority.as_ref().map(|_| "objective")] {
                            th scope="row" { (row.id) " " (row.title) }
                            @for &p in &columns { td.n { (row.items[p]) } }
                            td.n { (row.targets) }
                            td.n { (format_money(row.money)) }
                        }
                    }
                }
            }
        }
    }
}

fn money_chart(coverage: &Coverage) -> Markup {
    let priorities: Vec<_> = coverage
        .rows
        .iter()
        .filter(|r| r.priority.is_none())
        .collect();
    let largest = priorities.iter().map(|r| r.money).max().unwrap_or(0).max(1);
    let bar_height = 28;
    let height = priorities.len() * (bar_height + 12) + 10;
    html! {
        section aria-labelledby="money" {
            h2 id="money" { "Money per priority" }
            svg role="img" aria-labelledby="money-title" width="100%" height=(height) viewBox={ "0 0 720 " (height) } {
                title id="money-title" { "Money attributed to each Corporate Plan priority; the same figures are in the table below." }
                @for (i, row) in priorities.iter().enumerate() {
                    @let y = 5 + i * (bar_height + 12);
                    @let width = i128::from(row.money.max(0)) * 380 / i128::from(largest);
                    text x="0" y=(y + 19) { (row.id) }
                    rect x="70" y=(y) width=(width.max(1)) height=(bar_height) fill="#1d4e89" {}
                    text x=(80 + width) y=(y + 19) { (format_money(row.money)) " " (row.title) }
                }
            }
            table {
                caption { "Money attributed to each priority" }
                thead { tr { th scope="col" { "Priority" } th.n scope="col" { "Money" } th.n scope="col" { "Share" } } }
                tbody {
                    @for row in &priorities {
                        tr {
                            th scope="row" { (row.id) " " (row.title) }
                            td.n { (format_money(row.money)) }
                            td.n { (share(row.money, coverage.traced_budget)) }
                        }
                    }
                }
            }
        }
    }
}

fn share(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "-".to_owned();
    }
    format!("{}%", i128::from(part) * 100 / i128::from(whole))
}

fn threads(report: &Report) -> Markup {
    let model = report.model;
    let money = report.money();
    html! {
        section aria-labelledby="threads" {
            h2 id="threads" { "The golden thread of each priority" }
            p { "Everything that leads up to each priority, link by link. Items shown once already are marked “shown above”." }
            @for priority in model.root_priorities() {
                @let t = trace(model, money, priority);
                h3 { (t.item.id) " " (t.item.title) }
                div.thread {
                    @if t.down.is_empty() {
                        p { "Nothing leads up to this priority." }
                    } @else {
                        (branch(&t.down))
                    }
                }
            }
        }
    }
}

fn branch(steps: &[Step]) -> Markup {
    html! {
        ul {
            @for s in steps {
                li {
                    span.meta { (s.relation.as_deref().unwrap_or("")) " " }
                    strong { (s.id) } " " (s.title) " "
                    span.meta { "(" (s.kind) ", " (s.plan) @if s.money != 0 { ", " (format_money(s.money)) } ")" }
                    @if s.repeated { " " em { "shown above" } }
                    @if !s.children.is_empty() { (branch(&s.children)) }
                }
            }
        }
    }
}

fn plans(coverage: &Coverage) -> Markup {
    html! {
        section aria-labelledby="plans" {
            h2 id="plans" { "Plans" }
            table {
                caption { "Share of each plan's items that trace to a Corporate Plan priority" }
                thead { tr { th scope="col" { "Plan" } th.n scope="col" { "Items" } th.n scope="col" { "Trace" } th.n scope="col" { "Share" } } }
                tbody {
                    @for p in &coverage.plans {
                        tr {
                            th scope="row" { (p.id) " " (p.title) }
                            td.n { (p.items) }
                            td.n { (p.traced) }
                            td.n { (percent(p.traced, p.items)) }
                        }
                    }
                }
            }
        }
    }
}
