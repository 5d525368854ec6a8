//! `invalid-id`: an item with no id, or an id that is not well formed or is too long.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::lookalike;
use crate::problem::InvalidId;
use crate::rule_id::Builtin;
use crate::suggest::MAX_ID_CHARS;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Ids are well formed",
    explain: "An id starts with a letter and uses only letters, digits and `. _ - /`, with no \
spaces, for example CP-O2.1 or WFS-T3. Ids are case-sensitive. An item without an id cannot be \
linked to, so planalign cannot place it in the golden thread.",
};

pub fn finding(problem: InvalidId) -> Finding {
    let rule = Builtin::InvalidId;
    match problem {
        InvalidId::Missing { at, title } => {
            Finding::new(rule, at, format!("The item \"{title}\" has no id")).help(
                "Give every item a unique id such as CP-P1 or WFS-T3, so that other items can \
                 link to it.",
            )
        }
        InvalidId::Malformed { at, id } => {
            let help = match lookalike::in_id(&id) {
                Some(wrong) => format!(
                    "{wrong}, often from text pasted from a word processor: retype it as `{}`.",
                    lookalike::plain(&id)
                ),
                None => "An id starts with a letter and uses only letters, digits and `. _ - /`, \
                         with no spaces: for example CP-O2.1."
                    .to_owned(),
            };
            Finding::new(rule, at, format!("`{id}` is not a valid item id"))
                .label("invalid id")
                .help(help)
                .item(&id)
        }
        InvalidId::TooLong { at, id } => {
            let start: String = id.chars().take(20).collect();
            Finding::new(
                rule,
                at,
                format!(
                    "The id starting `{start}` is {} characters long; an id may have at most \
                     {MAX_ID_CHARS}",
                    id.chars().count()
                ),
            )
            .label("id too long")
            .help(
                "Shorten the id to a short code such as CP-O2.1 or WFS-T3, and put the \
                 description in the item's title.",
            )
            .item(&id)
        }
    }
}
