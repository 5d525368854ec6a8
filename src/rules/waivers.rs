//! Waivers: an item or plan may waive a rule, with a reason and optionally an expiry date.
//! A waiver without a reason does not apply (`waiver-without-reason`); one past its expiry no
//! longer applies (`expired-waiver`); one that suppresses nothing is reported too
//! (`unused-waiver`), so waivers do not outlive their purpose.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Sink;
use super::builtin::{
    expired_waiver, invalid_date, parse_error, unused_waiver, waiver_without_reason,
};
use crate::finding::Finding;
use crate::graph::Model;
use crate::model::{Fields, Value, names};
use crate::parse::values::parse_period;
use crate::rule_id::{Builtin, RuleId};
use crate::source::Span;

/// The rules about waivers themselves, which no waiver can waive.
const WAIVER_RULES: [Builtin; 3] = [
    Builtin::WaiverWithoutReason,
    Builtin::ExpiredWaiver,
    Builtin::UnusedWaiver,
];

struct Waiver {
    rule: String,
    span: Span,
    item: Option<String>,
    plan: String,
    /// Whether it applies: it has a reason and has not expired.
    applies: bool,
}

/// Removes the findings that waivers cover and adds the findings about the waivers.
pub fn apply(model: &Model, as_of: NaiveDate, sink: &mut Sink) {
    let rules = sink.rules;
    let mut problems = Vec::new();
    let mut waivers = Vec::new();
    // A superseded plan is not checked, so its waivers waive nothing and are not read.
    for plan in model.plans.iter().filter(|p| !p.is_superseded()) {
        collect(
            &plan.fields,
            None,
            &plan.id,
            as_of,
            &mut waivers,
            &mut problems,
        );
    }
    for node in &model.nodes {
        let plan = &model.plans[node.plan];
        if plan.is_superseded() {
            continue;
        }
        collect(
            &node.item.fields,
            Some(&node.item.id),
            &plan.id,
            as_of,
            &mut waivers,
            &mut problems,
        );
    }
    // Each item's (or plan's) waivers, by its id.
    let mut by_owner: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in waivers.iter().enumerate() {
        let owner = w.item.as_deref().unwrap_or(&w.plan);
        by_owner.entry(owner).or_default().push(i);
    }
    let mut used = vec![false; waivers.len()];
    let findings = std::mem::take(&mut sink.findings);
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let owners = finding.item.iter().chain(finding.plan.iter());
        let waiver = owners
            .filter_map(|owner| by_owner.get(owner.as_str()))
            .flatten()
            .copied()
            .find(|&i| waivers[i].applies && waivers[i].rule == finding.rule.as_str());
        let waivable = !matches!(finding.rule, RuleId::Builtin(b) if WAIVER_RULES.contains(&b));
        match waiver {
            Some(i) if waivable => used[i] = true,
            _ => kept.push(finding),
        }
    }
    for (w, _) in waivers
        .iter()
        .zip(&used)
        .filter(|(w, used)| w.applies && !**used)
    {
        let owner = w.item.as_deref().unwrap_or(&w.plan);
        let finding = if rules.get(&w.rule).is_some() {
            unused_waiver::nothing_waived(w.span, owner, &w.rule)
        } else {
            let suggestion =
                crate::suggest::closest(&w.rule, rules.rules.iter().map(|r| r.id.as_str()));
            unused_waiver::no_such_rule(w.span, owner, &w.rule, suggestion)
        };
        problems.push(with_owner(finding, w));
    }
    sink.findings = kept;
    for problem in problems {
        sink.push(problem);
    }
}

fn with_owner(mut finding: Finding, w: &Waiver) -> Finding {
    finding.item.clone_from(&w.item);
    finding.plan = Some(w.plan.clone());
    finding
}

/// Reads the `waive:` field of an item or plan: a list of waivers (or a single one).
fn collect(
    fields: &Fields,
    item: Option<&str>,
    plan: &str,
    as_of: NaiveDate,
    waivers: &mut Vec<Waiver>,
    problems: &mut Vec<Finding>,
) {
    let Some(field) = fields.get(*names::WAIVE) else {
        return;
    };
    let entries = match &field.value {
        Value::List(entries, _) => entries.iter().collect(),
        single @ Value::Map(..) => vec![single],
        other => {
            problems.push(parse_error::waiver_shape(other.span(), item, plan));
            return;
        }
    };
    for entry in entries {
        let Value::Map(map, span) = entry else {
            problems.push(parse_error::waiver_shape(entry.span(), item, plan));
            continue;
        };
        let get = |key: &str| map.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
        let Some(Value::Scalar(rule, rule_span)) = get("rule") else {
            problems.push(parse_error::waiver_shape(*span, item, plan));
            continue;
        };
        let mut waiver = Waiver {
            rule: rule.to_string(),
            span: *rule_span,
            item: item.map(str::to_owned),
            plan: plan.to_owned(),
            applies: true,
        };
        let owner = item.unwrap_or(plan);
        if get("reason").is_none_or(Value::is_empty) {
            waiver.applies = false;
            problems.push(with_owner(
                waiver_without_reason::finding(*rule_span, owner, rule),
                &waiver,
            ));
        }
        if let Some(until) = get("until") {
            match until.as_str().and_then(parse_period) {
                Some(period) if period.end < as_of => {
                    waiver.applies = false;
                    problems.push(with_owner(
                        expired_waiver::finding(until.span(), owner, rule, period.end),
                        &waiver,
                    ));
                }
                Some(_) => {}
                None => {
                    waiver.applies = false;
                    let written = until.as_str().unwrap_or("…");
                    problems.push(with_owner(
                        invalid_date::waiver_until(until.span(), written),
                        &waiver,
                    ));
                }
            }
        }
        waivers.push(waiver);
    }
}
