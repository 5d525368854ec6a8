//! The whole check over a small repository made from the input (`split_files`: a line
//! `===== NAME` starts each file), held in memory; then every report of every command is
//! written, to a buffer.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use petgraph::graph::NodeIndex;
use planalign::cli::{CoverageFormat, Format, GraphFormat, TraceFormat};
use planalign::engine::{CheckOptions, check};
use planalign::report::{self, Render, Report, human::Style};
use planalign::snapshot::memory::Memory;

fuzz_target!(|data: &[u8]| {
    let memory: Memory = planalign_fuzz::split_files(data).into_iter().collect();
    let options = CheckOptions {
        as_of: NaiveDate::from_ymd_opt(2011, 1, 4).expect("a date"),
        severity: Vec::new(),
    };
    let Ok(outcome) = check(&memory, &options) else {
        return;
    };
    planalign_fuzz::check_findings(&outcome.sources, &outcome.findings);
    let report = Report::from(&outcome);
    let style = Style {
        color: false,
        width: 80,
    };
    let mut renders: Vec<Box<dyn Render>> = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Markdown,
    ]
    .into_iter()
    .map(|format| report::check(format, style))
    .collect();
    renders.extend(
        [
            CoverageFormat::Human,
            CoverageFormat::Json,
            CoverageFormat::Csv,
        ]
        .into_iter()
        .map(report::coverage),
    );
    let nodes = outcome.model.nodes.len();
    let around = (nodes > 0).then(|| NodeIndex::new(nodes / 2));
    for format in [GraphFormat::Dot, GraphFormat::Mermaid] {
        renders.push(report::graph(format, None, 0));
        renders.push(report::graph(format, around, 2));
    }
    if let Some(item) = around {
        renders.push(report::trace(TraceFormat::Human, item));
        renders.push(report::trace(TraceFormat::Json, item));
    }
    renders.push(Box::new(report::html::render));
    let mut out = Vec::new();
    for render in &renders {
        render.render(&report, &mut out).expect("writing to memory");
        out.clear();
    }
});
