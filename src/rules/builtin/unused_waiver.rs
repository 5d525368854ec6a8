//! `unused-waiver`: a waiver that waives nothing.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Warning,
    title: "Waivers waive something",
    explain: "A waiver that suppresses no finding: what it was written for has been fixed, \
or it names a rule that does not exist. Remove it, so that the plan's waivers stay a true list \
of the council's decisions.",
};

/// A waiver of a rule that found nothing to waive.
pub fn nothing_waived(span: Span, owner: &str, rule: &str) -> Finding {
    Finding::new(
        Builtin::UnusedWaiver,
        span,
        format!("{owner} waives `{rule}`, but that rule finds nothing here to waive"),
    )
    .label("waives nothing")
    .help("Remove the waiver: what it was for has been fixed.")
}

/// A waiver of a rule that does not exist, with the nearest rule id.
pub fn no_such_rule(span: Span, owner: &str, rule: &str, suggestion: Option<&str>) -> Finding {
    Finding::new(
        Builtin::UnusedWaiver,
        span,
        format!("{owner} waives `{rule}`, which is not a rule"),
    )
    .label("no such rule")
    .help(suggestion.map_or_else(
        || "Name a rule that `planalign rules` lists.".to_owned(),
        |s| format!("Did you mean `{s}`?"),
    ))
}
