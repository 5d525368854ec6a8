//! Output formats. Each reads one `Report` and writes itself to any `io::Write` through the
//! `Render` trait; the formats of each command are told apart in one place, here. A new
//! format is one new file, plus its arm in the dispatch below and its name in `cli.rs`.

pub mod coverage;
pub mod diff;
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

mod escape;
mod shared;

pub use shared::{Location, Render, Report, counts, location};

use petgraph::graph::NodeIndex;

use crate::cli::{CoverageFormat, Format, GraphFormat, TraceFormat};

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
