//! Money attributed up the golden thread. Each top-level budget line that traces puts its
//! amount in at the bottom; every item passes what reaches it on to the items it links to that
//! trace, divided by the shares its link gives (`funds: {CP-O1.1: 60%, CP-O1.2: 40%}`) or else
//! equally. Nothing is counted twice, and the money reaching the root priorities adds up, to
//! the penny, to the total of the budget lines that trace. One pass in topological order:
//! linear in items and links.
//!
//! Money goes only along links that trace: a budget line that funds one objective that traces
//! and one item that does not gives all its money to the first. A budget line nested in
//! another breaks it down and puts nothing in of its own.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::graph::Model;
use crate::graph::search::{self as reach, Query, Toward};
use crate::model::Value;
use crate::parse::values::{MAX_SHARE, parse_share};

/// Money per item, in pence.
pub struct Attribution {
    /// What reaches each item from below (a budget line: its own amount, if it counts).
    pub through: Vec<i64>,
    /// Whether each item traces to a root priority (root priorities count as tracing).
    pub traced: Vec<bool>,
    /// The sum of the top-level budget lines that trace.
    pub traced_total: i64,
}

impl Attribution {
    pub fn of(&self, node: NodeIndex) -> i64 {
        self.through[node.index()]
    }
}

pub fn attribute(model: &Model) -> Attribution {
    let n = model.nodes.len();
    let priorities: Vec<bool> = {
        let mut p = vec![false; n];
        for node in model.root_priorities() {
            p[node.index()] = true;
        }
        p
    };
    let reaches = reach::answer(
        model,
        &Query {
            seeds: &priorities,
            via: None,
            toward: Toward::Up,
            min: 1,
            other_plan: false,
        },
    );
    let traced: Vec<bool> = (0..n).map(|i| reaches[i] || priorities[i]).collect();
    let mut through = vec![0_i64; n];
    let mut traced_total = 0_i64;
    for i in (0..n).filter(|&i| reaches[i]) {
        if let Some(amount) = model.top_level_amount(NodeIndex::new(i)) {
            through[i] = amount;
            traced_total = traced_total.saturating_add(amount);
        }
    }
    // Strongly connected components come out sinks first; money flows from sources up, so
    // walk them the other way round.
    let mut components = Vec::new();
    reach::components(&model.graph, |c| components.push(c.to_vec()));
    for component in components.into_iter().rev() {
        for node in component {
            let i = node.index();
            if priorities[i] || through[i] == 0 {
                continue;
            }
            pass_on(model, node, through[i], &traced, &mut through);
        }
    }
    Attribution {
        through,
        traced_total,
        traced,
    }
}

/// Divides `amount` among the tracing items `node` links to, by share or equally, giving
/// the pence left over by division to the first links so that nothing is lost. Sums that
/// would pass £92 quadrillion (`i64::MAX` pence) stop there rather than wrap.
fn pass_on(model: &Model, node: NodeIndex, amount: i64, traced: &[bool], through: &mut [i64]) {
    let mut links: Vec<(NodeIndex, i128)> = Vec::new();
    let mut edges: Vec<_> = model
        .graph
        .edges_directed(node, Direction::Outgoing)
        .filter(|e| traced[e.target().index()])
        .collect();
    edges.sort_by_key(|e| e.id());
    let mut all_shared = !edges.is_empty();
    for e in &edges {
        let share = share(model, node, e.weight().relation, e.target());
        all_shared &= share.is_some();
        links.push((e.target(), share.unwrap_or(0)));
    }
    if links.is_empty() {
        return;
    }
    if !all_shared {
        for link in &mut links {
            link.1 = 1;
        }
    }
    // Each share is at most MAX_SHARE, so neither the sum nor `amount * w` can overflow.
    let weights: i128 = links.iter().map(|(_, w)| w).sum();
    let mut given = 0_i64;
    let mut parts: Vec<i64> = links
        .iter()
        .map(|(_, w)| {
            let part = i64::try_from(i128::from(amount) * w / weights).unwrap_or(0);
            given += part;
            part
        })
        .collect();
    let mut left = amount - given;
    for part in &mut parts {
        if left == 0 {
            break;
        }
        *part += left.signum();
        left -= left.signum();
    }
    for ((target, _), part) in links.iter().zip(parts) {
        through[target.index()] = through[target.index()].saturating_add(part);
    }
}

/// The share a link gives, in hundredths of a percent, when its value is a map of ids to
/// shares: `60%`, `0.6` or `60`. A share of more than the whole, of zero or less, or one that
/// is not a finite number (`1e400%`, `NaN`) is not a share (an `invalid-share` finding): the
/// link's money is then divided equally, as when a share is missing.
fn share(model: &Model, node: NodeIndex, relation: usize, target: NodeIndex) -> Option<i128> {
    let name = &model.schema.relations[relation].name;
    let Value::Map(entries, _) = &model.node(node).item.fields.get_str(name)?.value else {
        return None;
    };
    let target_id = &model.node(target).item.id;
    let text = entries
        .iter()
        .find(|(k, _)| k.name == target_id)?
        .1
        .as_str()?;
    let hundredths = parse_share(text)?;
    if !(hundredths > 0.0 && hundredths <= MAX_SHARE) {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "checked above: more than 0 and at most MAX_SHARE"
    )]
    Some(hundredths as i128)
}
