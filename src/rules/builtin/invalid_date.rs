//! `invalid-date`: a date field that cannot be read as a date.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::values::DATE_FORMS;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Warning,
    title: "Dates can be read",
    explain: "Dates (`due`, `period`, `approved`, `reviewed`, `start`, `end`, and a waiver's \
`until`) must be in a form planalign can compare: an ISO date such as 2011-03-31; a UK date \
such as 31/03/2011 (day first), 31 March 2011 or 31 Mar 2011; a month such as March 2011 (as a \
due date, its last day); a UK financial year such as 2010/11 or 2010/2011 (1 April 2010 to 31 \
March 2011; as a due date, its last day); a quarter of a financial year such as Q3 2010/11 \
(October to December 2010); or a range such as 2010/11-2012/13 or 2010-04-01..2013-03-31. \
Words such as \"Summer 2010\" cannot be checked against a plan's period or the date of the \
check, so the rules that use the date pass over it (an item is not called overdue, a plan not \
called unreviewed, on a date planalign cannot read) until it is written in one of these forms.",
};

/// A date field that cannot be read.
pub fn finding(span: Span, name: &str, written: &str) -> Finding {
    let what = match name {
        "due" => "a date, so planalign cannot tell whether it is overdue",
        "reviewed" => "a date, so planalign cannot tell whether the plan is due for review",
        "period" => "a period, so planalign cannot check what falls within it",
        _ => "a date",
    };
    unreadable(Builtin::InvalidDate, span, name, written, what, DATE_FORMS)
}

/// A waiver's `until:` that cannot be read: the waiver does not apply.
pub fn waiver_until(span: Span, written: &str) -> Finding {
    Finding::new(
        Builtin::InvalidDate,
        span,
        format!(
            "The waiver's `until: {written}` cannot be read as a date, so the waiver does not apply"
        ),
    )
    .label("not a date")
    .help(format!("Write {DATE_FORMS}."))
}

/// `name: written` cannot be read as `what`; `forms` says what can. Shared with
/// `invalid-money`.
pub fn unreadable(
    rule: Builtin,
    span: Span,
    name: &str,
    written: &str,
    what: &str,
    forms: &str,
) -> Finding {
    Finding::new(
        rule,
        span,
        format!("`{name}: {written}` cannot be read as {what}"),
    )
    .label(format!("not {}", what.split(',').next().unwrap_or(what)))
    .help(format!("Write {forms}."))
}
