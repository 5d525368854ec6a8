//! `planalign report -o FILE.html`: the Cabinet report. One self-contained file (inline CSS
//! and SVG, no scripts, no network requests) that meets WCAG 2.2 AA: a heading structure,
//! table headers, text contrast of at least 4.5:1, status shown by symbol and word as well as
//! colour, and nothing that needs a mouse. maud escapes every piece of plan text.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use petgraph::graph::NodeIndex;

use super::coverage::percent;
use super::shared::{Report, location};
use crate::finding::Severity;
use crate::parse::values::format_money;
use crate::source::Span;
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
@media print {
  :root { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  .skip { display: none; }
  a { color: inherit; text-decoration: none; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  h2, h3 { break-inside: avoid; }
  tr, p, svg, .counts li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; break-after: avoid; }
  tbody tr:first-child { break-before: avoid; }
  code { white-space: normal; }
}
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
    let budget = Budget::of(report);
    let main = html! {
        (summary(report, &budget))
        (findings(report))
        (matrix(report, coverage))
        (money_chart(report, coverage, &budget))
        (threads(report))
        (plans(report, coverage))
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

fn summary(report: &Report, budget: &Budget) -> Markup {
    let s = report.summary;
    let model = report.model;
    let money = report.money();
    let (error, warning, note) = (Severity::Error, Severity::Warning, Severity::Note);
    // Superseded plans are history: their items are neither checked nor counted here.
    let current: Vec<usize> = (0..model.nodes.len())
        .filter(|&i| !model.plans[model.nodes[i].plan].is_superseded())
        .collect();
    let traced = current.iter().filter(|&&i| money.traced[i]).count();
    html! {
        section aria-labelledby="summary" {
            h2 id="summary" { "Summary" }
            ul.counts {
                li.error { span aria-hidden="true" { (error.shape()) " " } strong { (s.errors) } (error.plural()) ": must be fixed" }
                li.warning { span aria-hidden="true" { (warning.shape()) " " } strong { (s.warnings) } (warning.plural()) ": should be looked at" }
                li.note { span aria-hidden="true" { (note.shape()) " " } strong { (s.notes) } (note.plural()) }
            }
            p {
                (traced) " of " (current.len()) " items of the current plans (" (percent(traced, current.len())) ") trace to a Corporate Plan priority. "
                @if budget.lines == 0 {
                    "No current plan has a budget line with an amount."
                } @else if budget.untraced.is_empty() {
                    "The budget lines total " (format_money(budget.whole)) ", all of which traces to a Corporate Plan priority."
                } @else {
                    "The budget lines total " (format_money(budget.whole)) ": "
                    (format_money(money.traced_total)) " (" (share(money.traced_total, budget.whole)) ") traces to a Corporate Plan priority and "
                    (format_money(budget.untraced_total())) " (" (share(budget.untraced_total(), budget.whole)) "), in "
                    (budget.untraced.len()) @if budget.untraced.len() == 1 { " line, does not" } @else { " lines, does not" }
                    " (see " a href="#untraced-money" { "money that does not trace" } ")."
                }
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
                            tr {
                                td { (status(f.severity)) }
                                td { code { (f.rule.as_str()) } }
                                td { (place(report, f.span)) }
                                td { (prose(&f.message)) @if let Some(help) = &f.help { br; span.meta { (prose(help)) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Where a finding is, in plain words: the plan's title and the line, with the file's name
/// below (the file's name alone for a file that is not a plan, such as planalign.yaml).
fn place(report: &Report, span: Span) -> Markup {
    let at = location(report.sources, span);
    let plan = report.model.plans.iter().find(|p| p.span.file == span.file);
    html! {
        @if let Some(plan) = plan {
            (plan.title) ", line\u{a0}" (at.line) br;
            span.meta { (at.file) }
        } @else {
            (at.file) ", line\u{a0}" (at.line)
        }
    }
}

/// Text from a message or help, where `code` is written between backticks as in Markdown:
/// each such piece is shown as code, and a backtick with no partner as itself.
fn prose(text: &str) -> Markup {
    let parts: Vec<&str> = text.split('`').collect();
    // With every backtick paired, the pieces between them are the odd ones, and the last
    // piece is outside.
    let paired = !parts.len().is_multiple_of(2);
    html! {
        @for (i, part) in parts.iter().enumerate() {
            @if i.is_multiple_of(2) {
                (part)
            } @else if paired || i + 1 < parts.len() {
                code { (part) }
            } @else {
                "`" (part)
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

fn money_chart(report: &Report, coverage: &Coverage, budget: &Budget) -> Markup {
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
                thead {
                    tr {
                        th scope="col" { "Priority" }
                        th.n scope="col" { "Money" }
                        th.n scope="col" { "Share of the money that traces" }
                        th.n scope="col" { "Share of the whole budget" }
                    }
                }
                tbody {
                    @for row in &priorities {
                        tr {
                            th scope="row" { (row.id) " " (row.title) }
                            td.n { (format_money(row.money)) }
                            td.n { (share(row.money, coverage.traced_budget)) }
                            td.n { (share(row.money, budget.whole)) }
                        }
                    }
                    @if !budget.untraced.is_empty() {
                        tr {
                            th scope="row" { "Does not trace to a priority" }
                            td.n { (format_money(budget.untraced_total())) }
                            td.n { "-" }
                            td.n { (share(budget.untraced_total(), budget.whole)) }
                        }
                    }
                }
            }
            h3 id="untraced-money" { "Money that does not trace" }
            @if budget.untraced.is_empty() {
                p { "Every budget line traces to a Corporate Plan priority." }
            } @else {
                p {
                    (format_money(budget.untraced_total())) " in " (budget.untraced.len())
                    @if budget.untraced.len() == 1 { " budget line does" } @else { " budget lines does" }
                    " not lead up to a Corporate Plan priority, so it is in no priority's money above. "
                    "The findings say where each line's chain of links stops."
                }
                table {
                    caption { "Budget lines that do not trace to a Corporate Plan priority" }
                    thead { tr { th scope="col" { "Budget line" } th.n scope="col" { "Amount" } th scope="col" { "Where" } } }
                    tbody {
                        @for &(index, amount) in &budget.untraced {
                            @let node = report.model.node(index);
                            tr {
                                th scope="row" { (node.item.id) " " (node.item.title) }
                                td.n { (format_money(amount)) }
                                td { (place(report, node.item.span)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The budget of the current plans: the total of their top-level budget lines, and the
/// lines among them that do not trace, with their amounts.
struct Budget {
    /// How many top-level budget lines with an amount there are.
    lines: usize,
    whole: i64,
    untraced: Vec<(NodeIndex, i64)>,
}

impl Budget {
    fn of(report: &Report) -> Self {
        let model = report.model;
        let money = report.money();
        let mut budget = Budget {
            lines: 0,
            whole: 0,
            untraced: Vec::new(),
        };
        for i in 0..model.nodes.len() {
            let index = NodeIndex::new(i);
            if model.plan_of(index).is_superseded() {
                continue;
            }
            let Some(amount) = model.top_level_amount(index) else {
                continue;
            };
            budget.lines += 1;
            budget.whole = budget.whole.saturating_add(amount);
            if !money.traced[i] {
                budget.untraced.push((index, amount));
            }
        }
        budget
    }

    fn untraced_total(&self) -> i64 {
        self.untraced
            .iter()
            .fold(0, |sum, (_, amount)| sum.saturating_add(*amount))
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

fn plans(report: &Report, coverage: &Coverage) -> Markup {
    let model = report.model;
    html! {
        section aria-labelledby="plans" {
            h2 id="plans" { "Plans" }
            p { "A superseded plan is kept for reference only: its items are not checked, and nothing traces through it." }
            table {
                caption { "Each plan's status and owner, and the share of its items that trace to a Corporate Plan priority" }
                thead {
                    tr {
                        th scope="col" { "Plan" }
                        th scope="col" { "Status" }
                        th scope="col" { "Owner" }
                        th.n scope="col" { "Items" }
                        th.n scope="col" { "Trace" }
                        th.n scope="col" { "Share" }
                    }
                }
                tbody {
                    @for (p, share) in model.plans.iter().zip(&coverage.plans) {
                        tr {
                            th scope="row" { (share.id) " " (share.title) }
                            td { (p.field_str("status").unwrap_or("not given")) }
                            td { (p.field_str("owner").unwrap_or("not given")) }
                            td.n { (share.items) }
                            @if p.is_superseded() {
                                td.n { "-" }
                                td.n { "not checked" }
                            } @else {
                                td.n { (share.traced) }
                                td.n { (percent(share.traced, share.items)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn backticks_become_code_and_plan_text_stays_escaped() {
        let shown = |text: &str| prose(text).into_string();
        assert_eq!(
            shown("Mark it `status: complete` if done"),
            "Mark it <code>status: complete</code> if done"
        );
        assert_eq!(shown("`<b>` & `x"), "<code>&lt;b&gt;</code> &amp; `x");
        assert_eq!(shown("no code"), "no code");
    }
}
