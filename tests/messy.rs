//! Plans as people really write them (issue 14): text pasted from a word processor, UK
//! dates, tables with a cell missing, money written every which way. Each case is a folder
//! of plans in `tests/fixtures/messy/`, and the whole human report of checking it, every
//! finding and the summary, is kept as a snapshot: each mistake must be reported once, at
//! its own line, and nothing that is fine may be flagged.

mod common;

use common::{fixtures, planalign, run};

/// The human report of checking the case's plans as of 4 January 2011.
fn report(case: &str) -> String {
    let dir = fixtures().join("messy").join(case);
    let ended =
        run(planalign()
            .current_dir(&dir)
            .args(["check", "plans", "--as-of", "2011-01-04"]));
    assert!(matches!(ended.code, 0 | 1), "{case}: {}", ended.stderr);
    format!("{}{}", ended.stdout, ended.stderr)
}

/// Ids with an en dash, a zero-width space and curly quotes: each is named, with the id it
/// was meant to be.
#[test]
fn ids_pasted_from_a_word_processor_name_the_character() {
    insta::assert_snapshot!("pasted-ids", report("pasted-ids"));
}

/// Dates as UK officers write them are read: 31/03/2011, 31 March 2011, March 2011 (its last
/// day), 2010/2011. A date planalign cannot read is reported once, saying what it stops
/// planalign checking, and no other finding quotes it back.
#[test]
fn uk_dates_are_read_and_an_unreadable_one_is_reported_once() {
    insta::assert_snapshot!("uk-dates", report("uk-dates"));
}
