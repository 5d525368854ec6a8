//! `relation-kind-mismatch`: a link between kinds its relation does not join.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::{KindFault, RelationKindMismatch};
use crate::rule_id::Builtin;
use crate::text::{capitalise, or_list, with_article};

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Links join the right kinds of item",
    explain: "Each relation joins particular kinds: `measures` goes from a target to a \
priority, outcome, objective or action; `funds` from a budget line; `threatens` from a risk; \
`mitigates` from an action to a risk; `delivers` from an action; `serves` from an asset; \
`supports` from anything to a priority, outcome, objective or action. An item written inside \
another, naming no links of its own, gets its kind's usual relation to it. A link between the \
wrong kinds usually means the wrong relation or the wrong id was used.",
};

pub fn finding(problem: RelationKindMismatch) -> Finding {
    let RelationKindMismatch {
        from,
        from_kind,
        plan,
        to,
        to_kind,
        relation,
        fault,
        named,
    } = problem;
    let kinds = |names: &[String]| {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        with_article(&or_list(&names))
    };
    let problem = match &fault {
        KindFault::From(allowed) => format!("only {} can use `{relation}`", kinds(allowed)),
        KindFault::To(allowed) => format!("`{relation}` can only point to {}", kinds(allowed)),
    };
    let target = format!("{to_kind} {} \"{}\"", to.id, to.title);
    // An item written inside another is linked to it by where it is written, not by a
    // field: say so, rather than name a link nobody wrote.
    let (span, link, label, help) = match named {
        Some(span) => (
            span,
            format!("{relation} {target}"),
            format!("{} cannot be linked to this way", to.id),
            "Use the relation that fits the two kinds (see `planalign explain \
             relation-kind-mismatch`), or link to a different item."
                .to_owned(),
        ),
        None => (
            from.span,
            format!("is written inside {target}, so it {relation} it"),
            format!("written inside {}", to.id),
            format!(
                "Move it under an item that `{relation}` can point to, or give it a link of its \
                 own (for example `{relation}=ID`): an item that names its links is not linked \
                 to the item it is written inside."
            ),
        ),
    };
    Finding::new(
        Builtin::RelationKindMismatch,
        span,
        format!(
            "{} {} \"{}\" {link}, but {problem}",
            capitalise(&from_kind),
            from.id,
            from.title,
        ),
    )
    .label(label)
    .related(to.span, format!("{} is {}", to.id, with_article(&to_kind)))
    .help(help)
    .item(&from.id)
    .plan(&plan)
}
