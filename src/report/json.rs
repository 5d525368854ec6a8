//! `--format json`: one object with the summary and every finding, as DESIGN specifies.

use serde::Serialize;

use super::shared::{Report, location};
use crate::engine::Summary;
use crate::finding::Severity;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    as_of: String,
    summary: Summary,
    findings: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    item: Option<&'a str>,
    plan: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

pub fn render(report: &Report) -> String {
    let document = Document {
        version: 1,
        as_of: report.as_of.to_string(),
        summary: report.summary,
        findings: report
            .findings
            .iter()
            .map(|f| {
                let at = location(report.sources, f.span);
                Finding {
                    rule: f.rule.as_str(),
                    severity: f.severity,
                    message: &f.message,
                    help: f.help.as_deref(),
                    item: f.item.as_deref(),
                    plan: f.plan.as_deref(),
                    file: at.file,
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                    related: f
                        .related
                        .iter()
                        .map(|r| {
                            let at = location(report.sources, r.span);
                            Related {
                                file: at.file,
                                line: at.line,
                                column: at.column,
                                message: &r.message,
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&document).expect("findings serialize to JSON");
    out.push('\n');
    out
}
