//! `cycle`: items that link to each other in a circle.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::Named;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Links do not go round in a circle",
    explain: "Links point upward, from what contributes to what it contributes to. When items \
link to each other in a circle, none of them leads up to a priority through the others, and \
money attributed along the links would go round for ever. The finding lists every item in the \
circle once; remove the link that points back down.",
};

/// The most items of a circle its message names; the finding's places list them all.
const NAMED: usize = 20;

/// The finding for one circle, at its first item.
pub fn finding(items: &[Named], plan: &str) -> Finding {
    let first = &items[0];
    let mut names: Vec<String> = items.iter().take(NAMED).map(|n| n.id.to_string()).collect();
    if items.len() > NAMED {
        names.push(format!("and {} more", items.len() - NAMED));
    }
    let mut finding = Finding::new(
        Builtin::Cycle,
        first.span,
        format!(
            "These items link to each other in a circle, so none of them leads up to a priority \
             through the others: {}",
            names.join(", ")
        ),
    )
    .label("the circle includes this item")
    .help(
        "Links point upward, from what contributes to what it contributes to: remove the link \
         that points back down.",
    )
    .item(&first.id)
    .plan(plan);
    for node in &items[1..] {
        finding = finding.related(
            node.span,
            format!("{} \"{}\" is in the circle", node.id, node.title),
        );
    }
    finding
}
