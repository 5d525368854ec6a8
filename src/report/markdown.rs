//! `--format markdown`: a summary for a pull-request comment or a CI job summary: the counts,
//! a table of findings, and how far each Corporate Plan priority is taken up by other plans.

use super::location;
use crate::engine::Outcome;
use crate::finding::Severity;

pub fn render(outcome: &Outcome) -> String {
    let s = outcome.summary;
    let mut out = format!(
        "## planalign: {}\n\n{} plans, {} items in {} files, checked as of {}.\n\n",
        super::counts(&outcome.findings),
        s.plans,
        s.items,
        s.files,
        outcome.as_of
    );
    if !outcome.findings.is_empty() {
        out.push_str("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n");
        for f in &outcome.findings {
            let at = location(&outcome.sources, f.span);
            let mark = match f.severity {
                Severity::Error => "✖ error",
                Severity::Warning => "⚠ warning",
                Severity::Note | Severity::Off => "ℹ note",
            };
            out.push_str(&format!(
                "| {mark} | `{}` | `{}:{}:{}` | {} |\n",
                f.rule,
                at.file,
                at.line,
                at.column,
                cell(&f.message)
            ));
        }
        out.push('\n');
    }
    out.push_str(&coverage(outcome));
    out
}

/// Each root priority with the items that lead up to it and the plans they come from.
fn coverage(outcome: &Outcome) -> String {
    let model = &outcome.model;
    let priorities = model.root_priorities();
    if priorities.is_empty() {
        return String::new();
    }
    let budget_line = model.schema.kind("budget-line");
    let target = model.schema.kind("target");
    let mut out = String::from(
        "### Corporate Plan priorities\n\n| Priority | Items leading up to it | Targets | Budget lines | Plans |\n|---|---:|---:|---:|---|\n",
    );
    for priority in priorities {
        let node = model.node(priority);
        let contributors = model.contributors(priority);
        let count = |kind| {
            contributors
                .iter()
                .filter(|&&c| {
                    model.node(c).item.kind_id.is_some() && model.node(c).item.kind_id == kind
                })
                .count()
        };
        let mut plans: Vec<&str> = contributors
            .iter()
            .map(|&c| model.plan_of(c).id.as_str())
            .filter(|p| Some(*p) != model.root.map(|r| model.plans[r].id.as_str()))
            .collect();
        plans.sort_unstable();
        plans.dedup();
        let plans = if plans.is_empty() {
            "none".to_owned()
        } else {
            plans.join(", ")
        };
        out.push_str(&format!(
            "| {} {} | {} | {} | {} | {} |\n",
            node.item.id,
            cell(&node.item.title),
            contributors.len(),
            count(target),
            count(budget_line),
            plans
        ));
    }
    out
}

/// Text that is safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}
