//! `planalign graph`: the graph, whole or around one item, as Graphviz DOT or Mermaid. Items
//! that do not trace are drawn dashed and marked "untraced"; items with findings say how many.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::engine::Outcome;
use crate::view::money::Attribution;

/// The items to draw: all, or those within `depth` links of one item, either way.
pub fn select(outcome: &Outcome, around: Option<NodeIndex>, depth: usize) -> Vec<bool> {
    let model = &outcome.model;
    let Some(start) = around else {
        return vec![true; model.nodes.len()];
    };
    let mut keep = vec![false; model.nodes.len()];
    keep[start.index()] = true;
    let mut frontier = vec![start];
    for _ in 0..depth {
        let mut next = Vec::new();
        for node in frontier {
            for other in model.graph.neighbors_undirected(node) {
                if !keep[other.index()] {
                    keep[other.index()] = true;
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    keep
}

/// The items to draw, plan by plan, leaving out plans with none.
fn by_plan(outcome: &Outcome, keep: &[bool]) -> Vec<(usize, Vec<usize>)> {
    let model = &outcome.model;
    (0..model.plans.len())
        .map(|p| {
            let members = (0..model.nodes.len())
                .filter(|&i| keep[i] && model.nodes[i].plan == p)
                .collect::<Vec<_>>();
            (p, members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect()
}

fn findings_per_item(outcome: &Outcome) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for f in &outcome.findings {
        if let Some(item) = &f.item {
            *counts.entry(item.as_str()).or_default() += 1;
        }
    }
    counts
}

fn label(
    outcome: &Outcome,
    money: &Attribution,
    counts: &HashMap<&str, usize>,
    i: usize,
) -> String {
    let node = &outcome.model.nodes[i];
    let mut label = format!("{} {}\n{}", node.item.kind, node.item.id, node.item.title);
    if !money.traced[i] {
        label.push_str("\n(untraced)");
    }
    if let Some(n) = counts.get(node.item.id.as_str()) {
        label.push_str(&format!("\n{n} finding{}", if *n == 1 { "" } else { "s" }));
    }
    label
}

pub fn dot(outcome: &Outcome, money: &Attribution, keep: &[bool]) -> String {
    let model = &outcome.model;
    let counts = findings_per_item(outcome);
    let quote = |s: &str| {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    };
    let mut out = String::from(
        "digraph planalign {\n  rankdir=BT;\n  node [shape=box, fontname=\"sans-serif\"];\n",
    );
    for (p, members) in by_plan(outcome, keep) {
        let plan = &model.plans[p];
        out.push_str(&format!(
            "  subgraph cluster_{p} {{\n    label={};\n",
            quote(&format!("{} {}", plan.id, plan.title))
        ));
        for i in members {
            let style = if money.traced[i] { "solid" } else { "dashed" };
            let width = if counts.contains_key(model.nodes[i].item.id.as_str()) {
                2
            } else {
                1
            };
            out.push_str(&format!(
                "    {} [label={}, style={style}, penwidth={width}];\n",
                quote(&model.nodes[i].item.id),
                quote(&label(outcome, money, &counts, i))
            ));
        }
        out.push_str("  }\n");
    }
    for edge in model.graph.edge_references() {
        let (a, b) = (edge.source().index(), edge.target().index());
        if keep[a] && keep[b] {
            out.push_str(&format!(
                "  {} -> {} [label={}];\n",
                quote(&model.nodes[a].item.id),
                quote(&model.nodes[b].item.id),
                quote(&model.schema.relations[edge.weight().relation].name)
            ));
        }
    }
    out.push_str("}\n");
    out
}

pub fn mermaid(outcome: &Outcome, money: &Attribution, keep: &[bool]) -> String {
    let model = &outcome.model;
    let counts = findings_per_item(outcome);
    // Mermaid takes `#quot;` for a quote inside a label; `<` and `>` are written as entities
    // so that plan text cannot become markup.
    let text = |s: &str| {
        s.replace('"', "#quot;")
            .replace('<', "#lt;")
            .replace('>', "#gt;")
            .replace('\n', "<br/>")
    };
    let mut out = String::from("flowchart BT\n  classDef untraced stroke-dasharray: 5 5\n");
    for (p, members) in by_plan(outcome, keep) {
        let plan = &model.plans[p];
        out.push_str(&format!(
            "  subgraph plan{p}[\"{}\"]\n",
            text(&format!("{} {}", plan.id, plan.title))
        ));
        for i in members {
            out.push_str(&format!(
                "    n{i}[\"{}\"]\n",
                text(&label(outcome, money, &counts, i))
            ));
            if !money.traced[i] {
                out.push_str(&format!("    class n{i} untraced\n"));
            }
        }
        out.push_str("  end\n");
    }
    for edge in model.graph.edge_references() {
        let (a, b) = (edge.source().index(), edge.target().index());
        if keep[a] && keep[b] {
            let relation = &model.schema.relations[edge.weight().relation].name;
            out.push_str(&format!("  n{a} -->|{relation}| n{b}\n"));
        }
    }
    out
}
