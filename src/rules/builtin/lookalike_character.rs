//! `lookalike-character`: a character pasted from a word processor that looks like a space
//! (a non-breaking space, a thin space) where only a space can be meant. planalign reads it
//! as a space. Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::lookalike::Lookalike;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Warning,
    title: "Spaces are ordinary spaces",
    explain: "Text pasted from a word processor brings characters that look like ordinary ones \
but are not: a non-breaking space, an en dash for a hyphen, curly quotes, an invisible \
zero-width space. Where only a space can be meant (between a heading's attributes, in a YAML \
line's indent, after a YAML key's colon), planalign reads a space lookalike as a space and \
warns, so that the plan still means what it says; retype it as an ordinary space. In an id, \
a lookalike makes a different id: the finding about the id (`invalid-id`, \
`dangling-reference`) names the character.",
};

pub fn finding(at: Span, found: Lookalike) -> Finding {
    let what = found.describe();
    Finding::new(
        Builtin::LookalikeCharacter,
        at,
        format!("This is {what}, not an ordinary space; planalign reads it as a space"),
    )
    .label(format!("{} here", found.name))
    .help(
        "Delete it and type an ordinary space. Text pasted from a word processor often brings \
         such characters with it.",
    )
}
