//! Output formats. Each reads one `Report` and writes itself to any `io::Write` through the
//! `Render` trait; the formats of each command are told apart in one place, here. A new
//! format is one new file, plus its arm in the dispatch below and its name in `cli.rs`.

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

use std::cell::OnceCell;
use std::io;

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;

use crate::baseline::Applied;
use crate::cli::{CoverageFormat, Format, GraphFormat, TraceFormat};
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

/// `planalign check --format`: the findings in each format.
pub fn check(format: Format, style: human::Style) -> Box<dyn Render> {
    match format {
        Format::Human => Box::new(move |r: &Report| human::text(r, style)),
        Format::Json => Box::new(json::render),
        Format::Sarif => Box::new(sarif::render),
        Format::Junit => Box::new(junit::render),
        Format::Github => Box::new(github::render),
        Format::Markdown => Box::new(markdown::render),
    }
}

/// `planalign coverage --format`.
pub fn coverage(format: CoverageFormat) -> Box<dyn Render> {
    match format {
        CoverageFormat::Human => Box::new(coverage::human),
        CoverageFormat::Json => Box::new(coverage::json),
        CoverageFormat::Csv => Box::new(coverage::csv),
    }
}

/// `planalign trace ID --format`.
pub fn trace(format: TraceFormat, item: NodeIndex) -> Box<dyn Render> {
    match format {
        TraceFormat::Human => Box::new(move |r: &Report| trace::human(r, item)),
        TraceFormat::Json => Box::new(move |r: &Report| trace::json(r, item)),
    }
}

/// `planalign graph --format`, whole or within `depth` links of one item.
pub fn graph(format: GraphFormat, around: Option<NodeIndex>, depth: usize) -> Box<dyn Render> {
    match format {
        GraphFormat::Dot => Box::new(move |r: &Report| graph::dot(r, around, depth)),
        GraphFormat::Mermaid => Box::new(move |r: &Report| graph::mermaid(r, around, depth)),
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

#[cfg(test)]
mod tests {
    use crate::finding::Severity;

    #[test]
    fn severities_are_named_in_one_place() {
        assert_eq!(Severity::Error.count(1), "1 error");
        assert_eq!(Severity::Warning.count(3), "3 warnings");
        assert_eq!(Severity::Off.noun(), "note");
        assert_eq!(Severity::Note.title(), "Note");
        assert_eq!(Severity::Warning.symbol(), "⚠");
        assert_eq!(Severity::Warning.shape(), "▲");
        assert_eq!(Severity::Off.pick(1, 2, 3), 3);
    }
}
