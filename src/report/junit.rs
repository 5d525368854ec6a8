//! `--format junit`: JUnit XML for CI systems other than GitHub, through quick-junit. Each
//! rule is a test case, passing when it finds nothing and skipped when it is off. JUnit allows one failure per test case,
//! so a rule's failure lists each of its findings, one per line, and counts them.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::shared::{Report, location};
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let mut suite = TestSuite::new("planalign");
    for rule in &report.rules.rules {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == rule.id.as_str())
            .collect();
        let status = if rule.severity == Severity::Off {
            TestCaseStatus::skipped()
        } else if findings.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let worst = findings
                .iter()
                .map(|f| f.severity)
                .min()
                .unwrap_or(rule.severity);
            status.set_type(worst.as_str());
            status.set_message(format!(
                "{} finding{}: {}",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                rule.title
            ));
            let lines: Vec<String> = findings
                .iter()
                .map(|f| {
                    let at = location(report.sources, f.span);
                    format!(
                        "{}:{}:{}: {}: {}",
                        at.file,
                        at.line,
                        at.column,
                        f.severity.as_str(),
                        f.message
                    )
                })
                .collect();
            status.set_description(lines.join("\n"));
            status
        };
        let mut case = TestCase::new(rule.id.as_str(), status);
        case.set_classname("planalign");
        suite.add_test_case(case);
    }
    let mut junit = JunitReport::new("planalign");
    junit.add_test_suite(suite);
    let mut text = junit.to_string().expect("JUnit XML serializes");
    text.push('\n');
    text
}
