//! `--format github`: GitHub Actions workflow commands, one per finding, so that findings
//! appear as annotations on the changed lines of a pull request.

use super::shared::{Report, from_git_root, location};
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let at = location(report.sources, finding.span);
        // Workflow commands call a note a notice.
        let command = match finding.severity.shown() {
            Severity::Note => "notice",
            severity => severity.noun(),
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push('\n');
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&from_git_root(report.git_prefix, at.file)),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            property(&format!("planalign {}", finding.rule.as_str())),
            data(&message)
        ));
    }
    out
}

/// Escapes a command's message, as the workflow command syntax requires.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property, which may not contain `:` or `,` either.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_workflow_commands_require() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
