//! One side of a diff: the outcome of checking one snapshot, the money attributed in it, and
//! what the comparison asks of its items.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::engine::Outcome;
use crate::graph::Model;
use crate::model::Text;
use crate::report::location;
use crate::source::Span;
use crate::view::money::{self, Attribution};
use serde::Serialize;

/// Where a change can be seen: a file of one side, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct At {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

pub struct Side {
    /// What the side was read from, as the user named it (a folder, or a git revision).
    pub source: String,
    pub outcome: Outcome,
    pub money: Attribution,
}

/// One of an item's own links, as written: relation name, the id it names, and where.
#[derive(Debug, Clone)]
pub struct Link {
    pub relation: String,
    pub id: Text,
    pub span: Span,
}

impl Link {
    pub fn key(&self) -> (&str, &str) {
        (&self.relation, &self.id)
    }
}

impl Side {
    pub fn new(source: String, outcome: Outcome) -> Self {
        let money = money::attribute(&outcome.model);
        Side {
            source,
            outcome,
            money,
        }
    }

    pub fn model(&self) -> &Model {
        &self.outcome.model
    }

    /// The items a diff compares: each id's item. An item with no id, or the second item
    /// of an id used twice, has its `check` finding on its side and nothing to match by.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        (0..self.outcome.model.nodes.len())
            .map(NodeIndex::new)
            .filter(|&n| self.compared(n))
    }

    /// Whether the diff compares this item: whether it is the item its id names.
    fn compared(&self, node: NodeIndex) -> bool {
        self.lookup(self.id(node)) == Some(node)
    }

    pub fn id(&self, node: NodeIndex) -> &str {
        &self.model().node(node).item.id
    }

    pub fn title(&self, node: NodeIndex) -> &str {
        &self.model().node(node).item.title
    }

    pub fn kind(&self, node: NodeIndex) -> &str {
        &self.model().node(node).item.kind
    }

    pub fn plan_id(&self, node: NodeIndex) -> &str {
        &self.model().plan_of(node).id
    }

    pub fn root_plan_id(&self) -> Option<&str> {
        let model = self.model();
        model.root.map(|r| model.plans[r].id.as_str())
    }

    /// Whether the item is a priority or objective of the root plan.
    pub fn is_root_goal(&self, node: NodeIndex) -> bool {
        let model = self.model();
        Some(model.node(node).plan) == model.root
            && matches!(self.kind(node), "priority" | "objective")
    }

    /// Where the item's id is written.
    pub fn at(&self, node: NodeIndex) -> At {
        self.at_span(self.model().node(node).item.span)
    }

    pub fn at_span(&self, span: Span) -> At {
        let at = location(&self.outcome.sources, span);
        At {
            file: at.file.to_owned(),
            line: at.line,
            column: at.column,
        }
    }

    /// An item field's value as written, when it is one piece of text.
    pub fn field(&self, node: NodeIndex, name: &str) -> Option<&str> {
        let item = &self.model().node(node).item;
        item.fields
            .get_str(name)
            .and_then(|f| f.value.as_str())
            .map(str::trim)
    }

    /// The item's own links (the relation fields it writes), sorted.
    pub fn links(&self, node: NodeIndex) -> Vec<Link> {
        let model = self.model();
        let item = &model.node(node).item;
        let mut links: Vec<Link> = model
            .schema
            .relations
            .iter()
            .filter_map(|r| Some((r, item.fields.get_str(&r.name)?)))
            .flat_map(|(r, field)| {
                field.value.ids().into_iter().map(|(id, span)| Link {
                    relation: r.name.clone(),
                    id: id.into(),
                    span,
                })
            })
            .collect();
        links.sort_by(|a, b| a.key().cmp(&b.key()));
        links.dedup_by(|a, b| a.key() == b.key());
        links
    }

    /// The item it is declared inside, when that gives it its link upward.
    pub fn parent(&self, node: NodeIndex) -> Option<NodeIndex> {
        let model = self.model();
        let span = model.node(node).item.span;
        model
            .graph
            .edges_directed(node, Direction::Outgoing)
            .find(|e| e.weight().span == span)
            .map(|e| e.target())
            .filter(|&p| self.compared(p))
    }

    /// The items that link to this one (its followers), each once.
    pub fn followers(&self, node: NodeIndex) -> Vec<NodeIndex> {
        let mut found: Vec<NodeIndex> = self
            .model()
            .graph
            .neighbors_directed(node, Direction::Incoming)
            .filter(|&n| self.compared(n))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// The items this one links to directly, nesting included.
    pub fn up(&self, node: NodeIndex) -> Vec<NodeIndex> {
        let mut found: Vec<NodeIndex> = self
            .model()
            .graph
            .neighbors(node)
            .filter(|&n| self.compared(n))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    pub fn traced(&self, node: NodeIndex) -> bool {
        self.money.traced[node.index()]
    }

    pub fn lookup(&self, id: &str) -> Option<NodeIndex> {
        self.model().lookup(id)
    }
}
