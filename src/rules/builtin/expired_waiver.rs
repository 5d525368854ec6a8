//! `expired-waiver`: a waiver past its `until:` date.
//! Its explanation and the wording of what it finds.

use chrono::NaiveDate;

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Warning,
    title: "Waivers are in date",
    explain: "A waiver with `until:` applies up to and including that date. After it, the \
waiver no longer applies and the findings it covered come back, with this warning at the \
waiver: fix what the rule finds, or renew the waiver with a new date and a reason that still \
holds.",
};

/// `owner`'s waiver of `rule` ended on `end`, before the date of the check.
pub fn finding(span: Span, owner: &str, rule: &str, end: NaiveDate) -> Finding {
    Finding::new(
        Builtin::ExpiredWaiver,
        span,
        format!("{owner}'s waiver of `{rule}` expired on {end}"),
    )
    .label("expired")
    .help("Fix what the rule finds, or renew the waiver with a new `until:` date and a reason that still holds.")
}
