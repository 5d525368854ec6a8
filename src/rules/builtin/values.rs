//! The check of values with meaning: `invalid-date` and `invalid-money` (fields that
//! planalign reads as dates or money but cannot), `missing-amount` (a budget line that gives
//! no amount) and `invalid-share` (shares of a link that are not parts of a whole).

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use super::{invalid_date, invalid_money, invalid_share, missing_amount};
use crate::finding::Finding;
use crate::graph::Model;
use crate::model::{Fields, Key, Name, Value, names};
use crate::parse::values::{
    MAX_SHARE, Unreadable, parse_money, parse_period, parse_share, read_money,
};
use crate::rules::condition::{DATE_FIELDS, MONEY_FIELDS};
use crate::source::Span;

pub fn check(model: &Model, findings: &mut Vec<Finding>) {
    // The names interned once, so that each field's name is compared by address.
    let read_as = ReadAs {
        dates: DATE_FIELDS.iter().map(|&n| Name::from(n)).collect(),
        money: MONEY_FIELDS.iter().map(|&n| Name::from(n)).collect(),
    };
    // A superseded plan is history: its values are not checked.
    for plan in model.plans.iter().filter(|p| !p.is_superseded()) {
        read_as.check(&plan.fields, None, &plan.id, findings);
    }
    let relations: Vec<Name> = model
        .schema
        .relations
        .iter()
        .map(|r| Name::from(r.name.as_str()))
        .collect();
    // An item that could not all be read is not judged (its own finding says why), nor is
    // one of a superseded plan.
    for (i, node) in model.nodes.iter().enumerate() {
        let plan = &model.plans[node.plan];
        if node.item.unreadable || plan.is_superseded() {
            continue;
        }
        let item = &node.item;
        read_as.check(&item.fields, Some(&item.id), &plan.id, findings);
        for name in &relations {
            if let Some(Value::Map(entries, span)) = item.fields.get(*name).map(|f| &f.value) {
                shares(&item.id, &plan.id, entries, *span, findings);
            }
        }
        if model.is_top_level_line(NodeIndex::new(i)) {
            amount(model, NodeIndex::new(i), findings);
        }
    }
}

/// `missing-amount` for a budget line that counts (one not written inside another line) and
/// gives no amount.
fn amount(model: &Model, index: NodeIndex, findings: &mut Vec<Finding>) {
    let node = model.node(index);
    let item = &node.item;
    let is_line = |n: NodeIndex| model.node(n).item.kind_id == item.kind_id;
    if item
        .fields
        .get(*names::AMOUNT)
        .is_some_and(|f| !f.value.is_empty())
    {
        return;
    }
    let beneath: Vec<i64> = model
        .graph
        .neighbors_directed(index, Direction::Incoming)
        .filter(|&n| is_line(n))
        .filter_map(|n| model.amount(n))
        .collect();
    let total = beneath.iter().fold(0_i64, |sum, a| sum.saturating_add(*a));
    let beneath = (!beneath.is_empty()).then_some((beneath.len(), total));
    let mut finding = missing_amount::finding(item.span, &item.id, &item.title, beneath)
        .plan(&model.plans[node.plan].id);
    finding.item = Some(item.id.to_string());
    findings.push(finding);
}

/// How far the shares of one link may add up to from 100%, in hundredths of a percent: one
/// percentage point, so that thirds written as 33% each are read as meant.
const SHARE_SLACK: f64 = 100.0;

/// `invalid-share` for the shares a link written as a map gives: each must be a number more
/// than 0% and at most 100%, and together they must add up to 100%.
fn shares(id: &str, plan: &str, entries: &[(Key, Value)], span: Span, findings: &mut Vec<Finding>) {
    let mut total = 0.0;
    let mut all_read = true;
    for (key, value) in entries {
        let written = value.as_str();
        match written.and_then(parse_share) {
            Some(share) if share > 0.0 && share <= MAX_SHARE => total += share,
            _ => {
                all_read = false;
                let mut finding = invalid_share::unreadable(
                    value.span(),
                    id,
                    &key.name,
                    written.unwrap_or("a list"),
                )
                .plan(plan);
                finding.item = Some(id.to_owned());
                findings.push(finding);
            }
        }
    }
    if all_read && (total - 10_000.0).abs() > SHARE_SLACK {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a sum of shares of at most 10,000 each; `as` saturates in any case"
        )]
        let mut finding = invalid_share::total(span, id, total as i64).plan(plan);
        finding.item = Some(id.to_owned());
        findings.push(finding);
    }
}

/// How a rule words a field it cannot read: its span, name and text.
type Wording = fn(Span, &str, &str) -> Finding;

/// The fields read as dates and as money.
struct ReadAs {
    dates: Vec<Name>,
    money: Vec<Name>,
}

/// Whether `value`, the value of a field named `name`, is a date or amount written in a form
/// planalign cannot read. Such a field has its own `invalid-date` or `invalid-money` finding,
/// so a rule that cannot judge it says nothing more: one mistake, one finding.
pub fn unreadable(name: &str, value: &Value) -> bool {
    let ok = if DATE_FIELDS.contains(&name) {
        value.as_str().and_then(parse_period).is_some()
    } else if MONEY_FIELDS.contains(&name) {
        value.as_str().and_then(parse_money).is_some()
    } else {
        return false;
    };
    !ok && !value.is_empty()
}

impl ReadAs {
    fn check(&self, fields: &Fields, item: Option<&str>, plan: &str, findings: &mut Vec<Finding>) {
        for (name, field) in fields.iter() {
            let value = &field.value;
            let (date, money) = (self.dates.contains(&name), self.money.contains(&name));
            if !(date || money) || !unreadable(&name, value) {
                continue;
            }
            let written = value.as_str().unwrap_or("a list");
            let finding: Wording = if date {
                invalid_date::finding
            } else if read_money(written) == Err(Unreadable::TooLarge) {
                invalid_money::too_large
            } else {
                invalid_money::finding
            };
            let mut finding = finding(value.span(), &name, written).plan(plan);
            finding.item = item.map(str::to_owned);
            findings.push(finding);
        }
    }
}
