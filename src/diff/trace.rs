//! `orphaned` and `newly-traced`: items whose line to a Corporate Plan priority broke or was
//! made. An orphan whose only way up goes through other orphans is listed under the orphan
//! it goes up through, not reported again: the cause is reported once.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;

use super::change::{Change, item_change, listed};
use super::classes::Class;
use super::matching::{Matching, named};
use super::side::Side;

pub fn compare(
    old: &Side,
    new: &Side,
    m: &Matching,
    changes: &mut Vec<Change>,
    explained: &mut BTreeSet<String>,
) {
    // Orphans, by new-side node, with the old node they were.
    let mut orphans: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    for o in old.nodes() {
        let Some(n) = m.to_new[o.index()].filter(|n| m.to_old[n.index()] == Some(o)) else {
            continue;
        };
        if old.traced(o) && !new.traced(n) {
            orphans.insert(n, o);
        } else if !old.traced(o) && new.traced(n) && !new.is_root_goal(n) {
            let message = format!(
                "{} did not trace to a Corporate Plan priority and now does.",
                named(new, n)
            );
            let mut change = item_change(Class::NewlyTraced, old, o, true, message);
            change.new_at = Some(new.at(n));
            changes.push(change);
        }
    }
    // Whether an orphan's links upward, unchanged, all lead to other orphans: then those are
    // its cause.
    let follows = |n: NodeIndex, o: NodeIndex| {
        let up = new.up(n);
        let same_links =
            old.links(o).len() == new.links(n).len()
                && old.links(o).iter().zip(new.links(n)).all(|(a, b)| {
                    a.relation == b.relation && m.new_id(old, new, &a.id) == Some(&b.id)
                });
        same_links && !up.is_empty() && up.iter().all(|u| orphans.contains_key(u))
    };
    let followers: BTreeSet<NodeIndex> = orphans
        .iter()
        .filter(|&(&n, &o)| follows(n, o))
        .map(|(&n, _)| n)
        .collect();
    let mut beneath: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
    for &n in &followers {
        explained.insert(new.id(n).to_owned());
        let mut at = n;
        let mut seen = BTreeSet::new();
        while followers.contains(&at) && seen.insert(at) {
            at = new.up(at)[0];
        }
        if !followers.contains(&at) {
            beneath.entry(at).or_default().push(n);
        }
    }
    for (&n, &o) in orphans.iter().filter(|(n, _)| !followers.contains(n)) {
        explained.insert(new.id(n).to_owned());
        let causes = causes(old, new, o);
        let why = if causes.is_empty() {
            "its own links no longer lead up to one".to_owned()
        } else {
            let words: Vec<String> = causes
                .iter()
                .map(|&c| match m.became(new, c) {
                    Some(became) => format!("{} {became}", named(old, c)),
                    None => format!("{} went", named(old, c)),
                })
                .collect();
            format!("on its old path, {}", words.join("; "))
        };
        let under = beneath.get(&n).map_or(&[][..], Vec::as_slice);
        let message = format!(
            "{} traced to a Corporate Plan priority and no longer does: {why}{}. Link it to an \
             item of the new Corporate Plan, or withdraw it.",
            named(new, n),
            listed(new, under, "and with it the items that lead up through it")
        );
        let mut change = item_change(Class::Orphaned, old, o, true, message);
        change.new_at = Some(new.at(n));
        if old.id(o) != new.id(n) {
            change.new_id = Some(new.id(n).to_owned());
        }
        change.because = causes.iter().map(|&c| old.id(c).to_owned()).collect();
        changes.push(change);
    }
}

/// The nearest items on the old path up from `o` that the new side has under no id of theirs
/// (removed or renamed): the search stops at each of them.
fn causes(old: &Side, new: &Side, o: NodeIndex) -> Vec<NodeIndex> {
    let mut found = BTreeSet::new();
    let mut seen = BTreeSet::from([o]);
    let mut stack = vec![o];
    while let Some(at) = stack.pop() {
        for up in old.up(at) {
            if !seen.insert(up) {
                continue;
            }
            if new.lookup(old.id(up)).is_none() {
                found.insert(up);
            } else {
                stack.push(up);
            }
        }
    }
    found.into_iter().collect()
}
