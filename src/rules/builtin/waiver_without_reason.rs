//! `waiver-without-reason`: a waiver that gives no reason.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Waivers give a reason",
    explain: "An item or plan may waive a rule (`waive: [{rule: untraced, reason: ..., \
until: 2011-03-31}]`), but only with a reason: whoever reads the plan next, or audits it, must \
be able to see why the council decided the rule does not apply. A waiver without a reason \
does not apply, so the findings it was meant to waive are still shown.",
};

/// `owner` waives `rule` at `span` without a reason.
pub fn finding(span: Span, owner: &str, rule: &str) -> Finding {
    Finding::new(
        Builtin::WaiverWithoutReason,
        span,
        format!("{owner} waives `{rule}` without saying why, so the waiver does not apply"),
    )
    .label("no reason given")
    .help("Add `reason:` saying why the rule does not apply here, for whoever reads the plan next.")
}
