//! `--format junit`: JUnit XML for CI systems other than GitHub, through quick-junit. Each
//! rule is a test case, skipped when it is off. A rule whose findings are errors fails, and
//! its failure lists each finding, one per line, and counts them (JUnit allows one failure
//! per test case). Warnings and notes do not fail the build, so a rule that finds only those
//! passes, with its findings listed in the test case's output.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::shared::{Report, location};
use crate::finding::{Finding, Severity};

pub fn render(report: &Report) -> String {
    let mut suite = TestSuite::new("planalign");
    for rule in &report.rules.rules {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == rule.id.as_str())
            .collect();
        let lines = || {
            let lines: Vec<String> = findings.iter().map(|f| line(report, f)).collect();
            lines.join("\n")
        };
        let mut output = None;
        let status = if rule.severity == Severity::Off {
            TestCaseStatus::skipped()
        } else if findings.iter().any(|f| f.severity == Severity::Error) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_type(Severity::Error.as_str());
            status.set_message(format!(
                "{} finding{}: {}",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                rule.title
            ));
            status.set_description(lines());
            status
        } else {
            if !findings.is_empty() {
                output = Some(lines());
            }
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(rule.id.as_str(), status);
        case.set_classname("planalign");
        if let Some(output) = output {
            case.set_system_out(output);
        }
        suite.add_test_case(case);
    }
    let mut junit = JunitReport::new("planalign");
    junit.add_test_suite(suite);
    let mut text = junit.to_string().expect("JUnit XML serializes");
    text.push('\n');
    text
}

/// One finding as a line of a failure or of a passing case's output.
fn line(report: &Report, finding: &Finding) -> String {
    let at = location(report.sources, finding.span);
    format!(
        "{}:{}:{}: {}: {}",
        at.file,
        at.line,
        at.column,
        finding.severity.as_str(),
        finding.message
    )
}
