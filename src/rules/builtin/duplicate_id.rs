//! `duplicate-id`: two items, or two plans, with one id.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::{DuplicateId, Named};
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Ids are unique",
    explain: "Every item and every plan needs an id of its own across the whole repository, \
so that a link names exactly one thing. When two items share an id, links go to the first one \
declared and the second cannot be linked to at all. Both places are shown: rename one of them, \
and check which one the links that use the id meant.",
};

pub fn finding(problem: DuplicateId) -> Finding {
    match problem {
        DuplicateId::Item { again, first, plan } => used_twice(
            "id",
            &again,
            &first,
            "Give one of the two items a different id; links to this id go to the first.",
        )
        .item(&again.id)
        .plan(&plan),
        DuplicateId::Plan { again, first } => used_twice(
            "plan id",
            &again,
            &first,
            "Give one of the two plans a different id.",
        )
        .plan(&again.id),
    }
}

/// `again` uses the id that `first` used before it.
fn used_twice(what: &str, again: &Named, first: &Named, help: &str) -> Finding {
    Finding::new(
        Builtin::DuplicateId,
        again.span,
        format!(
            "The {what} {} is used twice: by \"{}\" and by \"{}\"",
            again.id, first.title, again.title
        ),
    )
    .label("used again here")
    .related(first.span, format!("{} is first used here", first.id))
    .help(help)
}
