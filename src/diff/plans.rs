//! Changes to plans as a whole (came, went, header, not re-reviewed), money per Corporate Plan
//! priority and objective, and what `check` reports on one side and not the other.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;

use super::change::{Change, MoneyRow, Value, item_change, pounds};
use super::classes::{Class, Level};
use super::matching::{Matching, named};
use super::side::Side;
use crate::finding::Severity;
use crate::graph::PlanId;
use crate::model::Plan;
use crate::parse::values::{format_money, parse_period};

/// Rules whose new findings an item change explains already.
const EXPLAINED_RULES: [&str; 2] = ["untraced", "dangling-reference"];

pub fn compare(
    old: &Side,
    new: &Side,
    m: &Matching,
    as_of: NaiveDate,
    explained: &BTreeSet<String>,
    changes: &mut Vec<Change>,
) -> Vec<MoneyRow> {
    headers(old, new, as_of, changes);
    let rows = money(old, new, m, changes);
    findings(old, new, m, explained, changes);
    rows
}

fn declared(side: &Side) -> BTreeMap<&str, PlanId> {
    let plans = &side.model().plans;
    (0..plans.len())
        .filter(|&p| plans[p].declared)
        .map(|p| (plans[p].id.as_str(), p))
        .collect()
}

fn plan_change(class: Class, side: &Side, plan: &Plan, message: String, on_old: bool) -> Change {
    let mut change = Change::new(class, &plan.id, &plan.title, message);
    change.at(side.at_span(plan.span), on_old);
    change
}

fn headers(old: &Side, new: &Side, as_of: NaiveDate, changes: &mut Vec<Change>) {
    let was = declared(old);
    let is = declared(new);
    let root_changed = match (old.model().root, new.model().root) {
        (Some(a), Some(b)) => {
            let (a, b) = (&old.model().plans[a], &new.model().plans[b]);
            a.id != b.id
                || ["reviewed", "approved", "period"]
                    .iter()
                    .any(|k| a.field_str(k) != b.field_str(k))
        }
        _ => false,
    };
    for (&id, &p) in &was {
        let plan = &old.model().plans[p];
        if !is.contains_key(id) {
            let message = format!(
                "Plan {id} \"{}\" is not in the new plans; links to its items are reported as \
                 link-to-removed.",
                plan.title
            );
            changes.push(plan_change(Class::PlanRemoved, old, plan, message, true));
        }
    }
    for (&id, &p) in &is {
        let plan = &new.model().plans[p];
        let Some(&q) = was.get(id) else {
            let message = format!("Plan {id} \"{}\" is new.", plan.title);
            changes.push(plan_change(Class::PlanAdded, new, plan, message, false));
            continue;
        };
        let before = &old.model().plans[q];
        let mut push = |class, message: String, from: Option<&str>, to: Option<&str>| {
            let mut change = plan_change(class, new, plan, message, false);
            change.old_at = Some(old.at_span(before.span));
            change.old_value = from.map(|v| Value::Text(v.to_owned()));
            change.new_value = to.map(|v| Value::Text(v.to_owned()));
            changes.push(change);
        };
        if before.title != plan.title {
            let message = format!(
                "Plan {id} was \"{}\" and is now \"{}\".",
                before.title, plan.title
            );
            push(
                Class::PlanRetitled,
                message,
                Some(&before.title),
                Some(&plan.title),
            );
        }
        for (key, class) in [
            ("period", Class::PeriodChanged),
            ("status", Class::StatusChanged),
        ] {
            let (a, b) = (before.field_str(key), plan.field_str(key));
            if a != b {
                let message = format!(
                    "Plan {id} \"{}\": its {key} was {} and is now {}.",
                    plan.title,
                    a.unwrap_or("not given"),
                    b.unwrap_or("not given")
                );
                push(class, message, a, b);
            }
        }
        if plan.is_superseded() {
            continue;
        }
        let reviewed = |p: &Plan| {
            p.field_str("reviewed")
                .and_then(parse_period)
                .map(|d| d.end)
        };
        let (a, b) = (reviewed(before), reviewed(plan));
        let is_root = new.model().root == Some(p);
        let unchanged = root_changed && !is_root && a == b;
        let old_review = b.is_none_or(|d| d + chrono::Days::new(365) < as_of);
        if unchanged || old_review {
            let last = b.map_or("never".to_owned(), |d| d.to_string());
            let why = if unchanged {
                "was not reviewed again although the Corporate Plan changed"
            } else {
                "was last reviewed more than 12 months before the refresh"
            };
            let message = format!(
                "Plan {id} \"{}\" {why} (last reviewed: {last}). Review it against the new \
                 Corporate Plan and record the date with `reviewed:`.",
                plan.title
            );
            let s = |d: Option<NaiveDate>| d.map(|d| d.to_string());
            push(
                Class::PlanNotReviewed,
                message,
                s(a).as_deref(),
                s(b).as_deref(),
            );
        }
    }
}

/// The root plan's priorities and objectives of one side.
fn goals(side: &Side) -> Vec<NodeIndex> {
    side.nodes().filter(|&n| side.is_root_goal(n)).collect()
}

/// `money-moved`: attributed money per root priority and objective, old and new, where it
/// changed. Merged items are compared together with what they became.
fn money(old: &Side, new: &Side, m: &Matching, changes: &mut Vec<Change>) -> Vec<MoneyRow> {
    let mut rows = Vec::new();
    let named_row = |side: &Side, nodes: &[NodeIndex]| {
        let ids: Vec<&str> = nodes.iter().map(|&n| side.id(n)).collect();
        let titles: Vec<&str> = nodes.iter().map(|&n| side.title(n)).collect();
        (!nodes.is_empty()).then(|| (ids.join(", "), titles.join("; ")))
    };
    let priority = |side: &Side, n: NodeIndex| side.kind(n) == "priority";
    let mut was: BTreeMap<NodeIndex, (Vec<NodeIndex>, i64)> = BTreeMap::new();
    let mut gone = Vec::new();
    for o in goals(old) {
        match m.to_new[o.index()].filter(|&n| new.is_root_goal(n)) {
            Some(n) => {
                let entry = was.entry(n).or_default();
                entry.0.push(o);
                entry.1 += old.money.of(o);
            }
            None => gone.push(o),
        }
    }
    for n in goals(new).into_iter().filter(|&n| priority(new, n)) {
        let (olds, before) = was.get(&n).cloned().unwrap_or_default();
        rows.push(MoneyRow {
            old: named_row(old, &olds),
            new: named_row(new, &[n]),
            old_amount: before,
            new_amount: new.money.of(n),
        });
    }
    for &o in gone.iter().filter(|&&o| priority(old, o)) {
        rows.push(MoneyRow {
            old: named_row(old, &[o]),
            new: None,
            old_amount: old.money.of(o),
            new_amount: 0,
        });
    }
    for o in gone {
        let amount = old.money.of(o);
        if amount != 0 {
            let message = format!(
                "{} had {} attributed to it and is not in the new Corporate Plan.",
                named(old, o),
                format_money(amount)
            );
            let mut change = item_change(Class::MoneyMoved, old, o, true, message);
            change.old_value = Some(pounds(amount));
            change.new_value = Some(pounds(0));
            changes.push(change);
        }
    }
    for n in goals(new) {
        let (olds, before) = was.remove(&n).unwrap_or_default();
        let after = new.money.of(n);
        if before == after {
            continue;
        }
        let from = if olds.len() > 1 {
            let ids: Vec<&str> = olds.iter().map(|&o| old.id(o)).collect();
            format!(
                "{} (together, as {})",
                format_money(before),
                ids.join(" and ")
            )
        } else {
            format_money(before)
        };
        let message = format!(
            "Money attributed to {} went from {from} to {} ({}{}).",
            named(new, n),
            format_money(after),
            if after > before { "+" } else { "" },
            format_money(after - before)
        );
        let mut change = match olds.first() {
            Some(&o) => {
                let mut c = item_change(Class::MoneyMoved, old, o, true, message);
                c.new_at = Some(new.at(n));
                if old.id(o) != new.id(n) {
                    c.new_id = Some(new.id(n).to_owned());
                }
                c
            }
            None => item_change(Class::MoneyMoved, new, n, false, message),
        };
        change.old_value = Some(pounds(before));
        change.new_value = Some(pounds(after));
        changes.push(change);
    }
    rows
}

/// The changes that say what a new finding of a rule says, and which of a change's plan or
/// item it is about: a plan not re-reviewed is its `stale-review`, a target carried over
/// past its due date its `overdue`. Such a finding is reported once, as that change.
const SAID_BY_CHANGES: [(&str, Class, bool); 2] = [
    ("stale-review", Class::PlanNotReviewed, false),
    ("overdue", Class::TargetStale, true),
];

/// `finding-new` and `finding-resolved`: findings matched as baselines match them (rule, plan,
/// item and the text they point at), an old item id read as the id it became.
fn findings(
    old: &Side,
    new: &Side,
    m: &Matching,
    explained: &BTreeSet<String>,
    changes: &mut Vec<Change>,
) {
    let key = |side: &Side, f: &crate::finding::Finding, rename: bool| {
        let mut key = crate::baseline::key(&side.outcome.sources, f);
        if let Some(id) = key
            .2
            .as_deref()
            .filter(|_| rename)
            .and_then(|id| m.new_id(old, new, id))
        {
            key.2 = Some(id.to_owned());
        }
        key
    };
    let mut was: BTreeMap<_, usize> = BTreeMap::new();
    for f in &old.outcome.findings {
        *was.entry(key(old, f, true)).or_default() += 1;
    }
    let mut is: BTreeMap<_, usize> = BTreeMap::new();
    for f in &new.outcome.findings {
        *is.entry(key(new, f, false)).or_default() += 1;
    }
    // For each of SAID_BY_CHANGES, the items (or plans) its change was found for.
    let said_by: Vec<BTreeSet<String>> = SAID_BY_CHANGES
        .iter()
        .map(|&(_, class, of_item)| {
            changes
                .iter()
                .filter(|c| c.class == class)
                .filter_map(|c| {
                    if of_item {
                        c.new_id.clone().or_else(|| c.id.clone())
                    } else {
                        Some(c.plan.clone())
                    }
                })
                .collect()
        })
        .collect();
    let mut seen_new: BTreeMap<_, usize> = BTreeMap::new();
    for f in &new.outcome.findings {
        let k = key(new, f, false);
        let count = seen_new.entry(k.clone()).or_default();
        *count += 1;
        if *count <= was.get(&k).copied().unwrap_or(0) {
            continue;
        }
        let item_explained = f.item.as_ref().is_some_and(|i| explained.contains(i));
        if item_explained && EXPLAINED_RULES.contains(&f.rule.as_str()) {
            continue;
        }
        let about = |of_item: bool| {
            if of_item {
                f.item.as_ref()
            } else {
                f.plan.as_ref()
            }
        };
        let said = SAID_BY_CHANGES
            .iter()
            .zip(&said_by)
            .any(|(&(rule, _, of_item), said)| {
                f.rule.as_str() == rule && about(of_item).is_some_and(|a| said.contains(a))
            });
        if said {
            continue;
        }
        changes.push(finding_change(Class::FindingNew, new, f, false));
    }
    let mut seen_old: BTreeMap<_, usize> = BTreeMap::new();
    for f in &old.outcome.findings {
        let k = key(old, f, true);
        let count = seen_old.entry(k.clone()).or_default();
        *count += 1;
        if *count > is.get(&k).copied().unwrap_or(0) {
            changes.push(finding_change(Class::FindingResolved, old, f, true));
        }
    }
}

fn finding_change(class: Class, side: &Side, f: &crate::finding::Finding, on_old: bool) -> Change {
    let plan = f.plan.clone().unwrap_or_default();
    let (verb, level) = match (class, f.severity) {
        (Class::FindingNew, Severity::Error) => ("New", Level::Breaking),
        (Class::FindingNew, _) => ("New", Level::Info),
        _ => ("No longer reported", Level::Info),
    };
    let message = format!("{verb} {} ({}): {}", f.severity.noun(), f.rule, f.message);
    let mut change = Change::new(class, &plan, f.rule.as_str(), message);
    change.level = level;
    change.id = f.item.clone();
    change.kind = f
        .item
        .as_deref()
        .and_then(|i| side.lookup(i))
        .map(|n| side.kind(n).to_owned());
    change.at(side.at_span(f.span), on_old);
    change
}
