//! The built-in rules `invalid-date` and `invalid-money`: fields that planalign reads as dates
//! or money but cannot.

use super::condition::{DATE_FIELDS, MONEY_FIELDS};
use crate::finding::Finding;
use crate::graph::Model;
use crate::model::{Fields, Name};
use crate::parse::values::{DATE_FORMS, MONEY_FORMS, parse_money, parse_period};

pub fn check(model: &Model, findings: &mut Vec<Finding>) {
    // The names interned once, so that each field's name is compared by address.
    let read_as = ReadAs {
        dates: DATE_FIELDS.iter().map(|&n| Name::from(n)).collect(),
        money: MONEY_FIELDS.iter().map(|&n| Name::from(n)).collect(),
    };
    for plan in &model.plans {
        read_as.check(&plan.fields, None, &plan.id, findings);
    }
    for node in &model.nodes {
        let plan = &model.plans[node.plan].id;
        read_as.check(&node.item.fields, Some(&node.item.id), plan, findings);
    }
}

/// The fields read as dates and as money.
struct ReadAs {
    dates: Vec<Name>,
    money: Vec<Name>,
}

impl ReadAs {
    fn check(&self, fields: &Fields, item: Option<&str>, plan: &str, findings: &mut Vec<Finding>) {
        for (name, field) in fields.iter() {
            let (rule, ok, what, forms) = if self.dates.contains(&name) {
                let ok = field.value.as_str().and_then(parse_period).is_some();
                ("invalid-date", ok, "a date", DATE_FORMS)
            } else if self.money.contains(&name) {
                let ok = field.value.as_str().and_then(parse_money).is_some();
                ("invalid-money", ok, "an amount of money", MONEY_FORMS)
            } else {
                continue;
            };
            if ok || field.value.is_empty() {
                continue;
            }
            let written = field.value.as_str().unwrap_or("a list");
            let mut finding = Finding::new(
                rule,
                field.value.span(),
                format!("`{name}: {written}` cannot be read as {what}"),
            )
            .label(format!("not {what}"))
            .help(format!("Write {forms}."))
            .plan(plan);
            finding.item = item.map(str::to_owned);
            findings.push(finding);
        }
    }
}
