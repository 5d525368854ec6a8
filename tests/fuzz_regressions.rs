//! Inputs the fuzz targets (`fuzz/`, FUZZING.md) found to break planalign, minimised, each
//! run through the same code path as the target that found it. A test marked `ignore` is a
//! crash not fixed yet: the reason says so.

use chrono::NaiveDate;
use planalign::engine::{CheckOptions, Outcome, check};
use planalign::snapshot::memory::Memory;

fn check_files(files: &[(&str, &str)]) -> Outcome {
    let memory: Memory = files.iter().copied().collect();
    let options = CheckOptions {
        as_of: NaiveDate::from_ymd_opt(2011, 1, 4).unwrap(),
        severity: Vec::new(),
    };
    check(&memory, &options).unwrap()
}

/// The text each `dangling-reference` finding underlines, with the id its message names.
fn dangling(outcome: &Outcome) -> Vec<(String, String)> {
    outcome
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "dangling-reference")
        .map(|f| {
            let text = &outcome.sources.get(f.span.file).text;
            let underlined = text
                .get(f.span.range())
                .unwrap_or("<not on a character boundary>");
            let named = f.message.split(" supports ").nth(1).unwrap_or("");
            let named = named.split(", but").next().unwrap_or("");
            (underlined.to_owned(), named.to_owned())
        })
        .collect()
}

const CORPORATE: &str = "---\nid: CP\ntype: corporate\nstatus: approved\n---\n\
                         ## P {#CP-P1 .priority}\n";

/// Found by the `yaml` target (minimised by hand from
/// `i@: Rfalse]\ntype: risk\nitgms:\n  - id:@: Rfalse]\ntnd: risk\n R  title:tens:C P03−`):
/// the ids of a plain scalar written over more than one line are given spans as if the
/// scalar's text were written as read, but YAML folds the line break and the indent into one
/// space, so every id after the first line is underlined too far left, and may be cut inside
/// a character.
#[test]
#[ignore = "reason: crash found by fuzzing, being fixed (ids of a multi-line plain scalar get spans as if the text were unfolded)"]
fn ids_in_a_multi_line_plain_scalar_are_underlined_where_written() {
    let outcome = check_files(&[
        ("plans/corporate.md", CORPORATE),
        (
            "plans/workforce.yaml",
            "id: WF\ntype: workforce\nitems:\n  - id: WF-1\n    kind: objective\n    \
             supports: CP-P1,\n      CP-P2, B€€€\n",
        ),
    ]);
    let found = dangling(&outcome);
    assert_eq!(found.len(), 2, "{found:?}");
    for (underlined, named) in found {
        assert_eq!(underlined, named);
    }
}
