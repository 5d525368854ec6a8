//! The check of `invalid-date` and `invalid-money`: fields that planalign reads as dates or
//! money but cannot.

use super::{invalid_date, invalid_money};
use crate::finding::Finding;
use crate::graph::Model;
use crate::model::{Fields, Name, Value};
use crate::parse::values::{parse_money, parse_period};
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
    // An item that could not all be read is not judged (its own finding says why), nor is
    // one of a superseded plan.
    for node in model.nodes.iter().filter(|n| !n.item.unreadable) {
        let plan = &model.plans[node.plan];
        if !plan.is_superseded() {
            read_as.check(&node.item.fields, Some(&node.item.id), &plan.id, findings);
        }
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
            let finding: Wording = if self.dates.contains(&name) {
                invalid_date::finding
            } else if self.money.contains(&name) {
                invalid_money::finding
            } else {
                continue;
            };
            if !unreadable(&name, value) {
                continue;
            }
            let written = value.as_str().unwrap_or("a list");
            let mut finding = finding(value.span(), &name, written).plan(plan);
            finding.item = item.map(str::to_owned);
            findings.push(finding);
        }
    }
}
