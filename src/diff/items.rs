//! Changes to items: what came and went (with what was declared inside it), links that name
//! a removed item, each matched item's title, kind, place, links, amount, target and due date.
//! Only meaning is compared, never position or prose, so re-ordering, re-indenting and
//! re-wording a paragraph change nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;

use super::change::{Change, Value, item_change, listed, number_value, pounds};
use super::classes::{Class, Level};
use super::matching::{Matching, named};
use super::side::{Link, Side};
use super::trace;
use crate::parse::values::{parse_money, parse_period};

/// What item changes found, and the new-side items whose new findings they explain.
pub struct Found {
    pub changes: Vec<Change>,
    pub explained: BTreeSet<String>,
}

/// The statuses of work that is finished (as the `overdue` rule has them).
const COMPLETE: [&str; 5] = ["complete", "completed", "achieved", "done", "withdrawn"];

pub fn compare(old: &Side, new: &Side, m: &Matching, as_of: NaiveDate) -> Found {
    let mut changes = Vec::new();
    let mut explained = BTreeSet::new();
    let still_named = links_to_removed(old, new, m, &mut changes, &mut explained);
    removed(old, m, &still_named, &mut changes);
    added(new, m, &mut changes);
    let root_start = new
        .model()
        .root
        .and_then(|r| new.model().plans[r].field_str("period"))
        .and_then(parse_period)
        .map(|p| p.start);
    for o in old.nodes() {
        let Some(n) = m.to_new[o.index()] else {
            continue;
        };
        if m.to_old[n.index()] != Some(o) {
            continue; // one of several merged items: the first speaks for them
        }
        let pair = Pair { old, new, o, n };
        pair.header(m, &mut changes);
        pair.links(m, &mut changes);
        pair.amount(&mut changes);
        pair.target(&mut changes);
        pair.due(as_of, root_start, &mut changes);
    }
    trace::compare(old, new, m, &mut changes, &mut explained);
    Found { changes, explained }
}

/// `link-to-removed`: new-side links naming an id only the old side has. Gives back how many
/// such links name each old item.
fn links_to_removed(
    old: &Side,
    new: &Side,
    m: &Matching,
    changes: &mut Vec<Change>,
    explained: &mut BTreeSet<String>,
) -> BTreeMap<NodeIndex, usize> {
    let mut named_by = BTreeMap::new();
    for n in new.nodes() {
        for link in new.links(n) {
            let Some(o) = old
                .lookup(&link.id)
                .filter(|_| new.lookup(&link.id).is_none())
            else {
                continue;
            };
            *named_by.entry(o).or_default() += 1;
            let fix = match m.became(new, o) {
                Some(became) => format!("it {became}: link to that instead"),
                None => "it was removed: link to whatever carries that work now".to_owned(),
            };
            let message = format!(
                "{} {} {}, which the new plans no longer have: {fix}.",
                named(new, n),
                link.relation,
                link.id
            );
            let mut change = item_change(Class::LinkToRemoved, new, n, false, message);
            change.new_at = Some(new.at_span(link.span));
            change.because = vec![link.id.to_string()];
            if let Some(o_self) = m.to_old[n.index()] {
                change.old_at = Some(old.at(o_self));
                change.id = Some(old.id(o_self).to_owned());
                if old.id(o_self) != new.id(n) {
                    change.new_id = Some(new.id(n).to_owned());
                }
            }
            changes.push(change);
            explained.insert(new.id(n).to_owned());
        }
    }
    named_by
}

/// The items inside each item that came or went with it, keyed by the outermost one.
fn gathered(
    side: &Side,
    unmatched: impl Fn(NodeIndex) -> bool,
) -> BTreeMap<NodeIndex, Vec<NodeIndex>> {
    let mut groups: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
    for node in side.nodes().filter(|&n| unmatched(n)) {
        let mut top = node;
        let mut steps = 0;
        while let Some(parent) = side.parent(top).filter(|&p| unmatched(p)) {
            top = parent;
            steps += 1;
            if steps > side.model().nodes.len() {
                break;
            }
        }
        let inside = groups.entry(top).or_default();
        if top != node {
            inside.push(node);
        }
    }
    groups
}

fn removed(
    old: &Side,
    m: &Matching,
    still_named: &BTreeMap<NodeIndex, usize>,
    changes: &mut Vec<Change>,
) {
    for (o, inside) in gathered(old, |o| m.to_new[o.index()].is_none()) {
        let links = still_named.get(&o).copied().unwrap_or(0);
        let mut message = format!("{} is not in the new plans", named(old, o));
        message.push_str(&listed(old, &inside, "with the items inside it"));
        message.push('.');
        if links > 0 {
            let (noun, verb) = if links == 1 {
                ("link", "names")
            } else {
                ("links", "name")
            };
            message.push_str(&format!(
                " {links} {noun} on the new side still {verb} it (each reported as \
                 link-to-removed)."
            ));
        }
        let mut change = item_change(Class::ItemRemoved, old, o, true, message);
        if links > 0 && old.is_root_goal(o) {
            change.level = Level::Breaking;
        }
        changes.push(change);
    }
}

fn added(new: &Side, m: &Matching, changes: &mut Vec<Change>) {
    for (n, inside) in gathered(new, |n| m.to_old[n.index()].is_none()) {
        let mut message = format!("{} is new", named(new, n));
        message.push_str(&listed(new, &inside, "with the items inside it"));
        message.push('.');
        changes.push(item_change(Class::ItemAdded, new, n, false, message));
    }
}

/// An item of the old side and the one it became.
struct Pair<'a> {
    old: &'a Side,
    new: &'a Side,
    o: NodeIndex,
    n: NodeIndex,
}

impl Pair<'_> {
    fn change(&self, class: Class, message: String) -> Change {
        let mut change = item_change(class, self.old, self.o, true, message);
        change.new_at = Some(self.new.at(self.n));
        if self.old.id(self.o) != self.new.id(self.n) {
            change.new_id = Some(self.new.id(self.n).to_owned());
        }
        change
    }

    fn is(&self, kinds: &[&str]) -> bool {
        kinds.contains(&self.new.kind(self.n)) && kinds.contains(&self.old.kind(self.o))
    }

    /// Title (for the same id: a new id says so already), kind and the item it is inside.
    fn header(&self, m: &Matching, changes: &mut Vec<Change>) {
        let (old, new, o, n) = (self.old, self.new, self.o, self.n);
        if old.id(o) == new.id(n) && old.title(o) != new.title(n) {
            let mut change = self.change(
                Class::ItemRetitled,
                format!(
                    "{} {} was \"{}\" and is now \"{}\".",
                    new.kind(n),
                    new.id(n),
                    old.title(o),
                    new.title(n)
                ),
            );
            change.new_title = Some(new.title(n).to_owned());
            changes.push(change);
        }
        if old.kind(o) != new.kind(n) {
            let message = format!(
                "{} {} was a {} and is now a {}.",
                new.id(n),
                new.title(n),
                old.kind(o),
                new.kind(n)
            );
            let mut change = self.change(Class::ItemKindChanged, message);
            change.old_value = Some(Value::Text(old.kind(o).to_owned()));
            change.new_value = Some(Value::Text(new.kind(n).to_owned()));
            changes.push(change);
        }
        let was = old.parent(o);
        let is = new.parent(n);
        if was.and_then(|p| m.to_new[p.index()]) != is && (was.is_some() || is.is_some()) {
            let place = |side: &Side, p: Option<NodeIndex>| {
                p.map_or("at the top of its plan".to_owned(), |p| {
                    format!("inside {}", named(side, p))
                })
            };
            let message = format!(
                "{} {} is now declared {} (it was {}).",
                new.kind(n),
                new.id(n),
                place(new, is),
                place(old, was)
            );
            changes.push(self.change(Class::ItemMoved, message));
        }
    }

    /// The item's own links, with old ids read as what they became. Links that name a removed
    /// id are link-to-removed changes already.
    fn links(&self, m: &Matching, changes: &mut Vec<Change>) {
        let (old, new) = (self.old, self.new);
        let gone = |link: &Link| new.lookup(&link.id).is_none() && old.lookup(&link.id).is_some();
        let new_links: Vec<Link> = new.links(self.n).into_iter().filter(|l| !gone(l)).collect();
        let named_still: BTreeSet<(String, String)> = new
            .links(self.n)
            .iter()
            .filter(|l| gone(l))
            .map(|l| (l.relation.clone(), l.id.to_string()))
            .collect();
        let mut was: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for link in old.links(self.o) {
            if named_still.contains(&(link.relation.clone(), link.id.to_string())) {
                continue;
            }
            let id = m
                .new_id(old, new, &link.id)
                .map_or_else(|| link.id.to_string(), str::to_owned);
            was.entry(link.relation.clone()).or_default().insert(id);
        }
        let mut is: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for link in &new_links {
            is.entry(link.relation.clone())
                .or_default()
                .insert(link.id.to_string());
        }
        let relations: BTreeSet<&String> = was.keys().chain(is.keys()).collect();
        let empty = BTreeSet::new();
        for relation in relations {
            let before = was.get(relation).unwrap_or(&empty);
            let after = is.get(relation).unwrap_or(&empty);
            let lost: Vec<&String> = before.difference(after).collect();
            let got: Vec<&String> = after.difference(before).collect();
            let who = format!("{} {}", new.kind(self.n), new.id(self.n));
            for (i, &id) in lost.iter().enumerate() {
                let change = match got.get(i) {
                    Some(to) => self.change(
                        Class::LinkRetargeted,
                        format!("{who} now {relation} {to} instead of {id}."),
                    ),
                    None => self.change(
                        Class::LinkRemoved,
                        format!("{who} no longer {relation} {id}."),
                    ),
                };
                changes.push(change);
            }
            for to in got.iter().skip(lost.len()) {
                changes.push(self.change(Class::LinkAdded, format!("{who} now {relation} {to}.")));
            }
        }
    }

    fn amount(&self, changes: &mut Vec<Change>) {
        if !self.is(&["budget-line"]) {
            return;
        }
        let read = |side: &Side, node| side.field(node, "amount").and_then(parse_money);
        let (Some(was), Some(is)) = (read(self.old, self.o), read(self.new, self.n)) else {
            return;
        };
        if was != is {
            let message = format!(
                "Budget line {} \"{}\" was {} and is now {}.",
                self.new.id(self.n),
                self.new.title(self.n),
                crate::parse::values::format_money(was),
                crate::parse::values::format_money(is)
            );
            let mut change = self.change(Class::BudgetLineChanged, message);
            change.old_value = Some(pounds(was));
            change.new_value = Some(pounds(is));
            changes.push(change);
        }
    }

    fn target(&self, changes: &mut Vec<Change>) {
        if !self.is(&["target"]) {
            return;
        }
        let number = |side: &Side, node, key| side.field(node, key).and_then(parse_number);
        for key in ["baseline", "target"] {
            let (Some(was), Some(is)) =
                (number(self.old, self.o, key), number(self.new, self.n, key))
            else {
                continue;
            };
            if was == is {
                continue;
            }
            let polarity = self.new.field(self.n, "polarity");
            let weaker = key == "target"
                && match polarity {
                    Some("up") => is < was,
                    Some("down") => is > was,
                    _ => false,
                };
            let (class, why) = if weaker {
                (
                    Class::TargetWeakened,
                    format!(
                        " That is less ambitious for a target where {} is better: say why in the plan.",
                        if polarity == Some("up") {
                            "higher"
                        } else {
                            "lower"
                        }
                    ),
                )
            } else {
                (Class::TargetChanged, String::new())
            };
            let message = format!(
                "Target {} \"{}\": its {key} was {was} and is now {is}.{why}",
                self.new.id(self.n),
                self.new.title(self.n)
            );
            let mut change = self.change(class, message);
            change.old_value = Some(number_value(was));
            change.new_value = Some(number_value(is));
            changes.push(change);
        }
    }

    fn due(&self, as_of: NaiveDate, root_start: Option<NaiveDate>, changes: &mut Vec<Change>) {
        if !self.is(&["target", "action"]) {
            return;
        }
        let due = |side: &Side, node| {
            side.field(node, "due")
                .and_then(parse_period)
                .map(|p| p.end)
        };
        let (Some(was), Some(is)) = (due(self.old, self.o), due(self.new, self.n)) else {
            return;
        };
        let what = format!(
            "{} {} \"{}\"",
            self.new.kind(self.n),
            self.new.id(self.n),
            self.new.title(self.n)
        );
        let complete = self
            .new
            .field(self.n, "status")
            .is_some_and(|s| COMPLETE.contains(&s.to_lowercase().as_str()));
        let change = if is > was {
            self.change(
                Class::TargetSlipped,
                format!("{what} was due {was} and is now due {is}."),
            )
        } else if is == was && !complete && (is < as_of || root_start.is_some_and(|s| is < s)) {
            let before = if is < as_of {
                format!("before {as_of}")
            } else {
                "before the new Corporate Plan starts".to_owned()
            };
            self.change(
                Class::TargetStale,
                format!(
                    "{what} was carried over still due {is}, {before}, and is not complete: \
                     re-date it, mark it complete, or withdraw it."
                ),
            )
        } else {
            return;
        };
        let mut change = change;
        change.old_value = Some(Value::Text(was.to_string()));
        change.new_value = Some(Value::Text(is.to_string()));
        changes.push(change);
    }
}

/// A number as plans write it: `9.8`, `84%`, `1,200`.
fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '%' | '£' | ' '))
        .collect();
    cleaned.parse().ok().filter(|v: &f64| v.is_finite())
}
