//! The built-in rules `invalid-date` and `invalid-money`: fields that planalign reads as dates
//! or money but cannot.

use super::condition::{DATE_FIELDS, MONEY_FIELDS};
use crate::finding::Finding;
use crate::graph::Model;
use crate::model::Fields;
use crate::parse::values::{DATE_FORMS, MONEY_FORMS, parse_money, parse_period};

pub fn check(model: &Model, findings: &mut Vec<Finding>) {
    for plan in &model.plans {
        check_fields(&plan.fields, None, &plan.id, findings);
    }
    for node in &model.nodes {
        let plan = &model.plans[node.plan].id;
        check_fields(&node.item.fields, Some(&node.item.id), plan, findings);
    }
}

fn check_fields(fields: &Fields, item: Option<&str>, plan: &str, findings: &mut Vec<Finding>) {
    for (name, field) in fields.iter() {
        let (rule, ok, what, forms) = if DATE_FIELDS.contains(&name.as_str()) {
            let ok = field.value.as_str().and_then(parse_period).is_some();
            ("invalid-date", ok, "a date", DATE_FORMS)
        } else if MONEY_FIELDS.contains(&name.as_str()) {
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
