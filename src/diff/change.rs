//! One change between the two sides, as DESIGN's JSON gives it, and the values it carries;
//! the money row of the priority table.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::classes::{Class, Level};
use super::side::{At, Side};

/// The most ids a change lists in its message; the rest are counted.
const LISTED: usize = 10;

/// A value a change carries: an amount in pounds, an ISO date, or a target value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(serde_json::Number),
    Text(String),
}

/// One change between the sides, as DESIGN's JSON gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    #[serde(rename = "change", serialize_with = "class_id")]
    pub class: Class,
    pub level: Level,
    /// The item's kind; `None` for a change to a plan as a whole.
    pub kind: Option<String>,
    pub plan: String,
    /// The item's id on the old side (the new side's for an addition).
    pub id: Option<String>,
    pub new_id: Option<String>,
    pub title: String,
    pub new_title: Option<String>,
    pub old_at: Option<At>,
    pub new_at: Option<At>,
    pub message: String,
    pub because: Vec<String>,
    pub evidence: Option<String>,
    pub possible: bool,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
}

fn class_id<S: serde::Serializer>(class: &Class, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(class.as_str())
}

impl Change {
    /// A change of `class` at its usual level, with nothing set but its message.
    pub fn new(class: Class, plan: &str, title: &str, message: String) -> Self {
        Change {
            class,
            level: class.meta().level,
            kind: None,
            plan: plan.to_owned(),
            id: None,
            new_id: None,
            title: title.to_owned(),
            new_title: None,
            old_at: None,
            new_at: None,
            message,
            because: Vec::new(),
            evidence: None,
            possible: false,
            old_value: None,
            new_value: None,
        }
    }

    /// Places the change on the old side, or the new.
    pub fn at(&mut self, at: At, on_old: bool) {
        if on_old {
            self.old_at = Some(at);
        } else {
            self.new_at = Some(at);
        }
    }

    /// Where the change is seen: on the new side, or the old side for what was removed.
    pub fn seen_at(&self) -> Option<&At> {
        self.new_at.as_ref().or(self.old_at.as_ref())
    }
}

/// A Corporate Plan priority's attributed money on each side, in pence, with its id and
/// title on each side it is on (a merge lists its old ids together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyRow {
    pub old: Option<(String, String)>,
    pub new: Option<(String, String)>,
    pub old_amount: i64,
    pub new_amount: i64,
}

/// A change about one item, with its kind, id and title filled in and where it can be seen.
pub fn item_change(
    class: Class,
    side: &Side,
    node: NodeIndex,
    on_old: bool,
    message: String,
) -> Change {
    let mut change = Change::new(class, side.plan_id(node), side.title(node), message);
    change.kind = Some(side.kind(node).to_owned());
    change.id = Some(side.id(node).to_owned());
    change.at(side.at(node), on_old);
    change
}

/// `, with the items inside it: A, B and 3 more` (nothing for no items).
pub fn listed(side: &Side, nodes: &[NodeIndex], what: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let mut ids: Vec<&str> = nodes.iter().take(LISTED).map(|&n| side.id(n)).collect();
    let more = nodes.len().saturating_sub(LISTED);
    let rest = format!("{more} more");
    if more > 0 {
        ids.push(&rest);
    }
    format!(", {what}: {}", ids.join(", "))
}

pub fn number_value(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or_else(|| Value::Text(v.to_string()), Value::Number)
}

/// Pence as pounds: a whole number where there are no pence.
pub fn pounds(pence: i64) -> Value {
    if pence % 100 == 0 {
        Value::Number((pence / 100).into())
    } else {
        #[allow(
            clippy::cast_precision_loss,
            reason = "an amount shown in pounds; pence beyond 2^53 are not money plans hold"
        )]
        number_value(pence as f64 / 100.0)
    }
}
