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

/// Tables as people fill them in: a row with a cell missing is one finding at that row (not a
/// value read into the wrong column, nor the findings that would follow from it); shares in a
/// cell are read as in YAML; a header `amount (£m)` or `Budget 2011/12 (£000)` gives its unit;
/// a column of money in a unit planalign cannot read is reported.
#[test]
fn table_rows_shares_and_money_units() {
    insta::assert_snapshot!("tables", report("tables"));
}

/// The worked example with one broken link: the objective's dangling link is the one
/// finding, listing the target, action and risk that trace only through it.
#[test]
fn items_that_trace_only_through_a_broken_link_are_listed_with_it() {
    insta::assert_snapshot!("cascade", report("cascade"));
}

/// Heading attributes that say too little or too much: a kind with no id, two ids, two kinds,
/// a `{` never closed. Each is one finding; the heading that is fine is not flagged.
#[test]
fn heading_attributes_that_cannot_be_settled_are_reported() {
    insta::assert_snapshot!("headings", report("headings"));
}

/// Money that would be counted wrong without a word: a budget line with no amount (and one
/// whose lines beneath it give the amount), shares that add up to 90% or that are zero,
/// negative or not numbers, an amount beyond any council's budget. Each is one finding at its
/// value; thirds written 33% and a line broken down into lines with amounts are fine.
#[test]
fn money_that_would_be_lost_or_miscounted_is_reported() {
    insta::assert_snapshot!("money", report("money"));
}

/// Smaller mistakes, each one finding in plain words at the line to look at: YAML indented
/// wrongly, a NUL byte in a YAML text, a file with no plan header (and no stale-review with
/// an empty date beside it), a risk's likelihood of 3.5 (blamed on the risk, not on the
/// default rule), and a repository rule whose message names a field no plan has.
#[test]
fn smaller_mistakes_are_each_one_finding_in_plain_words() {
    insta::assert_snapshot!("smaller", report("smaller"));
}

/// An id used twice: the `duplicate-id` finding is the one error. The second item still
/// counts where it is written, so the target and action nested in it trace through it to the
/// priority it supports, rather than each reporting `untraced`.
#[test]
fn items_nested_in_a_duplicate_id_trace_through_their_own_parent() {
    insta::assert_snapshot!("duplicate-parent", report("duplicate-parent"));
}

/// A file saved in another encoding (a `£` in Windows-1252): its `parse-error` comes first,
/// before the warnings that follow from its plan not being read (a priority nothing supports
/// any more), so that they read in the light of it.
#[test]
fn a_file_that_is_not_utf8_is_reported_before_what_it_causes() {
    insta::assert_snapshot!("not-utf8", report("not-utf8"));
}

/// The worked example carrying the mistakes of issue 14 at once, each at its own line:
/// a non-breaking space between a heading's attributes (read as a space, warned), an en dash
/// in a link (one finding, listing the two items that trace only through it), a UK due date
/// and a month (read, not flagged), a heading with a kind and no id (its nested targets still
/// trace through it), shares adding up to 90%, a budget line with no amount (and no
/// budget-total-mismatch beside it), a table row with a cell too few, a risk's likelihood of
/// 3.5, a link into a superseded plan kept for reference, a file with no plan header, YAML
/// indented wrongly, and a NUL byte. The rest of the report is what the worked example says
/// without them.
#[test]
fn a_council_plans_with_every_mistake_at_once_get_one_finding_each() {
    insta::assert_snapshot!("all-at-once", report("all-at-once"));
}
