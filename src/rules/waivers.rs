//! Waivers: an item or plan may waive a rule, with a reason and optionally an expiry date.
//! A waiver without a reason does not apply (`waiver-without-reason`); one past its expiry no
//! longer applies (`expired-waiver`); one that suppresses nothing is reported too
//! (`unused-waiver`), so waivers do not outlive their purpose.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::RuleSet;
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::model::{Fields, Value, names};
use crate::parse::values::{DATE_FORMS, parse_period};
use crate::source::Span;

/// The rules about waivers themselves, which no waiver can waive.
const WAIVER_RULES: [&str; 3] = ["waiver-without-reason", "expired-waiver", "unused-waiver"];

struct Waiver {
    rule: String,
    span: Span,
    item: Option<String>,
    plan: String,
    /// Whether it applies: it has a reason and has not expired.
    applies: bool,
}

/// Removes the findings that waivers cover and adds the findings about the waivers.
pub fn apply(
    model: &Model,
    rules: &RuleSet,
    as_of: NaiveDate,
    findings: Vec<Finding>,
) -> Vec<Finding> {
    let mut problems = Vec::new();
    let mut waivers = Vec::new();
    for plan in &model.plans {
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
        let plan = &model.plans[node.plan].id;
        collect(
            &node.item.fields,
            Some(&node.item.id),
            plan,
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
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let owners = finding.item.iter().chain(finding.plan.iter());
        let waiver = owners
            .filter_map(|owner| by_owner.get(owner.as_str()))
            .flatten()
            .copied()
            .find(|&i| waivers[i].applies && waivers[i].rule == finding.rule);
        match waiver {
            Some(i) if !WAIVER_RULES.contains(&finding.rule.as_str()) => used[i] = true,
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
            Finding::new(
                "unused-waiver",
                w.span,
                format!(
                    "{owner} waives `{}`, but that rule finds nothing here to waive",
                    w.rule
                ),
            )
            .label("waives nothing")
            .help("Remove the waiver: what it was for has been fixed.")
        } else {
            let suggestion =
                crate::suggest::closest(&w.rule, rules.rules.iter().map(|r| r.id.as_str()));
            Finding::new(
                "unused-waiver",
                w.span,
                format!("{owner} waives `{}`, which is not a rule", w.rule),
            )
            .label("no such rule")
            .help(suggestion.map_or_else(
                || "Name a rule that `planalign rules` lists.".to_owned(),
                |s| format!("Did you mean `{s}`?"),
            ))
        };
        problems.push(with_owner(finding, w));
    }
    for mut problem in problems {
        problem.severity = rules.severity(&problem.rule);
        if problem.severity != Severity::Off {
            kept.push(problem);
        }
    }
    kept
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
            problems.push(shape_problem(other.span(), item, plan));
            return;
        }
    };
    for entry in entries {
        let Value::Map(map, span) = entry else {
            problems.push(shape_problem(entry.span(), item, plan));
            continue;
        };
        let get = |key: &str| map.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
        let Some(Value::Scalar(rule, rule_span)) = get("rule") else {
            problems.push(shape_problem(*span, item, plan));
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
                Finding::new(
                    "waiver-without-reason",
                    *rule_span,
                    format!("{owner} waives `{rule}` without saying why, so the waiver does not apply"),
                )
                .label("no reason given")
                .help("Add `reason:` saying why the rule does not apply here, for whoever reads the plan next."),
                &waiver,
            ));
        }
        if let Some(until) = get("until") {
            match until.as_str().and_then(parse_period) {
                Some(period) if period.end < as_of => {
                    waiver.applies = false;
                    problems.push(with_owner(
                        Finding::new(
                            "expired-waiver",
                            until.span(),
                            format!("{owner}'s waiver of `{rule}` expired on {}", period.end),
                        )
                        .label("expired")
                        .help("Fix what the rule finds, or renew the waiver with a new `until:` date and a reason that still holds."),
                        &waiver,
                    ));
                }
                Some(_) => {}
                None => {
                    waiver.applies = false;
                    problems.push(with_owner(
                        Finding::new(
                            "invalid-date",
                            until.span(),
                            format!("The waiver's `until: {}` cannot be read as a date, so the waiver does not apply", until.as_str().unwrap_or("…")),
                        )
                        .label("not a date")
                        .help(format!("Write {DATE_FORMS}.")),
                        &waiver,
                    ));
                }
            }
        }
        waivers.push(waiver);
    }
}

fn shape_problem(span: Span, item: Option<&str>, plan: &str) -> Finding {
    let mut finding = Finding::new(
        "parse-error",
        span,
        "A waiver is written as `- rule: <rule id>` with `reason:` and optionally `until:`",
    )
    .help("For example:\n  waive:\n    - rule: untraced\n      reason: Statutory duty, not a Corporate Plan priority\n      until: 2011-03-31")
    .plan(plan);
    finding.item = item.map(str::to_owned);
    finding
}
