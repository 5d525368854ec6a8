//! Which item of the new side each item of the old side became: the same id; an explicit
//! `replaces: OLD-ID` on the new item; or, for a removed and an added item of the same kind,
//! inference from the evidence (followers re-pointed, children moved, titles alike). Strong
//! evidence makes a match; weak evidence is only reported, as a possible rename.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::change::Change;
use super::classes::Class;
use super::side::Side;

/// The titles' likeness (Sørensen-Dice on letter pairs) at which a removed and an added item
/// of one kind and plan are taken for one item on that evidence alone.
const ALIKE: f64 = 0.85;
/// The likeness at which, without followers, a rename is possible.
const POSSIBLY_ALIKE: f64 = 0.5;
/// At most this many pairs of removed and added items per kind and plan are compared by
/// title; beyond it, only followers are evidence (a refresh renames dozens, not thousands).
const TITLE_PAIRS: usize = 250_000;

/// One recorded or inferred change of id: old items and the new items they became.
struct Rename {
    old: Vec<NodeIndex>,
    new: Vec<NodeIndex>,
    class: Class,
    evidence: String,
    possible: bool,
}

pub struct Matching {
    /// For each old item, the new item it became (the first, for a split).
    pub to_new: Vec<Option<NodeIndex>>,
    /// For each new item, the old item it was (the first, for a merge).
    pub to_old: Vec<Option<NodeIndex>>,
    renames: Vec<Rename>,
}

/// What inference found for one removed item.
struct Candidate {
    new: NodeIndex,
    moved: usize,
    children: usize,
    alike: f64,
}

impl Matching {
    pub fn find(old: &Side, new: &Side) -> Self {
        let mut m = Matching {
            to_new: vec![None; old.model().nodes.len()],
            to_old: vec![None; new.model().nodes.len()],
            renames: Vec::new(),
        };
        for o in old.nodes() {
            if let Some(n) = new.lookup(old.id(o)) {
                m.pair(o, n);
            }
        }
        m.replaces(old, new);
        m.infer(old, new);
        m
    }

    fn pair(&mut self, o: NodeIndex, n: NodeIndex) {
        self.to_new[o.index()].get_or_insert(n);
        self.to_old[n.index()].get_or_insert(o);
    }

    /// The new item an old id became, if any.
    pub fn new_id<'s>(&self, old: &Side, new: &'s Side, id: &str) -> Option<&'s str> {
        let o = old.lookup(id)?;
        self.to_new[o.index()].map(|n| new.id(n))
    }

    /// `replaces:` on the new side: authoritative, for the old ids that no new item has.
    fn replaces(&mut self, old: &Side, new: &Side) {
        let mut by_old: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
        for n in new.nodes() {
            let Some(field) = new.model().node(n).item.fields.get_str("replaces") else {
                continue;
            };
            for (id, _) in field.value.ids() {
                if let Some(o) = old.lookup(id).filter(|o| self.to_new[o.index()].is_none()) {
                    let news = by_old.entry(o).or_default();
                    if !news.contains(&n) {
                        news.push(n);
                    }
                }
            }
        }
        let mut by_new: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
        for (&o, news) in &by_old {
            for &n in news {
                by_new.entry(n).or_default().push(o);
            }
        }
        for (o, news) in by_old {
            // A new item that keeps an old id of its own absorbs the ones it replaces.
            let merged = by_new[&news[0]].len() > 1 || old.lookup(new.id(news[0])).is_some();
            let class = match (news.len() > 1, merged) {
                (true, _) => Class::ItemSplit,
                (false, true) => Class::ItemMerged,
                (false, false) => Class::ItemRenamed,
            };
            let evidence = format!(
                "recorded with `replaces: {}` on {}",
                old.id(o),
                names(new, &news)
            );
            for &n in &news {
                self.pair(o, n);
            }
            self.renames.push(Rename {
                old: vec![o],
                new: news,
                class,
                evidence,
                possible: false,
            });
        }
    }

    /// Renames and merges nobody recorded, from the evidence.
    fn infer(&mut self, old: &Side, new: &Side) {
        let added: Vec<bool> = self.to_old.iter().map(Option::is_none).collect();
        // Added items by kind and plan, for the comparison of titles.
        let mut by_group: BTreeMap<(&str, &str), Vec<NodeIndex>> = BTreeMap::new();
        for n in new.nodes().filter(|n| added[n.index()]) {
            by_group
                .entry((new.kind(n), new.plan_id(n)))
                .or_default()
                .push(n);
        }
        let removed: Vec<NodeIndex> = old
            .nodes()
            .filter(|o| self.to_new[o.index()].is_none())
            .collect();
        let mut removed_per_group: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for &o in &removed {
            *removed_per_group
                .entry((old.kind(o), old.plan_id(o)))
                .or_default() += 1;
        }
        let mut confident: BTreeMap<NodeIndex, Vec<(NodeIndex, String)>> = BTreeMap::new();
        let mut joining = Vec::new();
        for o in removed {
            let followers: Vec<(NodeIndex, NodeIndex)> = old
                .followers(o)
                .into_iter()
                .filter_map(|f| self.to_new[f.index()].map(|g| (f, g)))
                .collect();
            let mut candidates: BTreeMap<NodeIndex, Candidate> = BTreeMap::new();
            for &(f, g) in &followers {
                for n in new.up(g) {
                    if !added[n.index()] || new.kind(n) != old.kind(o) {
                        continue;
                    }
                    let c = candidates.entry(n).or_insert(Candidate {
                        new: n,
                        moved: 0,
                        children: 0,
                        alike: alike(old.title(o), new.title(n)),
                    });
                    c.moved += 1;
                    if old.parent(f) == Some(o) && new.parent(g) == Some(n) {
                        c.children += 1;
                    }
                }
            }
            let group = (old.kind(o), old.plan_id(o));
            let pool = by_group.get(&group).map_or(&[][..], Vec::as_slice);
            if pool.len() * removed_per_group[&group] <= TITLE_PAIRS {
                for &n in pool {
                    candidates.entry(n).or_insert_with(|| Candidate {
                        new: n,
                        moved: 0,
                        children: 0,
                        alike: alike(old.title(o), new.title(n)),
                    });
                }
            }
            let best = candidates
                .into_values()
                .max_by(|a, b| (a.moved, a.alike).partial_cmp(&(b.moved, b.alike)).unwrap());
            let Some(best) = best else { continue };
            let half = best.moved * 2 > followers.len();
            // Alike titles alone are enough only when no follower went elsewhere.
            let alike_alone = best.alike >= ALIKE && (followers.is_empty() || half);
            let strong = (half && (best.moved >= 2 || best.alike >= 0.3)) || alike_alone;
            let weak = best.moved >= 1 || best.alike >= POSSIBLY_ALIKE;
            let evidence = evidence(old, new, o, &best, followers.len());
            if strong {
                confident.entry(best.new).or_default().push((o, evidence));
            } else if half {
                // Most of its followers went where a stronger match went: a merge, decided
                // once every removed item has been looked at.
                joining.push((o, best.new, evidence));
            } else if weak {
                self.renames.push(Rename {
                    old: vec![o],
                    new: vec![best.new],
                    class: Class::ItemRenamed,
                    evidence,
                    possible: true,
                });
            }
        }
        for (o, n, evidence) in joining {
            match confident.get_mut(&n) {
                Some(olds) => olds.push((o, evidence)),
                None => self.renames.push(Rename {
                    old: vec![o],
                    new: vec![n],
                    class: Class::ItemRenamed,
                    evidence,
                    possible: true,
                }),
            }
        }
        for (n, mut olds) in confident {
            olds.sort_by_key(|(o, _)| *o);
            let class = if olds.len() > 1 {
                Class::ItemMerged
            } else {
                Class::ItemRenamed
            };
            for (o, evidence) in olds {
                self.pair(o, n);
                self.renames.push(Rename {
                    old: vec![o],
                    new: vec![n],
                    class,
                    evidence,
                    possible: false,
                });
            }
        }
    }

    /// What the old item became, in words, for a link that still names it.
    pub fn became(&self, new: &Side, o: NodeIndex) -> Option<String> {
        let rename = self.renames.iter().find(|r| r.old.contains(&o))?;
        let verb = match (rename.class, rename.possible) {
            (_, true) => "may have become",
            (Class::ItemMerged, _) => "was merged into",
            (Class::ItemSplit, _) => "was split into",
            _ => "was renamed",
        };
        Some(format!("{verb} {}", names(new, &rename.new)))
    }

    /// The renames, merges and splits, and the possible renames, as changes.
    pub fn changes(&self, old: &Side, new: &Side) -> Vec<Change> {
        let mut changes = Vec::new();
        for r in &self.renames {
            let o = r.old[0];
            let n = r.new[0];
            let merged_with: Vec<NodeIndex> = self
                .renames
                .iter()
                .filter(|s| s.class == Class::ItemMerged && !s.possible && s.new[0] == n)
                .flat_map(|s| s.old.iter().copied())
                .filter(|&p| p != o)
                .collect();
            let message = match (r.class, r.possible) {
                (_, true) => format!(
                    "{} may have become {}: {}. If it did, record that with `replaces: {}` on \
                     {}; until then it is reported as removed.",
                    named(old, o),
                    named(new, n),
                    r.evidence,
                    old.id(o),
                    new.id(n)
                ),
                (Class::ItemMerged, _) if !merged_with.is_empty() => format!(
                    "{} was merged into {} together with {}. Check that what linked to each now \
                     links to {}.",
                    named(old, o),
                    named(new, n),
                    names(old, &merged_with),
                    new.id(n)
                ),
                (Class::ItemMerged, _) => format!(
                    "{} was merged into {}. Check that what linked to it now links to {}.",
                    named(old, o),
                    named(new, n),
                    new.id(n)
                ),
                (Class::ItemSplit, _) => format!(
                    "{} was split into {}. Check that what linked to it now links to the right \
                     one.",
                    named(old, o),
                    names(new, &r.new)
                ),
                _ => format!(
                    "{} is now {}. Check that what linked to it now links to {}.",
                    named(old, o),
                    named(new, n),
                    new.id(n)
                ),
            };
            let mut change = Change::new(r.class, old.plan_id(o), old.title(o), message);
            change.kind = Some(old.kind(o).to_owned());
            change.id = Some(old.id(o).to_owned());
            change.new_id = Some(new.id(n).to_owned());
            change.new_title = Some(new.title(n).to_owned());
            change.old_at = Some(old.at(o));
            change.new_at = Some(new.at(n));
            change.evidence = Some(r.evidence.clone());
            change.possible = r.possible;
            changes.push(change);
        }
        changes
    }
}

fn evidence(old: &Side, new: &Side, o: NodeIndex, c: &Candidate, followers: usize) -> String {
    let mut parts = Vec::new();
    if c.moved > 0 {
        let mut part = format!(
            "{} of {} items that linked to {} link to {} now",
            c.moved,
            followers,
            old.id(o),
            new.id(c.new)
        );
        if c.children > 0 {
            part.push_str(&format!(" ({} of them moved inside it)", c.children));
        }
        parts.push(part);
    } else {
        parts.push(format!(
            "nothing that linked to {} links to {} now",
            old.id(o),
            new.id(c.new)
        ));
    }
    parts.push(format!("titles {:.0}% alike", c.alike * 100.0));
    parts.join("; ")
}

/// How alike two titles are, from 0 to 1, ignoring case.
fn alike(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&a.to_lowercase(), &b.to_lowercase())
}

/// `CP-P2 "Your Neighbourhood"`.
pub fn named(side: &Side, node: NodeIndex) -> String {
    format!(
        "{} {} \"{}\"",
        side.kind(node),
        side.id(node),
        side.title(node)
    )
}

fn names(side: &Side, nodes: &[NodeIndex]) -> String {
    let parts: Vec<String> = nodes
        .iter()
        .map(|&n| format!("{} \"{}\"", side.id(n), side.title(n)))
        .collect();
    parts.join(" and ")
}
