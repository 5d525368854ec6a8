//! What every report reads and how each writes itself: the one [`Report`] value, the
//! [`Render`] trait, a finding's position as reports show it, and the counts of findings.

use std::cell::OnceCell;
use std::io;

use chrono::NaiveDate;

use crate::baseline::Applied;
use crate::engine::{Outcome, Summary};
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::rules::RuleSet;
use crate::source::Sources;
use crate::view::coverage::{self as coverage_view, Coverage};
use crate::view::money::{self, Attribution};

/// Everything a report reads: the findings and where they point, the rules, the counts, and
/// for the views the model with the money and coverage worked out from it when first asked.
pub struct Report<'a> {
    pub as_of: NaiveDate,
    pub sources: &'a Sources,
    pub rules: &'a RuleSet,
    pub model: &'a Model,
    pub findings: &'a [Finding],
    pub summary: Summary,
    /// What a `--baseline` left out, if one was applied.
    pub baseline: Option<&'a Applied>,
    /// Where the plans repository lies in its git repository, ending in `/` (or empty).
    pub git_prefix: &'a str,
    money: OnceCell<Attribution>,
    coverage: OnceCell<Coverage>,
}

impl<'a> From<&'a Outcome> for Report<'a> {
    fn from(outcome: &'a Outcome) -> Self {
        Report {
            as_of: outcome.as_of,
            sources: &outcome.sources,
            rules: &outcome.rules,
            model: &outcome.model,
            findings: &outcome.findings,
            summary: outcome.summary,
            baseline: outcome.baseline.as_ref(),
            git_prefix: &outcome.git_prefix,
            money: OnceCell::new(),
            coverage: OnceCell::new(),
        }
    }
}

impl Report<'_> {
    /// The money attributed to each item.
    pub fn money(&self) -> &Attribution {
        self.money.get_or_init(|| money::attribute(self.model))
    }

    /// The Corporate Plan's priorities and objectives against the plans.
    pub fn coverage(&self) -> &Coverage {
        self.coverage
            .get_or_init(|| coverage_view::coverage(self.model, self.money()))
    }
}

/// A format: writes a report to any `io::Write`.
pub trait Render {
    fn render(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()>;
}

/// A format that makes its text whole and then writes it: every format today.
impl<F: Fn(&Report) -> String> Render for F {
    fn render(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(self(report).as_bytes())
    }
}

/// Text already made, such as a message saying where a report was written.
impl Render for String {
    fn render(&self, _: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(self.as_bytes())
    }
}

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

/// A file's name from the git repository's root, for code scanning and annotations: the
/// plans repository's folder in it before the name. A file outside the plans repository
/// keeps its absolute name.
pub fn from_git_root(prefix: &str, file: &str) -> String {
    if file.starts_with('/') {
        file.to_owned()
    } else {
        format!("{prefix}{file}")
    }
}

/// "1 error, 3 warnings" and the like, leaving out counts of zero (but never saying nothing).
pub fn counts(findings: &[Finding]) -> String {
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .filter_map(|severity| {
            let n = findings.iter().filter(|f| f.severity == severity).count();
            (n > 0).then(|| severity.count(n))
        })
        .collect();
    if parts.is_empty() {
        "no problems".to_owned()
    } else {
        parts.join(", ")
    }
}
