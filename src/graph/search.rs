//! Searches over the graph that answer "does this item reach a priority?" and "is this
//! priority reached by a budget line from another plan?" for every item at once. Each is one
//! propagation from the seed items, linear in items plus edges, never a search per item.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
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
    /// The last item's links lead only into superseded plans, which are not followed.
    Superseded,
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
                None if model.nodes[node.index()].to_superseded.is_some() => {
                    break (node, End::Superseded, 0);
                }
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

/// Calls `found` with each strongly connected component of the graph (a group of items
/// that all reach each other, or an item on its own), sinks first, in the same order and
/// with the same items as petgraph's `TarjanScc` (Pearce's algorithm). Its `run` recurses
/// once per link of a path, which overflows the stack on a legitimate chain of 100,000
/// items; this keeps the walk on the heap, so it is as deep as the graph needs.
pub fn components<N, E>(graph: &DiGraph<N, E>, mut found: impl FnMut(&[NodeIndex])) {
    // Pearce's `rootindex`: 0 for an item not yet visited.
    let mut root = vec![0_usize; graph.node_count()];
    let mut index = 1_usize;
    let mut component = usize::MAX;
    let mut stack: Vec<NodeIndex> = Vec::new();
    // The items being visited, innermost last: the item, its links still to follow, whether
    // it is still the root of its component, and the item just visited from it.
    let mut visits = Vec::new();
    for start in graph.node_indices() {
        if root[start.index()] != 0 {
            continue;
        }
        root[start.index()] = index;
        index += 1;
        visits.push((start, graph.neighbors(start), true, None));
        while let Some((v, next, is_root, child)) = visits.last_mut() {
            let v = *v;
            // Pearce's step after following a link from `v` to `w`.
            let lower = |root: &mut [usize], w: NodeIndex, is_root: &mut bool| {
                if root[w.index()] < root[v.index()] {
                    root[v.index()] = root[w.index()];
                    *is_root = false;
                }
            };
            if let Some(w) = child.take() {
                lower(&mut root, w, is_root);
            }
            if let Some(w) = next.next() {
                if root[w.index()] == 0 {
                    *child = Some(w);
                    root[w.index()] = index;
                    index += 1;
                    visits.push((w, graph.neighbors(w), true, None));
                } else {
                    lower(&mut root, w, is_root);
                }
                continue;
            }
            let is_root = *is_root;
            visits.pop();
            if !is_root {
                stack.push(v);
                continue;
            }
            let v_root = root[v.index()];
            let mut adjustment = 1;
            let first = stack
                .iter()
                .rposition(|&w| {
                    if v_root > root[w.index()] {
                        true
                    } else {
                        root[w.index()] = component;
                        adjustment += 1;
                        false
                    }
                })
                .map_or(0, |x| x + 1);
            root[v.index()] = component;
            stack.push(v);
            found(&stack[first..]);
            stack.truncate(first);
            index -= adjustment;
            component -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same components in the same order as petgraph's recursive `TarjanScc`, on graphs
    /// with chains, circles inside circles and items that link to themselves.
    #[test]
    fn components_match_petgraphs_tarjan() {
        let graphs: [&[(u32, u32)]; 4] = [
            &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (5, 5)],
            &[(0, 1), (1, 2), (2, 3), (3, 1), (3, 0), (4, 2), (6, 4)],
            &[
                (3, 2),
                (2, 1),
                (1, 0),
                (0, 3),
                (1, 3),
                (5, 6),
                (6, 5),
                (6, 0),
            ],
            &[],
        ];
        for edges in graphs {
            let mut graph = DiGraph::<(), ()>::new();
            for _ in 0..7 {
                graph.add_node(());
            }
            graph.extend_with_edges(edges);
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            components(&graph, |c| ours.push(c.to_vec()));
            petgraph::algo::TarjanScc::new().run(&graph, |c| theirs.push(c.to_vec()));
            assert_eq!(ours, theirs, "{edges:?}");
        }
    }
}
