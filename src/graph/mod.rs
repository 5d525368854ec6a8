//! The one dependency graph of all plans: a node per item, an edge per relation instance,
//! pointing upward from what contributes to what it contributes to. This module holds the
//! model and its queries; `build` makes it from parsed plan files, reporting structural
//! problems, and `search` answers questions of every item at once. Every search over it is
//! linear in items plus edges.

mod build;
pub mod search;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap;

use crate::model::{Item, Plan, Text, names};
use crate::source::Span;
use crate::vocabulary::{RelationId, Schema};

/// Index of a plan in [`Model::plans`].
pub type PlanId = usize;

/// An item in the graph.
#[derive(Debug)]
pub struct Node {
    pub item: Box<Item>,
    pub plan: PlanId,
    /// Whether one of its relation values names an id that does not exist.
    pub dangling: bool,
    /// The first item of a superseded plan that it links to, from a current plan: a link
    /// that is reported and not followed.
    pub to_superseded: Option<NodeIndex>,
}

/// One relation instance, with the span of the id that created it (or of the nested item,
/// for the link nesting implies).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub relation: RelationId,
    pub span: Span,
}

/// All plans and items, and the graph over them. Node `i` of the graph is `nodes[i]`.
#[derive(Debug)]
pub struct Model {
    pub schema: Schema,
    pub plans: Vec<Plan>,
    pub nodes: Vec<Node>,
    pub graph: DiGraph<(), Edge, u32>,
    pub root: Option<PlanId>,
    ids: FxHashMap<Text, NodeIndex>,
}

impl Model {
    /// Every item that leads up to `index` through any chain of links, each once.
    pub fn contributors(&self, index: NodeIndex) -> Vec<NodeIndex> {
        let mut seen = vec![false; self.nodes.len()];
        seen[index.index()] = true;
        let mut stack = vec![index];
        let mut found = Vec::new();
        while let Some(node) = stack.pop() {
            for source in self.graph.neighbors_directed(node, Direction::Incoming) {
                if !seen[source.index()] {
                    seen[source.index()] = true;
                    found.push(source);
                    stack.push(source);
                }
            }
        }
        found
    }

    /// The priorities of the root plan, in the order written.
    pub fn root_priorities(&self) -> Vec<NodeIndex> {
        let priority = self.schema.kind("priority");
        (0..self.nodes.len())
            .filter(|&i| {
                let n = &self.nodes[i];
                Some(n.plan) == self.root && n.item.kind_id.is_some() && n.item.kind_id == priority
            })
            .map(NodeIndex::new)
            .collect()
    }

    /// The amount a budget line adds to its plan's total and to the money attributed up the
    /// golden thread: its own `amount`, unless it funds another budget line, which it then
    /// breaks down (it is counted there, not again). `None` for other items and for amounts
    /// that cannot be read.
    pub fn top_level_amount(&self, index: NodeIndex) -> Option<i64> {
        self.is_top_level_line(index)
            .then(|| self.amount(index))
            .flatten()
    }

    /// The amount an item gives, if it can be read.
    pub fn amount(&self, index: NodeIndex) -> Option<i64> {
        let amount = self.nodes[index.index()].item.fields.get(*names::AMOUNT)?;
        amount
            .value
            .as_str()
            .and_then(crate::parse::values::parse_money)
    }

    /// Whether the item is a budget line that counts: one that does not fund another line
    /// (a line nested in another, or funding it, breaks it down).
    pub fn is_top_level_line(&self, index: NodeIndex) -> bool {
        let Some(budget_line) = self.schema.kind("budget-line") else {
            return false;
        };
        let is_line = |n: NodeIndex| self.nodes[n.index()].item.kind_id == Some(budget_line);
        is_line(index) && !self.graph.neighbors(index).any(is_line)
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.nodes[index.index()]
    }

    pub fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(id).copied()
    }

    pub fn plan_of(&self, index: NodeIndex) -> &Plan {
        &self.plans[self.nodes[index.index()].plan]
    }

    /// The upward links of a node, in the order they were written.
    pub fn links_up(&self, index: NodeIndex, via: Option<&[bool]>) -> Vec<(EdgeIndex, NodeIndex)> {
        let mut links: Vec<(EdgeIndex, NodeIndex)> = self
            .graph
            .edges_directed(index, Direction::Outgoing)
            .filter(|e| via.is_none_or(|v| v[e.weight().relation]))
            .map(|e| {
                (
                    petgraph::visit::EdgeRef::id(&e),
                    petgraph::visit::EdgeRef::target(&e),
                )
            })
            .collect();
        links.sort();
        links
    }
}
