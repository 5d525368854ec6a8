//! Building the graph from parsed plan files: a node per item, an edge per link, and the
//! structural problems found on the way (duplicate ids, dangling references, links between
//! the wrong kinds, cycles, no root plan), as typed problems for the rules to word.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Edge, Model, Node, PlanId};
use crate::model::{Item, Name, Plan, PlanFile, Text};
use crate::parse::lookalike;
use crate::problem::{
    DanglingReference, DuplicateId, KindFault, Named, NoRootPlan, Problem, RelationKindMismatch,
    SupersededReference,
};
use crate::source::Span;
use crate::suggest::suggest_ids;
use crate::vocabulary::{KindId, RelationId, Schema};

/// A link as written: from an item, to the item it names (`None` when no item has the id),
/// by a relation, at the span of the id (or of the nested item).
type LinkTo = (NodeIndex, Option<NodeIndex>, RelationId, Span);

/// An id that names no item: the item and relation field naming it, and the other ids that
/// field names (sorted, and shared by all the field's unknown ids, so that a field naming
/// thousands of unknown ids holds one list, not one per id), for the finding and its
/// did-you-mean.
struct Unknown<'m> {
    node: NodeIndex,
    relation: &'m str,
    id: &'m str,
    span: Span,
    named: Arc<[&'m str]>,
}

/// The links of one file's items; the links into superseded plans, which are not followed
/// (from the item, to the item of the superseded plan); and the problems with links: between
/// kinds that their relation does not allow, or from a current plan into a superseded one.
#[derive(Default)]
struct Links<'m> {
    edges: Vec<LinkTo>,
    unknown: Vec<Unknown<'m>>,
    superseded: Vec<(NodeIndex, NodeIndex)>,
    problems: Vec<Problem>,
}

impl Model {
    /// Builds the model from parsed plan files, reporting structural problems.
    /// `root` is the root plan's id as planalign.yaml names it, with where it does so.
    pub fn build(
        schema: Schema,
        files: Vec<PlanFile>,
        root: Option<(String, Span)>,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let items = files.iter().map(|f| f.items.len()).sum();
        let mut model = Model {
            schema,
            plans: Vec::with_capacity(files.len()),
            nodes: Vec::with_capacity(items),
            graph: DiGraph::with_capacity(items, items),
            root: None,
            ids: FxHashMap::with_capacity_and_hasher(items, Default::default()),
        };
        let mut plan_ids: FxHashMap<Text, PlanId> = FxHashMap::default();
        // For each file, the node of each of its items.
        let mut file_nodes: Vec<Vec<NodeIndex>> = Vec::with_capacity(files.len());
        for file in files {
            let plan_id = model.plans.len();
            if let Some(&first) = plan_ids.get(&file.plan.id) {
                if file.plan.declared {
                    problems.push(duplicate_plan(&model.plans[first], &file.plan));
                }
            } else {
                plan_ids.insert(file.plan.id.clone(), plan_id);
            }
            model.plans.push(file.plan);
            let mut nodes = Vec::with_capacity(file.items.len());
            for item in file.items {
                nodes.push(model.add_node(item, plan_id, problems));
            }
            file_nodes.push(nodes);
        }
        model.root = match root {
            Some((id, span)) => model.named_root(&id, span, &plan_ids, problems),
            None => model.find_root(problems),
        };
        model.add_edges(&file_nodes, problems);
        model.report_cycles(problems);
        model
    }

    fn add_node(
        &mut self,
        item: Box<Item>,
        plan: PlanId,
        problems: &mut Vec<Problem>,
    ) -> NodeIndex {
        // One hash lookup per item: the id either takes its place or is found already taken.
        // An item whose id is taken is reported, and still joins the graph where it is
        // written (links to the id go to the first): the items nested in it trace through it,
        // and its own links count, so that the one mistake is the one finding.
        // An item with no id (reported as it was read) takes no id.
        let taken = match self.ids.entry(item.id.clone()) {
            _ if item.id.is_empty() => None,
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(NodeIndex::new(self.nodes.len()));
                None
            }
        };
        if let Some(first) = taken {
            let first = &self.nodes[first.index()];
            problems.push(Problem::DuplicateId(DuplicateId::Item {
                again: named(&item),
                first: named(&first.item),
                plan: self.plans[plan].id.clone(),
            }));
        }
        let index = self.graph.add_node(());
        self.nodes.push(Node {
            item,
            plan,
            dangling: false,
            to_superseded: None,
        });
        index
    }

    /// The root plan named in planalign.yaml.
    fn named_root(
        &self,
        id: &str,
        span: Span,
        plan_ids: &FxHashMap<Text, PlanId>,
        problems: &mut Vec<Problem>,
    ) -> Option<PlanId> {
        let found = plan_ids.get(id).copied();
        if found.is_none() {
            let suggestion = crate::suggest::closest(id, plan_ids.keys().map(Text::as_str));
            problems.push(Problem::NoRootPlan(NoRootPlan::Named {
                at: span,
                id: id.to_owned(),
                suggestion: suggestion.map(str::to_owned),
            }));
        }
        found
    }

    /// The root is the one corporate plan that is not superseded.
    fn find_root(&self, problems: &mut Vec<Problem>) -> Option<PlanId> {
        let candidates: Vec<PlanId> = (0..self.plans.len())
            .filter(|&p| {
                let plan = &self.plans[p];
                plan.plan_type == "corporate" && !plan.is_superseded()
            })
            .collect();
        match candidates.as_slice() {
            [root] => Some(*root),
            [] => {
                if let Some(first) = self.plans.first() {
                    problems.push(Problem::NoRootPlan(NoRootPlan::None { at: first.span }));
                }
                None
            }
            [first, rest @ ..] => {
                let others = std::iter::once(first)
                    .chain(&rest[1..])
                    .map(|&p| plan_named(&self.plans[p]))
                    .collect();
                problems.push(Problem::NoRootPlan(NoRootPlan::Several {
                    at: self.plans[rest[0]].span,
                    count: candidates.len(),
                    others,
                }));
                None
            }
        }
    }

    fn add_edges(&mut self, file_nodes: &[Vec<NodeIndex>], problems: &mut Vec<Problem>) {
        let relations: FxHashMap<Name, RelationId> = self
            .schema
            .relations
            .iter()
            .enumerate()
            .map(|(i, r)| (Name::from(r.name.as_str()), i))
            .collect();
        let superseded: Vec<bool> = self.plans.iter().map(Plan::is_superseded).collect();
        // Each file's links are looked up on all cores, and gathered in file order.
        let links: Vec<Links> = file_nodes
            .par_iter()
            .map(|nodes| self.file_links(nodes, &relations, &superseded))
            .collect();
        let unknown: Vec<&Unknown> = links.iter().flat_map(|l| &l.unknown).collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = self.ids.keys().map(Text::as_str).collect();
            let asked: Vec<(&str, &[&str])> = unknown.iter().map(|u| (u.id, &*u.named)).collect();
            let suggestions = suggest_ids(&known, &asked);
            let found: Vec<Problem> = unknown
                .par_iter()
                .zip(suggestions)
                .map(|(u, suggestion)| self.dangling(u.node, u.relation, u.id, u.span, suggestion))
                .collect();
            problems.extend(found);
        }
        let mut edges = Vec::with_capacity(links.iter().map(|l| l.edges.len()).sum());
        let mut superseded = Vec::new();
        for l in links {
            edges.extend(l.edges);
            problems.extend(l.problems);
            superseded.extend(l.superseded);
        }
        for (from, to) in superseded {
            self.nodes[from.index()].to_superseded.get_or_insert(to);
        }
        self.graph.reserve_edges(edges.len());
        for (from, to, relation, span) in edges {
            match to {
                Some(to) => {
                    self.graph.add_edge(from, to, Edge { relation, span });
                }
                None => self.nodes[from.index()].dangling = true,
            }
        }
    }

    /// The links of one file's items, in the order written: each id a relation field names
    /// (with no target when no item has that id), and the link to the enclosing item for an
    /// item written inside another that links to nothing itself. `superseded` says which
    /// plans are superseded: a link from a current plan into one is a problem and is not
    /// followed; the links of a superseded plan are history, not checked, and followed only
    /// within superseded plans, so that they add nothing to the current plans' coverage.
    fn file_links<'m>(
        &'m self,
        nodes: &[NodeIndex],
        relations: &FxHashMap<Name, RelationId>,
        superseded: &[bool],
    ) -> Links<'m> {
        let mut links = Links::default();
        for &node in nodes {
            let n = &self.nodes[node.index()];
            let history = superseded[n.plan];
            let mut has_relation = false;
            for (name, field) in n.item.fields.iter() {
                let Some(&relation) = relations.get(&name) else {
                    continue;
                };
                has_relation = true;
                let named = field.value.ids();
                let mut shared: Option<Arc<[&str]>> = None;
                for &(id, span) in &named {
                    let target = self.ids.get(id).copied();
                    match target {
                        Some(to) => match (history, superseded[self.nodes[to.index()].plan]) {
                            (false, false) => links.problems.extend(self.kind_mismatch(
                                node,
                                to,
                                relation,
                                Some(span),
                            )),
                            (false, true) => {
                                links.superseded.push((node, to));
                                links.problems.push(self.superseded_reference(
                                    node,
                                    to,
                                    name.as_str(),
                                    span,
                                ));
                                continue;
                            }
                            (true, false) => continue,
                            (true, true) => {}
                        },
                        None if history => continue,
                        None => links.unknown.push(Unknown {
                            node,
                            relation: name.as_str(),
                            id,
                            span,
                            named: Arc::clone(shared.get_or_insert_with(|| {
                                let mut ids: Vec<&str> = named.iter().map(|(id, _)| *id).collect();
                                ids.sort_unstable();
                                ids.into()
                            })),
                        }),
                    }
                    links.edges.push((node, target, relation, span));
                }
            }
            let parent = n.item.parent.and_then(|p| nodes.get(p).copied());
            let nesting = match (n.item.kind_id, parent) {
                (Some(kind), Some(parent)) => self
                    .schema
                    .nesting_relation(kind, self.nodes[parent.index()].item.kind_id),
                _ => None,
            };
            if let (false, Some(parent), Some(relation)) = (has_relation, parent, nesting) {
                if !history {
                    links
                        .problems
                        .extend(self.kind_mismatch(node, parent, relation, None));
                }
                links
                    .edges
                    .push((node, Some(parent), relation, n.item.span));
            }
        }
        links
    }

    fn dangling(
        &self,
        node: NodeIndex,
        relation: &str,
        id: &str,
        span: Span,
        suggestion: Option<&str>,
    ) -> Problem {
        let n = &self.nodes[node.index()];
        Problem::DanglingReference(DanglingReference {
            from: named(&n.item),
            plan: self.plans[n.plan].id.clone(),
            relation: relation.to_owned(),
            id: id.to_owned(),
            at: span,
            // An id with a character pasted from a word processor means the id without it.
            suggestion: lookalike::meant(id)
                .filter(|meant| self.ids.contains_key(meant.as_str()))
                .or_else(|| suggestion.map(str::to_owned))
                .map(|s| {
                    let title = self.nodes[self.ids[s.as_str()].index()].item.title.clone();
                    (s, title)
                }),
        })
    }

    /// The problem with a link, written at `span`, from an item of a current plan to `to`,
    /// an item of a superseded plan.
    fn superseded_reference(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        relation: &str,
        span: Span,
    ) -> Problem {
        let (a, b) = (&self.nodes[from.index()], &self.nodes[to.index()]);
        Problem::SupersededReference(SupersededReference {
            from: named(&a.item),
            plan: self.plans[a.plan].id.clone(),
            relation: relation.to_owned(),
            to: Named {
                span,
                ..named(&b.item)
            },
            to_plan: {
                let plan = &self.plans[b.plan];
                let status = plan.fields.get_str("status").map(|f| f.value.span());
                Named {
                    span: status.unwrap_or(plan.span),
                    ..plan_named(plan)
                }
            },
            root: self.root.map(|r| plan_named(&self.plans[r])),
        })
    }

    /// The problem with a link from `from` to `to` by `relation` that joins kinds the relation
    /// does not allow. `named` is the span of the id that names `to`, or `None` when the link
    /// comes from `from` being written inside `to`.
    fn kind_mismatch(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        relation: RelationId,
        named: Option<Span>,
    ) -> Option<Problem> {
        let def = &self.schema.relations[relation];
        let (a, b) = (&self.nodes[from.index()], &self.nodes[to.index()]);
        let (Some(from_kind), Some(to_kind)) = (a.item.kind_id, b.item.kind_id) else {
            return None;
        };
        let kinds = |ks: &[KindId]| {
            ks.iter()
                .map(|&k| self.schema.kinds[k].name.clone())
                .collect()
        };
        let fault = if def.from.as_ref().is_some_and(|f| !f.contains(&from_kind)) {
            KindFault::From(kinds(def.from.as_deref().unwrap_or_default()))
        } else if !def.to.contains(&to_kind) {
            KindFault::To(kinds(&def.to))
        } else {
            return None;
        };
        Some(Problem::RelationKindMismatch(RelationKindMismatch {
            from: self::named(&a.item),
            from_kind: a.item.kind.clone(),
            plan: self.plans[a.plan].id.clone(),
            to: self::named(&b.item),
            to_kind: b.item.kind.clone(),
            relation: def.name.clone(),
            fault,
            named,
        }))
    }

    /// One problem per group of items that link to each other in a circle.
    fn report_cycles(&self, problems: &mut Vec<Problem>) {
        // Only the components that are circles are copied out: most items are each a
        // component of their own.
        let mut circles: Vec<Vec<NodeIndex>> = Vec::new();
        super::search::components(&self.graph, |component| {
            let self_loop =
                component.len() == 1 && self.graph.find_edge(component[0], component[0]).is_some();
            if component.len() > 1 || self_loop {
                circles.push(component.to_vec());
            }
        });
        for mut component in circles {
            component.sort();
            let first = &self.nodes[component[0].index()];
            problems.push(Problem::Cycle {
                items: component
                    .iter()
                    .map(|n| named(&self.nodes[n.index()].item))
                    .collect(),
                plan: self.plans[first.plan].id.clone(),
            });
        }
    }
}

fn duplicate_plan(first: &Plan, second: &Plan) -> Problem {
    Problem::DuplicateId(DuplicateId::Plan {
        again: plan_named(second),
        first: plan_named(first),
    })
}

fn named(item: &Item) -> Named {
    Named {
        id: item.id.clone(),
        title: item.title.clone(),
        span: item.span,
    }
}

fn plan_named(plan: &Plan) -> Named {
    Named {
        id: plan.id.clone(),
        title: plan.title.clone(),
        span: plan.span,
    }
}
