//! Searches over the graph that answer "does this item reach a priority?" and "is this
//! priority reached by a budget line from another plan?" for every item at once. Each is one
//! propagation from the seed items, linear in items plus edges, never a search per item.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use smallvec::SmallVec;

use super::{Model, PlanId};

/// Which way a query looks from each item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// Does the item lead up to a seed (it `reaches` one)?
    Up,
    /// Does a seed lead up to the item (it is `reached-by` one)?
    Down,
}

/// One question asked of every item at once.
pub struct Query<'a> {
    /// Which items count as the far end (priorities of the root plan, budget lines…).
    pub seeds: &'a [bool],
    /// Which relations a path may use; `None` for all.
    pub via: Option<&'a [bool]>,
    pub toward: Toward,
    /// How many distinct seed items must be found.
    pub min: usize,
    /// Count only seeds from a plan other than the item's own.
    pub other_plan: bool,
}

/// A seed that has spread to an item: its plan and its node.
type Token = (PlanId, u32);

/// For every item, whether the query holds. Each item keeps at most a small, fixed number of
/// distinct seeds (`min`, or `min` from each of `min + 1` plans with `other_plan`), enough to
/// answer the query, so every item is visited a bounded number of times.
pub fn answer(model: &Model, query: &Query) -> Vec<bool> {
    let n = model.nodes.len();
    // Nearly every item holds one or two seeds, kept inline without an allocation each.
    let mut held: Vec<SmallVec<[Token; 2]>> = vec![SmallVec::new(); n];
    let mut queue: VecDeque<(NodeIndex, Token)> = VecDeque::new();
    for (i, _) in query.seeds.iter().enumerate().filter(|(_, s)| **s) {
        let token = (model.nodes[i].plan, i as u32);
        queue.push_back((NodeIndex::new(i), token));
    }
    // Propagation runs against the direction of the question: to find who reaches a seed,
    // walk the seed's incoming links.
    let direction = match query.toward {
        Toward::Up => Direction::Incoming,
        Toward::Down => Direction::Outgoing,
    };
    while let Some((node, token)) = queue.pop_front() {
        for edge in model.graph.edges_directed(node, direction) {
            if query.via.is_some_and(|v| !v[edge.weight().relation]) {
                continue;
            }
            let next = if direction == Direction::Incoming {
                edge.source()
            } else {
                edge.target()
            };
            if accept(&mut held[next.index()], token, query) {
                queue.push_back((next, token));
            }
        }
    }
    held.iter()
        .enumerate()
        .map(|(i, tokens)| {
            let plan = model.nodes[i].plan;
            tokens
                .iter()
                .filter(|(p, seed)| *seed as usize != i && !(query.other_plan && *p == plan))
                .count()
                >= query.min
        })
        .collect()
}

fn accept(held: &mut SmallVec<[Token; 2]>, token: Token, query: &Query) -> bool {
    if held.contains(&token) {
        return false;
    }
    let room = if query.other_plan {
        let same_plan = held.iter().filter(|(p, _)| *p == token.0).count();
        let plan_known = same_plan > 0;
        same_plan < query.min && (plan_known || distinct(held) <= query.min)
    } else {
        // One more than `min`, in case one of them is the item itself.
        held.len() <= query.min
    };
    if room {
        held.push(token);
    }
    room
}

fn distinct(held: &[Token]) -> usize {
    let mut plans: Vec<PlanId> = held.iter().map(|(p, _)| *p).collect();
    plans.sort_unstable();
    plans.dedup();
    plans.len()
}

/// Why an upward chain of links ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last item links to nothing.
    Nothing,
    /// The last item's links name ids that do not exist.
    Missing,
    /// The chain comes back to an item already on it.
    Circle,
}

/// Where an item's upward chain of links stops, for items that do not reach their target:
/// each item's first link (in the order written) and where following first links ends.
/// Each item is walked once, however many chains pass through it.
pub struct Stops<'a> {
    via: Option<&'a [bool]>,
    /// Each item's first upward link, worked out when a chain first passes through it.
    next: Vec<Option<Option<(EdgeIndex, NodeIndex)>>>,
    /// For items already walked: the last item of the chain, why it ends, and how many links
    /// lead there.
    end: Vec<Option<(NodeIndex, End, usize)>>,
    /// The walk that last put each item on its path, to find circles.
    seen_in: Vec<u32>,
    walks: u32,
}

/// A chain of links as shown to users: its first links, its last item and why it ends.
pub struct Chain {
    pub links: Vec<(EdgeIndex, NodeIndex)>,
    /// How many links the whole chain has (more than `links` holds when it is long).
    pub length: usize,
    pub last: NodeIndex,
    pub end: End,
}

impl<'a> Stops<'a> {
    pub fn new(model: &Model, via: Option<&'a [bool]>) -> Self {
        let n = model.nodes.len();
        Self {
            via,
            next: vec![None; n],
            end: vec![None; n],
            seen_in: vec![0; n],
            walks: 0,
        }
    }

    fn next(&mut self, model: &Model, node: NodeIndex) -> Option<(EdgeIndex, NodeIndex)> {
        *self.next[node.index()]
            .get_or_insert_with(|| model.links_up(node, self.via).first().copied())
    }

    /// The chain from `start`, with at most `shown` of its links.
    pub fn chain(&mut self, model: &Model, start: NodeIndex, shown: usize) -> Chain {
        self.walks += 1;
        let mut path = vec![start];
        self.seen_in[start.index()] = self.walks;
        let mut node = start;
        let (last, end, beyond) = loop {
            if let Some(known) = self.end[node.index()] {
                break known;
            }
            match self.next(model, node) {
                None if model.nodes[node.index()].dangling => break (node, End::Missing, 0),
                None => break (node, End::Nothing, 0),
                Some((_, up)) if self.seen_in[up.index()] == self.walks => {
                    break (node, End::Circle, 0);
                }
                Some((_, up)) => {
                    path.push(up);
                    self.seen_in[up.index()] = self.walks;
                    node = up;
                }
            }
        };
        // `path` ends with the item where the walk stopped, `beyond` links from the end.
        let walked = path.len();
        for (i, n) in path.iter().enumerate() {
            self.end[n.index()] = Some((last, end, walked - 1 - i + beyond));
        }
        let length = self.end[start.index()].map_or(0, |(_, _, hops)| hops);
        let mut links = Vec::new();
        let mut node = start;
        while links.len() < shown.min(length) {
            let Some(link) = self.next(model, node) else {
                break;
            };
            links.push(link);
            node = link.1;
        }
        Chain {
            links,
            length,
            last,
            end,
        }
    }
}
