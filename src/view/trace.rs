//! The golden thread through one item: every path up from it to the root priorities, and
//! everything that leads up to it, as trees with kind, title, plan and money.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::Model;
use crate::suggest;
use crate::view::money::Attribution;

/// The most lines a tree shows, so that a tangled plan cannot produce an endless report.
pub const MAX_NODES: usize = 500;

#[derive(Debug, Serialize)]
pub struct Step {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub plan: String,
    /// The relation that joins this item to the one above it in the tree.
    pub relation: Option<String>,
    /// Money attributed to the item, in pence.
    pub money: i64,
    /// True when the item was already shown elsewhere in this tree; its branches are not
    /// repeated.
    pub repeated: bool,
    pub children: Vec<Step>,
}

#[derive(Debug, Serialize)]
pub struct Trace {
    pub item: Step,
    /// Paths up to the root priorities.
    pub up: Vec<Step>,
    /// What leads up to the item.
    pub down: Vec<Step>,
    /// Whether the item traces to a root priority.
    pub traces: bool,
    /// True when a tree was cut at `MAX_NODES` lines.
    pub cut: bool,
}

/// There is no item of the id asked for; the nearest id there is, when one is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoItem {
    pub id: String,
    pub suggestion: Option<String>,
}

impl NoItem {
    /// The same, saying nothing of near ids (`graph --around` has never suggested one).
    #[must_use]
    pub fn without_suggestion(self) -> Self {
        Self {
            suggestion: None,
            ..self
        }
    }
}

impl std::fmt::Display for NoItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "there is no item {}", self.id)?;
        match &self.suggestion {
            Some(s) => write!(f, ": did you mean {s}?"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for NoItem {}

/// The item of this id, or the nearest id there is.
pub fn find(model: &Model, id: &str) -> Result<NodeIndex, NoItem> {
    model.lookup(id).ok_or_else(|| {
        let known: Vec<&str> = model.nodes.iter().map(|n| n.item.id.as_str()).collect();
        NoItem {
            id: id.to_owned(),
            suggestion: suggest::suggest_ids(&known, &[(id, &[])])[0].map(str::to_owned),
        }
    })
}

pub fn trace(model: &Model, money: &Attribution, index: NodeIndex) -> Trace {
    let mut budget = MAX_NODES;
    let up = branches(
        model,
        money,
        index,
        Direction::Outgoing,
        &mut vec![index],
        &mut budget,
    );
    let mut seen = vec![false; model.nodes.len()];
    seen[index.index()] = true;
    let down = below(model, money, index, &mut seen, &mut budget);
    Trace {
        item: step(model, money, index, None),
        up,
        down,
        traces: money.traced[index.index()],
        cut: budget == 0,
    }
}

fn step(model: &Model, money: &Attribution, index: NodeIndex, relation: Option<String>) -> Step {
    let node = model.node(index);
    Step {
        id: node.item.id.to_string(),
        kind: node.item.kind.to_string(),
        title: node.item.title.to_string(),
        plan: model.plans[node.plan].id.to_string(),
        relation,
        money: money.of(index),
        repeated: false,
        children: Vec::new(),
    }
}

fn links(model: &Model, index: NodeIndex, direction: Direction) -> Vec<(String, NodeIndex)> {
    let mut links: Vec<_> = model
        .graph
        .edges_directed(index, direction)
        .map(|e| {
            let other = if direction == Direction::Outgoing {
                e.target()
            } else {
                e.source()
            };
            (
                e.id(),
                model.schema.relations[e.weight().relation].name.clone(),
                other,
            )
        })
        .collect();
    links.sort_by_key(|(id, _, _)| *id);
    links.into_iter().map(|(_, r, n)| (r, n)).collect()
}

/// Every path upward, as a tree; a path that comes back to an item on it stops there.
fn branches(
    model: &Model,
    money: &Attribution,
    index: NodeIndex,
    direction: Direction,
    path: &mut Vec<NodeIndex>,
    budget: &mut usize,
) -> Vec<Step> {
    let mut out = Vec::new();
    for (relation, next) in links(model, index, direction) {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let mut s = step(model, money, next, Some(relation));
        if path.contains(&next) {
            s.repeated = true;
        } else {
            path.push(next);
            s.children = branches(model, money, next, direction, path, budget);
            path.pop();
        }
        out.push(s);
    }
    out
}

/// Everything below, each item shown in full once.
fn below(
    model: &Model,
    money: &Attribution,
    index: NodeIndex,
    seen: &mut [bool],
    budget: &mut usize,
) -> Vec<Step> {
    let mut out = Vec::new();
    for (relation, next) in links(model, index, Direction::Incoming) {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let mut s = step(model, money, next, Some(relation));
        if seen[next.index()] {
            s.repeated = true;
        } else {
            seen[next.index()] = true;
            s.children = below(model, money, next, seen, budget);
        }
        out.push(s);
    }
    out
}
