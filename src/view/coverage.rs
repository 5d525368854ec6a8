//! Coverage: how far each Corporate Plan priority, and each of its objectives, is taken up by
//! the other plans: the items of each plan that lead up to it, the targets that measure it and
//! the money attributed to it; and the share of each plan's items that trace.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::graph::{Model, PlanId};
use crate::view::money::Attribution;

/// One row: a root priority, or one of its objectives or outcomes.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The priority an objective belongs to; none for a priority.
    pub priority: Option<String>,
    /// Items of each plan (in `Coverage::plans` order) that lead up to this one.
    pub items: Vec<usize>,
    pub targets: usize,
    /// Budget lines that lead up to it (the Markdown summary shows them; the coverage
    /// formats never have).
    #[serde(skip)]
    pub budget_lines: usize,
    /// Money attributed, in pence.
    pub money: i64,
}

/// One column: a plan, and how much of it traces.
#[derive(Debug, Serialize)]
pub struct PlanShare {
    pub id: String,
    pub title: String,
    pub items: usize,
    pub traced: usize,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub plans: Vec<PlanShare>,
    pub rows: Vec<Row>,
    /// The total of the budget lines that trace, in pence: what the priorities' money adds
    /// up to.
    pub traced_budget: i64,
}

pub fn coverage(model: &Model, money: &Attribution) -> Coverage {
    let plans: Vec<PlanShare> = (0..model.plans.len())
        .map(|p| {
            let items: Vec<usize> = (0..model.nodes.len())
                .filter(|&i| model.nodes[i].plan == p)
                .collect();
            PlanShare {
                id: model.plans[p].id.to_string(),
                title: model.plans[p].title.to_string(),
                traced: items.iter().filter(|&&i| money.traced[i]).count(),
                items: items.len(),
            }
        })
        .collect();
    let mut rows = Vec::new();
    for priority in model.root_priorities() {
        rows.push(row(model, money, priority, None));
        let p = model.node(priority);
        for objective in objectives(model, priority) {
            rows.push(row(model, money, objective, Some(p.item.id.to_string())));
        }
    }
    Coverage {
        plans,
        rows,
        traced_budget: money.traced_total,
    }
}

/// The root plan's objectives and outcomes that link straight to a priority.
fn objectives(model: &Model, priority: NodeIndex) -> Vec<NodeIndex> {
    let wanted = [model.schema.kind("objective"), model.schema.kind("outcome")];
    let mut found: Vec<NodeIndex> = model
        .graph
        .neighbors_directed(priority, petgraph::Direction::Incoming)
        .filter(|&n| {
            let node = model.node(n);
            Some(node.plan) == model.root
                && node.item.kind_id.is_some()
                && wanted.contains(&node.item.kind_id)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

fn row(model: &Model, money: &Attribution, index: NodeIndex, priority: Option<String>) -> Row {
    let node = model.node(index);
    let contributors = model.contributors(index);
    let mut items = vec![0; model.plans.len()];
    for &c in &contributors {
        items[model.node(c).plan] += 1;
    }
    let count = |kind: &str| {
        let kind = model.schema.kind(kind);
        contributors
            .iter()
            .filter(|&&c| kind.is_some() && model.node(c).item.kind_id == kind)
            .count()
    };
    Row {
        id: node.item.id.to_string(),
        kind: node.item.kind.to_string(),
        title: node.item.title.to_string(),
        priority,
        items,
        targets: count("target"),
        budget_lines: count("budget-line"),
        money: money.of(index),
    }
}

impl Coverage {
    /// The plans other than the root, which the matrix shows as columns: not superseded
    /// plans, which nothing traces through.
    pub fn columns(&self, model: &Model) -> Vec<PlanId> {
        (0..self.plans.len())
            .filter(|&p| Some(p) != model.root && !model.plans[p].is_superseded())
            .collect()
    }
}
