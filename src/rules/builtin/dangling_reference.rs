//! `dangling-reference`: a link to an id that no item has.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::lookalike;
use crate::problem::DanglingReference;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Links name items that exist",
    explain: "A link (supports, delivers, measures, funds, threatens, mitigates, serves) names \
an id that no item has. The golden thread is broken at that point: the item does not reach \
what it was meant to. This is usually a typing mistake or an item renamed or removed in another \
plan; planalign suggests the nearest existing id. Correct the id or add the missing item.",
};

pub fn finding(problem: DanglingReference) -> Finding {
    let DanglingReference {
        from,
        plan,
        relation,
        id,
        at,
        suggestion,
    } = problem;
    let replacement = suggestion.as_ref().map(|(s, _)| s.to_string());
    let help = match (suggestion, lookalike::in_id(&id)) {
        (Some((s, title)), Some(wrong)) => format!(
            "{wrong}, often from text pasted from a word processor. Retype it as {s} \"{title}\"."
        ),
        (Some((s, title)), None) => format!(
            "Did you mean {s} \"{title}\"? Otherwise correct the id or add the item it names."
        ),
        (None, Some(wrong)) => format!("{wrong}. Retype the id, or add the item it names."),
        (None, None) => "Correct the id, or add the item it names.".to_owned(),
    };
    Finding::new(
        Builtin::DanglingReference,
        at,
        format!(
            "{} \"{}\" {relation} {id}, but there is no item with that id",
            from.id, from.title
        ),
    )
    .label("no item has this id")
    .help(help)
    .item(&from.id)
    .plan(&plan)
    .replacement(replacement)
}
