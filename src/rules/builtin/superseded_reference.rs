//! `superseded-reference`: a link from a current plan to an item of a superseded plan.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::SupersededReference;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Links point at current plans, not superseded ones",
    explain: "A plan marked `status: superseded` is history: it is kept in the repository for \
reference, nothing in it is checked, and nothing traces through it. A link from a current plan \
to one of its items (an objective of the old Corporate Plan, say) points the golden thread at \
commitments the council no longer holds, so planalign reports the link and does not follow it: \
an item whose only links lead into superseded plans does not trace. This usually happens after \
the annual refresh, when a plan was not re-aligned to the new Corporate Plan. Link the item to \
the item of the current plan that took the old one's place.",
};

pub fn finding(problem: SupersededReference) -> Finding {
    let SupersededReference {
        from,
        plan,
        relation,
        to,
        to_plan,
        root,
    } = problem;
    let help = match root {
        Some(root) => format!(
            "Link it to the item of the current plan, {} \"{}\", that took the place of {} \
             \"{}\", or remove the link.",
            root.id, root.title, to.id, to.title
        ),
        None => format!(
            "Link it to the item of a current plan that took the place of {} \"{}\", or \
             remove the link.",
            to.id, to.title
        ),
    };
    Finding::new(
        Builtin::SupersededReference,
        to.span,
        format!(
            "{} \"{}\" {relation} {} \"{}\" in the superseded plan {} \"{}\"; a superseded \
             plan is kept for reference and nothing traces through it",
            from.id, from.title, to.id, to.title, to_plan.id, to_plan.title
        ),
    )
    .label(format!("{} is superseded", to_plan.id))
    .help(help)
    .item(&from.id)
    .plan(&plan)
    .related(
        to_plan.span,
        format!(
            "{} \"{}\" is marked superseded",
            to_plan.id, to_plan.title
        ),
    )
}
