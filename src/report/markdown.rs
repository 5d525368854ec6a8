//! `--format markdown`: a summary for a pull-request comment or a CI job summary: the counts,
//! a table of findings, and how far each Corporate Plan priority is taken up by other plans.
//! Every piece of plan text goes in through `escape` (text, code span or message), so that a
//! plan cannot add cells, HTML, links, images or mentions to a pull-request comment.

use super::escape::{markdown, markdown_code, markdown_message};
use super::shared::{Report, location};

pub fn render(report: &Report) -> String {
    let s = report.summary;
    let mut out = format!(
        "## planalign: {}\n\n{} plans, {} items in {} files, checked as of {}.\n\n",
        super::shared::counts(report.findings),
        s.plans,
        s.items,
        s.files,
        report.as_of
    );
    if !report.findings.is_empty() {
        out.push_str("| Severity | Rule | Where | Finding |\n|---|---|---|---|\n");
        for f in report.findings {
            let at = location(report.sources, f.span);
            let mark = format!("{} {}", f.severity.symbol(), f.severity.noun());
            out.push_str(&format!(
                "| {mark} | {} | {} | {} |\n",
                markdown_code(f.rule.as_str()),
                markdown_code(&format!("{}:{}:{}", at.file, at.line, at.column)),
                markdown_message(&f.message)
            ));
        }
        out.push('\n');
    }
    out.push_str(&coverage(report));
    out
}

/// Each root priority with the items that lead up to it and the plans they come from, from
/// the same coverage as the other reports.
fn coverage(report: &Report) -> String {
    let coverage = report.coverage();
    let mut priorities = coverage
        .rows
        .iter()
        .filter(|r| r.priority.is_none())
        .peekable();
    if priorities.peek().is_none() {
        return String::new();
    }
    let root = report.model.root.map(|r| coverage.plans[r].id.as_str());
    let mut out = String::from(
        "### Corporate Plan priorities\n\n| Priority | Items leading up to it | Targets | Budget lines | Plans |\n|---|---:|---:|---:|---|\n",
    );
    for row in priorities {
        // By id, as a plan whose id is taken twice is one name to the reader.
        let mut plans: Vec<&str> = row
            .items
            .iter()
            .zip(&coverage.plans)
            .filter(|(n, plan)| **n > 0 && Some(plan.id.as_str()) != root)
            .map(|(_, plan)| plan.id.as_str())
            .collect();
        plans.sort_unstable();
        plans.dedup();
        let plans = if plans.is_empty() {
            "none".to_owned()
        } else {
            plans
                .iter()
                .map(|p| markdown(p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} {} | {} | {} | {} | {} |\n",
            markdown(&row.id),
            markdown(&row.title),
            row.items.iter().sum::<usize>(),
            row.targets,
            row.budget_lines,
            plans
        ));
    }
    out
}
