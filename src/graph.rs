//! The one dependency graph of all plans: a node per item, an edge per relation instance,
//! pointing upward from what contributes to what it contributes to. Building it reports
//! duplicate ids, dangling references, relations between the wrong kinds, cycles and a
//! missing root plan. Every search over it is linear in items plus edges.

use std::collections::hash_map::Entry;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::{KindId, RelationId, Schema};
use crate::finding::Finding;
use crate::model::{Item, Name, Plan, PlanFile, Text, names};
use crate::source::Span;
use crate::suggest::suggest_ids;
use crate::text::{capitalise, or_list, with_article};

/// Index of a plan in [`Model::plans`].
pub type PlanId = usize;

/// An item in the graph.
#[derive(Debug)]
pub struct Node {
    pub item: Box<Item>,
    pub plan: PlanId,
    /// Whether one of its relation values names an id that does not exist.
    pub dangling: bool,
}

/// One relation instance, with the span of the id that created it (or of the nested item,
/// for the link nesting implies).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub relation: RelationId,
    pub span: Span,
}

/// A link as written: from an item, to the item it names (`None` when no item has the id),
/// by a relation, at the span of the id (or of the nested item).
type LinkTo = (NodeIndex, Option<NodeIndex>, RelationId, Span);

/// An id that names no item: the item and relation field naming it, and the other ids that
/// field names, for the finding and its did-you-mean.
struct Unknown<'m> {
    node: NodeIndex,
    relation: &'m str,
    id: &'m str,
    span: Span,
    named: Vec<&'m str>,
}

/// The links of one file's items, and the findings for links between kinds that their
/// relation does not allow.
#[derive(Default)]
struct Links<'m> {
    edges: Vec<LinkTo>,
    unknown: Vec<Unknown<'m>>,
    mismatched: Vec<Finding>,
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
    /// Builds the model from parsed plan files, reporting structural problems.
    /// `root` is the root plan's id as planalign.yaml names it, with where it does so.
    pub fn build(
        schema: Schema,
        files: Vec<PlanFile>,
        root: Option<(String, Span)>,
        findings: &mut Vec<Finding>,
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
        // For each file, the node of each of its items (None for a duplicate id).
        let mut file_nodes: Vec<Vec<Option<NodeIndex>>> = Vec::with_capacity(files.len());
        for file in files {
            let plan_id = model.plans.len();
            if let Some(&first) = plan_ids.get(&file.plan.id) {
                if file.plan.declared {
                    findings.push(duplicate_plan(&model.plans[first], &file.plan));
                }
            } else {
                plan_ids.insert(file.plan.id.clone(), plan_id);
            }
            model.plans.push(file.plan);
            let mut nodes = Vec::with_capacity(file.items.len());
            for item in file.items {
                nodes.push(model.add_node(item, plan_id, findings));
            }
            file_nodes.push(nodes);
        }
        model.root = match root {
            Some((id, span)) => model.named_root(&id, span, &plan_ids, findings),
            None => model.find_root(findings),
        };
        model.add_edges(&file_nodes, findings);
        model.report_cycles(findings);
        model
    }

    fn add_node(
        &mut self,
        item: Box<Item>,
        plan: PlanId,
        findings: &mut Vec<Finding>,
    ) -> Option<NodeIndex> {
        // One hash lookup per item: the id either takes its place or is found already taken.
        let first = match self.ids.entry(item.id.clone()) {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(slot) => {
                let index = self.graph.add_node(());
                slot.insert(index);
                self.nodes.push(Node {
                    item,
                    plan,
                    dangling: false,
                });
                return Some(index);
            }
        };
        let first = &self.nodes[first.index()];
        findings.push(
            Finding::new(
                "duplicate-id",
                item.span,
                format!(
                    "The id {} is used twice: by \"{}\" and by \"{}\"",
                    item.id, first.item.title, item.title
                ),
            )
            .label("used again here")
            .related(first.item.span, format!("{} is first used here", item.id))
            .help("Give one of the two items a different id; links to this id go to the first.")
            .item(&item.id)
            .plan(&self.plans[plan].id),
        );
        None
    }

    /// The root plan named in planalign.yaml.
    fn named_root(
        &self,
        id: &str,
        span: Span,
        plan_ids: &FxHashMap<Text, PlanId>,
        findings: &mut Vec<Finding>,
    ) -> Option<PlanId> {
        let found = plan_ids.get(id).copied();
        if found.is_none() {
            let suggestion = crate::suggest::closest(id, plan_ids.keys().map(Text::as_str));
            let help = suggestion.map_or_else(
                || "Name the id of the plan every other plan must follow.".to_owned(),
                |s| format!("Did you mean `{s}`?"),
            );
            findings.push(
                Finding::new(
                    "no-root-plan",
                    span,
                    format!("planalign.yaml names {id} as the root plan, but no plan has that id"),
                )
                .label("no plan has this id")
                .help(help),
            );
        }
        found
    }

    /// The root is the one corporate plan that is not superseded.
    fn find_root(&self, findings: &mut Vec<Finding>) -> Option<PlanId> {
        let candidates: Vec<PlanId> = (0..self.plans.len())
            .filter(|&p| {
                let plan = &self.plans[p];
                plan.plan_type == "corporate" && plan.field_str("status") != Some("superseded")
            })
            .collect();
        match candidates.as_slice() {
            [root] => Some(*root),
            [] => {
                if let Some(first) = self.plans.first() {
                    findings.push(
                        Finding::new(
                            "no-root-plan",
                            first.span,
                            "There is no Corporate Plan to check the other plans against",
                        )
                        .help(
                            "Add the Corporate Plan with `type: corporate`, or check the folder \
                             that holds it too.",
                        ),
                    );
                }
                None
            }
            [first, rest @ ..] => {
                let mut finding = Finding::new(
                    "no-root-plan",
                    self.plans[rest[0]].span,
                    format!(
                        "There are {} current Corporate Plans, so planalign cannot tell which \
                         one the others must follow",
                        candidates.len()
                    ),
                )
                .label("another corporate plan")
                .help(
                    "Mark the old one `status: superseded`, or name the root plan with `root:` \
                     in planalign.yaml.",
                );
                for &p in std::iter::once(first).chain(&rest[1..]) {
                    let plan = &self.plans[p];
                    finding = finding.related(
                        plan.span,
                        format!("{} \"{}\" is a corporate plan too", plan.id, plan.title),
                    );
                }
                findings.push(finding);
                None
            }
        }
    }

    fn add_edges(&mut self, file_nodes: &[Vec<Option<NodeIndex>>], findings: &mut Vec<Finding>) {
        let relations: FxHashMap<Name, RelationId> = self
            .schema
            .relations
            .iter()
            .enumerate()
            .map(|(i, r)| (Name::from(r.name.as_str()), i))
            .collect();
        // Each file's links are looked up on all cores, and gathered in file order.
        let links: Vec<Links> = file_nodes
            .par_iter()
            .map(|nodes| self.file_links(nodes, &relations))
            .collect();
        let unknown: Vec<&Unknown> = links.iter().flat_map(|l| &l.unknown).collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = self.ids.keys().map(Text::as_str).collect();
            let asked: Vec<(&str, &[&str])> =
                unknown.iter().map(|u| (u.id, u.named.as_slice())).collect();
            let suggestions = suggest_ids(&known, &asked);
            let found: Vec<Finding> = unknown
                .par_iter()
                .zip(suggestions)
                .map(|(u, suggestion)| self.dangling(u.node, u.relation, u.id, u.span, suggestion))
                .collect();
            findings.extend(found);
        }
        let mut edges = Vec::with_capacity(links.iter().map(|l| l.edges.len()).sum());
        for l in links {
            edges.extend(l.edges);
            findings.extend(l.mismatched);
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
    /// item written inside another that links to nothing itself.
    fn file_links<'m>(
        &'m self,
        nodes: &[Option<NodeIndex>],
        relations: &FxHashMap<Name, RelationId>,
    ) -> Links<'m> {
        let mut links = Links::default();
        for &node in nodes.iter().flatten() {
            let n = &self.nodes[node.index()];
            let mut has_relation = false;
            for (name, field) in n.item.fields.iter() {
                let Some(&relation) = relations.get(&name) else {
                    continue;
                };
                has_relation = true;
                let named = field.value.ids();
                for &(id, span) in &named {
                    let target = self.ids.get(id).copied();
                    match target {
                        Some(target) => links.mismatched.extend(self.kind_mismatch(
                            node,
                            target,
                            relation,
                            Some(span),
                        )),
                        None => links.unknown.push(Unknown {
                            node,
                            relation: name.as_str(),
                            id,
                            span,
                            named: named.iter().map(|(id, _)| *id).collect(),
                        }),
                    }
                    links.edges.push((node, target, relation, span));
                }
            }
            let parent = n.item.parent.and_then(|p| nodes.get(p).copied().flatten());
            let nesting = match (n.item.kind_id, parent) {
                (Some(kind), Some(parent)) => self
                    .schema
                    .nesting_relation(kind, self.nodes[parent.index()].item.kind_id),
                _ => None,
            };
            if let (false, Some(parent), Some(relation)) = (has_relation, parent, nesting) {
                links
                    .mismatched
                    .extend(self.kind_mismatch(node, parent, relation, None));
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
    ) -> Finding {
        let n = &self.nodes[node.index()];
        let help = match suggestion {
            Some(s) => format!(
                "Did you mean {s} \"{}\"? Otherwise correct the id or add the item it names.",
                self.nodes[self.ids[s].index()].item.title
            ),
            None => "Correct the id, or add the item it names.".to_owned(),
        };
        Finding::new(
            "dangling-reference",
            span,
            format!(
                "{} \"{}\" {relation} {id}, but there is no item with that id",
                n.item.id, n.item.title
            ),
        )
        .label("no item has this id")
        .help(help)
        .item(&n.item.id)
        .plan(&self.plans[n.plan].id)
    }

    /// The finding for a link from `from` to `to` by `relation` that joins kinds the relation
    /// does not allow. `named` is the span of the id that names `to`, or `None` when the link
    /// comes from `from` being written inside `to`.
    fn kind_mismatch(
        &self,
        from: NodeIndex,
        to: NodeIndex,
        relation: RelationId,
        named: Option<Span>,
    ) -> Option<Finding> {
        let def = &self.schema.relations[relation];
        let (a, b) = (&self.nodes[from.index()], &self.nodes[to.index()]);
        let (Some(from_kind), Some(to_kind)) = (a.item.kind_id, b.item.kind_id) else {
            return None;
        };
        let kinds = |ks: &[KindId]| {
            let names: Vec<&str> = ks
                .iter()
                .map(|&k| self.schema.kinds[k].name.as_str())
                .collect();
            with_article(&or_list(&names))
        };
        let problem = if def.from.as_ref().is_some_and(|f| !f.contains(&from_kind)) {
            format!(
                "only {} can use `{}`",
                kinds(def.from.as_deref().unwrap_or_default()),
                def.name
            )
        } else if !def.to.contains(&to_kind) {
            format!("`{}` can only point to {}", def.name, kinds(&def.to))
        } else {
            return None;
        };
        let target = format!("{} {} \"{}\"", b.item.kind, b.item.id, b.item.title);
        // An item written inside another is linked to it by where it is written, not by a
        // field: say so, rather than name a link nobody wrote.
        let (span, link, label, help) = match named {
            Some(span) => (
                span,
                format!("{} {target}", def.name),
                format!("{} cannot be linked to this way", b.item.id),
                "Use the relation that fits the two kinds (see `planalign explain \
                 relation-kind-mismatch`), or link to a different item."
                    .to_owned(),
            ),
            None => (
                a.item.span,
                format!("is written inside {target}, so it {} it", def.name),
                format!("written inside {}", b.item.id),
                format!(
                    "Move it under an item that `{0}` can point to, or give it a link of its own \
                     (for example `{0}=ID`): an item that names its links is not linked to the \
                     item it is written inside.",
                    def.name
                ),
            ),
        };
        Some(
            Finding::new(
                "relation-kind-mismatch",
                span,
                format!(
                    "{} {} \"{}\" {link}, but {problem}",
                    capitalise(&a.item.kind),
                    a.item.id,
                    a.item.title,
                ),
            )
            .label(label)
            .related(
                b.item.span,
                format!("{} is {}", b.item.id, with_article(&b.item.kind)),
            )
            .help(help)
            .item(&a.item.id)
            .plan(&self.plans[a.plan].id),
        )
    }

    /// One finding per group of items that link to each other in a circle.
    fn report_cycles(&self, findings: &mut Vec<Finding>) {
        // Only the components that are circles are copied out: most items are each a
        // component of their own.
        let mut circles: Vec<Vec<NodeIndex>> = Vec::new();
        petgraph::algo::TarjanScc::new().run(&self.graph, |component| {
            let self_loop =
                component.len() == 1 && self.graph.find_edge(component[0], component[0]).is_some();
            if component.len() > 1 || self_loop {
                circles.push(component.to_vec());
            }
        });
        for mut component in circles {
            component.sort();
            let first = &self.nodes[component[0].index()];
            let names: Vec<String> = component
                .iter()
                .map(|n| self.nodes[n.index()].item.id.to_string())
                .collect();
            let mut finding = Finding::new(
                "cycle",
                first.item.span,
                format!(
                    "These items link to each other in a circle, so none of them leads up to a \
                     priority through the others: {}",
                    names.join(", ")
                ),
            )
            .label("the circle includes this item")
            .help("Links point upward, from what contributes to what it contributes to: remove the link that points back down.")
            .item(&first.item.id)
            .plan(&self.plans[first.plan].id);
            for &n in &component[1..] {
                let node = &self.nodes[n.index()];
                finding = finding.related(
                    node.item.span,
                    format!("{} \"{}\" is in the circle", node.item.id, node.item.title),
                );
            }
            findings.push(finding);
        }
    }

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
        let budget_line = self.schema.kind("budget-line")?;
        let is_line = |n: NodeIndex| self.nodes[n.index()].item.kind_id == Some(budget_line);
        if !is_line(index) || self.graph.neighbors(index).any(is_line) {
            return None;
        }
        let amount = self.nodes[index.index()].item.fields.get(*names::AMOUNT)?;
        amount
            .value
            .as_str()
            .and_then(crate::parse::values::parse_money)
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

fn duplicate_plan(first: &Plan, second: &Plan) -> Finding {
    Finding::new(
        "duplicate-id",
        second.span,
        format!(
            "The plan id {} is used twice: by \"{}\" and by \"{}\"",
            second.id, first.title, second.title
        ),
    )
    .label("used again here")
    .related(first.span, format!("{} is first used here", first.id))
    .help("Give one of the two plans a different id.")
    .plan(&second.id)
}
