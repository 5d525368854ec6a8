//! `planalign diff`: last year's plans against this year's. Each side is one snapshot,
//! checked on its own with its own planalign.yaml and rules; `matching` pairs the items of the
//! two sides (same id, `replaces:`, inferred renames and merges); `items` and `plans` find the
//! changes of each class in `classes`. Reports read the [`Diff`].

pub mod classes;
mod items;
mod matching;
mod plans;
mod side;
mod trace;

use chrono::NaiveDate;
use serde::Serialize;

pub use classes::{Class, Level};
pub use side::Side;

use crate::engine::{self, CheckOptions};
use crate::snapshot::Snapshot;

/// Where a change can be seen: a file of one side, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct At {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

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

/// Both sides and every change between them, sorted.
pub struct Diff {
    pub as_of: NaiveDate,
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
    /// Money per priority, in the new Corporate Plan's order, then the priorities that went.
    pub money: Vec<MoneyRow>,
}

impl Diff {
    /// How many changes there are of a level.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// The id of the Corporate Plan, new side first, whose changes come first.
    pub fn root_plan(&self) -> Option<&str> {
        self.new.root_plan_id().or_else(|| self.old.root_plan_id())
    }
}

/// Checks both snapshots (at the same time, on all cores) and compares them.
pub fn diff(
    old: (&dyn Snapshot, String),
    new: (&dyn Snapshot, String),
    as_of: NaiveDate,
) -> Result<Diff, engine::Error> {
    let options = CheckOptions {
        as_of,
        severity: Vec::new(),
    };
    let (old_outcome, new_outcome) = rayon::join(
        || engine::check(old.0, &options),
        || engine::check(new.0, &options),
    );
    let old = Side::new(old.1, old_outcome?);
    let new = Side::new(new.1, new_outcome?);
    let (changes, money) = compare(&old, &new, as_of);
    Ok(Diff {
        as_of,
        old,
        new,
        changes,
        money,
    })
}

fn compare(old: &Side, new: &Side, as_of: NaiveDate) -> (Vec<Change>, Vec<MoneyRow>) {
    let matching = matching::Matching::find(old, new);
    let mut changes = matching.changes(old, new);
    let found = items::compare(old, new, &matching, as_of);
    changes.extend(found.changes);
    let money = plans::compare(old, new, &matching, as_of, &found.explained, &mut changes);
    sort(old, new, &mut changes);
    (changes, money)
}

/// By plan (the Corporate Plan first), then by old-side position (new-side position for what
/// only the new side has), then class and message: the same sides always give the same order.
fn sort(old: &Side, new: &Side, changes: &mut [Change]) {
    let root = new
        .root_plan_id()
        .or_else(|| old.root_plan_id())
        .map(str::to_owned);
    changes.sort_by_cached_key(|c| {
        (
            Some(&c.plan) != root.as_ref(),
            c.plan.clone(),
            c.old_at.is_none(),
            c.old_at.clone(),
            c.new_at.clone(),
            c.class,
            c.id.clone(),
            c.message.clone(),
        )
    });
}
