//! Output formats. Each reads the same findings; a new format is one new file.

pub mod coverage;
pub mod github;
pub mod graph;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod rules;
pub mod sarif;
pub mod trace;

use crate::finding::Finding;
use crate::source::Sources;

/// A finding's position, as reports show it: file, 1-based line and column of its start and
/// of its end (the end column is the one just after the last character).
pub struct Location<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn location<'a>(sources: &'a Sources, span: crate::source::Span) -> Location<'a> {
    let file = sources.get(span.file);
    let start = file.position(span.start());
    let end = file.position(span.end());
    Location {
        file: &file.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// "1 error, 3 warnings" and the like, leaving out counts of zero (but never saying nothing).
pub fn counts(findings: &[Finding]) -> String {
    use crate::finding::Severity;
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Note, "note"),
    ]
    .iter()
    .filter_map(|(severity, word)| {
        let n = findings.iter().filter(|f| f.severity == *severity).count();
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    })
    .collect();
    if parts.is_empty() {
        "no problems".to_owned()
    } else {
        parts.join(", ")
    }
}

/// What `planalign init` did, file by file.
pub fn init(done: &[(String, bool)], dir: &std::path::Path) -> String {
    let mut out = String::new();
    for (file, created) in done {
        let what = if *created {
            "created"
        } else {
            "kept the existing"
        };
        out.push_str(&format!("{what} {file}\n"));
    }
    out.push_str(&format!(
        "\nNext: edit the example plans, then run `planalign check {}`.\n",
        dir.display()
    ));
    out
}
