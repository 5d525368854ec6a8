//! The wording of findings from policy rules: message placeholders, the chain of links
//! under an untraced item, and what a `reached-by` failure lacks.

use petgraph::graph::NodeIndex;

use super::compiled::{Reach, Scope, Subject};
use crate::graph::search::{self as reach, End};
use crate::graph::{Model, PlanId};
use crate::model::Fields;
use crate::parse::values::{format_money, parse_money};
use crate::rules::condition::{Env, MONEY_FIELDS};
use crate::source::Span;

pub(super) fn field_text(env: &Env, subject: Subject, name: &str) -> String {
    let model = env.model;
    // Money is shown in one form, whichever form it was written in.
    let shown = |field: &str, text: &str| match parse_money(text) {
        Some(pence) if MONEY_FIELDS.contains(&field) => format_money(pence),
        _ => text.to_owned(),
    };
    let plan_of = |p: PlanId, field: &str| {
        if field == "budget_lines_total" {
            return env.budget_totals[p].map_or_else(|| NOT_GIVEN.to_owned(), format_money);
        }
        model.plans[p]
            .field_str(field)
            .filter(|text| !text.trim().is_empty())
            .map_or_else(|| NOT_GIVEN.to_owned(), |text| shown(field, text))
    };
    match name.split_once('.') {
        Some(("item", field)) => subject
            .item
            .and_then(|i| model.nodes[i].item.fields.get_str(field))
            .and_then(|f| f.value.as_str())
            .filter(|text| !text.trim().is_empty())
            .map_or_else(|| NOT_GIVEN.to_owned(), |text| shown(field, text)),
        Some(("plan", field)) => plan_of(subject.plan, field),
        Some(("root", field)) => model.root.map(|r| plan_of(r, field)).unwrap_or_default(),
        _ => String::new(),
    }
}

/// What a placeholder shows for a field the item or plan does not have.
const NOT_GIVEN: &str = "not given";

/// The chain of links from an item as the label under it ("WFS-T4 measures WFS-O3, which
/// links to nothing"), and, when the chain has links, where and why it stops.
pub(super) fn describe(
    model: &Model,
    start: NodeIndex,
    chain: &reach::Chain,
    reach: Option<&Reach>,
) -> (String, Option<(Span, String)>) {
    let name = |n: NodeIndex| model.node(n).item.id.as_str();
    let mut label = name(start).to_owned();
    for (i, &(edge, to)) in chain.links.iter().enumerate() {
        let relation = &model.schema.relations[model.graph[edge].relation].name;
        let joint = if i == 0 { " " } else { ", which " };
        label.push_str(&format!("{joint}{relation} {}", name(to)));
    }
    if chain.length > chain.links.len() {
        let more = chain.length - chain.links.len();
        label.push_str(&format!(
            ", and {more} more links up to {}",
            name(chain.last)
        ));
    }
    let last = model.node(chain.last);
    let last_plan = &model.plans[last.plan];
    let why = match chain.end {
        End::Nothing => {
            let wrong_plan = reach.is_some_and(|r| {
                r.scope == Scope::Root
                    && r.kinds
                        .as_ref()
                        .is_none_or(|k| last.item.kind_id.is_some_and(|lk| k.contains(&lk)))
            });
            match (wrong_plan, model.root) {
                (true, Some(root)) => format!(
                    "is a {} of {} \"{}\", not of the Corporate Plan {}",
                    last.item.kind, last_plan.id, last_plan.title, model.plans[root].id
                ),
                _ => "links to nothing".to_owned(),
            }
        }
        End::Missing => "links only to ids that do not exist".to_owned(),
        End::Superseded => {
            let to = last.to_superseded.map(|t| model.node(t));
            match to {
                Some(to) => {
                    let plan = &model.plans[to.plan];
                    format!(
                        "links only to {}, in the superseded plan {} \"{}\"",
                        to.item.id, plan.id, plan.title
                    )
                }
                None => "links only to superseded plans".to_owned(),
            }
        }
        End::Circle => "leads back round in a circle".to_owned(),
    };
    label.push_str(if chain.links.is_empty() {
        " "
    } else {
        ", which "
    });
    label.push_str(&why);
    // A chain that ends in a superseded plan is shown where it ends: at the superseded item.
    let superseded = (chain.end == End::Superseded)
        .then_some(last.to_superseded)
        .flatten()
        .map(|t| {
            let to = model.node(t);
            let plan = &model.plans[to.plan];
            let message = format!(
                "the chain stops here: {} \"{}\" is in the superseded plan {} \"{}\", which nothing traces through",
                to.item.id, to.item.title, plan.id, plan.title
            );
            (to.item.span, message)
        });
    if superseded.is_some() {
        return (label, superseded);
    }
    let related = (chain.last != start).then(|| {
        (
            last.item.span,
            format!(
                "the chain stops here: {} \"{}\" {why}",
                last.item.id, last.item.title
            ),
        )
    });
    (label, related)
}

pub(super) fn reached_label(model: &Model, reach: &Reach) -> String {
    let what = reach.kinds.as_ref().map_or_else(
        || "item".to_owned(),
        |k| {
            k.iter()
                .map(|&k| model.schema.kinds[k].name.replace('-', " "))
                .collect::<Vec<_>>()
                .join(" or ")
        },
    );
    let from = if reach.scope == Scope::Other {
        " in another plan"
    } else {
        ""
    };
    if reach.min > 1 {
        format!("fewer than {} of: {what}{from}, lead up to this", reach.min)
    } else {
        format!("no {what}{from} leads up to this")
    }
}

/// Replaces `{name}` placeholders in a message.
/// The first `{item.FIELD}`, `{plan.FIELD}` or `{root.FIELD}` of a message that names a
/// field no item (or no plan) of the check has, so that it could only ever show "not given".
pub(super) fn unknown_field(template: &str, model: &Model) -> Option<String> {
    let placeholders = std::cell::RefCell::new(Vec::new());
    fill(template, |name| {
        placeholders.borrow_mut().push(name.to_owned());
        String::new()
    });
    let has = |fields: &Fields, field: &str| {
        fields.get_str(field).is_some() || fields.get_str(&field.replace('_', "-")).is_some()
    };
    placeholders
        .into_inner()
        .into_iter()
        .find(|name| match name.split_once('.') {
            Some(("item", field)) => {
                !["id", "kind", "title", "plan"].contains(&field)
                    && !model.nodes.iter().any(|n| has(&n.item.fields, field))
            }
            Some(("plan" | "root", field)) => {
                !["id", "type", "title", "budget_lines_total"].contains(&field)
                    && !model.plans.iter().any(|p| has(&p.fields, field))
            }
            _ => false,
        })
}

pub(super) fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
