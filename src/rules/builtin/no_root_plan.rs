//! `no-root-plan`: no current Corporate Plan, or more than one.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::NoRootPlan;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "There is one current Corporate Plan",
    explain: "Every other plan is checked against the root: the one plan of type `corporate` \
whose status is not `superseded`. With none, nothing can be traced; with two, planalign cannot \
tell which one the others must follow. Mark the old Corporate Plan `status: superseded` when a \
new one is approved.",
};

pub fn finding(problem: NoRootPlan) -> Finding {
    let rule = Builtin::NoRootPlan;
    match problem {
        NoRootPlan::Named { at, id, suggestion } => {
            let help = suggestion.map_or_else(
                || "Name the id of the plan every other plan must follow.".to_owned(),
                |s| format!("Did you mean `{s}`?"),
            );
            Finding::new(
                rule,
                at,
                format!("planalign.yaml names {id} as the root plan, but no plan has that id"),
            )
            .label("no plan has this id")
            .help(help)
        }
        NoRootPlan::None { at } => Finding::new(
            rule,
            at,
            "There is no Corporate Plan to check the other plans against",
        )
        .help(
            "Add the Corporate Plan with `type: corporate`, or check the folder that holds it \
             too.",
        ),
        NoRootPlan::Several { at, count, others } => {
            let mut finding = Finding::new(
                rule,
                at,
                format!(
                    "There are {count} current Corporate Plans, so planalign cannot tell which \
                     one the others must follow"
                ),
            )
            .label("another corporate plan")
            .help(
                "Mark the old one `status: superseded`, or name the root plan with `root:` in \
                 planalign.yaml.",
            );
            for plan in others {
                finding = finding.related(
                    plan.span,
                    format!("{} \"{}\" is a corporate plan too", plan.id, plan.title),
                );
            }
            finding
        }
    }
}
