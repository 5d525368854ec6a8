//! `planalign diff`: last year's plans against this year's. Each side is one snapshot,
//! checked on its own with its own planalign.yaml and rules; `matching` pairs the items of the
//! two sides (same id, `replaces:`, inferred renames and merges); `items` and `plans` find the
//! changes of each class in `classes`. Reports read the [`Diff`].

mod change;
pub mod classes;
mod items;
mod matching;
mod plans;
mod side;
mod trace;

use chrono::NaiveDate;

pub use change::{Change, MoneyRow, Value};
pub use classes::{Class, Level};
pub use side::{At, Side};

use crate::engine::{self, CheckOptions};
use crate::snapshot::Snapshot;

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
