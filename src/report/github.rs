//! `--format github`: GitHub Actions workflow commands, one per finding, so that findings
//! appear as annotations on the changed lines of a pull request.

use super::location;
use crate::engine::Outcome;
use crate::finding::Severity;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for finding in &outcome.findings {
        let at = location(&outcome.sources, finding.span);
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note | Severity::Off => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push('\n');
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(at.file),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            property(&format!("planalign {}", finding.rule)),
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
