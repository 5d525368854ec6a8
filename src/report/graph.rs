//! `planalign graph`: the graph, whole or around one item, as Graphviz DOT or Mermaid. Items
//! that do not trace are drawn dashed and marked "untraced"; items with findings say how many.
//! Plan text and relation names go into labels through `escape::dot` and `escape::mermaid`.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::escape;
use super::shared::Report;
use crate::graph::Model;

/// The items to draw: all, or those within `depth` links of one item, either way.
fn select(model: &Model, around: Option<NodeIndex>, depth: usize) -> Vec<bool> {
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
fn by_plan(model: &Model, keep: &[bool]) -> Vec<(usize, Vec<usize>)> {
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

fn findings_per_item<'a>(report: &Report<'a>) -> HashMap<&'a str, usize> {
    let mut counts = HashMap::new();
    for f in report.findings {
        if let Some(item) = &f.item {
            *counts.entry(item.as_str()).or_default() += 1;
        }
    }
    counts
}

fn label(report: &Report, counts: &HashMap<&str, usize>, i: usize) -> String {
    let node = &report.model.nodes[i];
    let mut label = format!("{} {}\n{}", node.item.kind, node.item.id, node.item.title);
    if !report.money().traced[i] {
        label.push_str("\n(untraced)");
    }
    if let Some(n) = counts.get(node.item.id.as_str()) {
        label.push_str(&format!("\n{n} finding{}", if *n == 1 { "" } else { "s" }));
    }
    label
}

/// `--format dot`: Graphviz, one cluster per plan.
pub fn dot(report: &Report, around: Option<NodeIndex>, depth: usize) -> String {
    let model = report.model;
    let money = report.money();
    let keep = select(model, around, depth);
    let counts = findings_per_item(report);
    let quote = escape::dot;
    let mut out = String::from(
        "digraph planalign {\n  rankdir=BT;\n  node [shape=box, fontname=\"sans-serif\"];\n",
    );
    for (p, members) in by_plan(model, &keep) {
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
                quote(&label(report, &counts, i))
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

/// `--format mermaid`: a flowchart, one subgraph per plan.
pub fn mermaid(report: &Report, around: Option<NodeIndex>, depth: usize) -> String {
    let model = report.model;
    let money = report.money();
    let keep = select(model, around, depth);
    let counts = findings_per_item(report);
    let text = escape::mermaid;
    let mut out = String::from("flowchart BT\n  classDef untraced stroke-dasharray: 5 5\n");
    for (p, members) in by_plan(model, &keep) {
        let plan = &model.plans[p];
        out.push_str(&format!(
            "  subgraph plan{p}[\"{}\"]\n",
            text(&format!("{} {}", plan.id, plan.title))
        ));
        for i in members {
            out.push_str(&format!(
                "    n{i}[\"{}\"]\n",
                text(&label(report, &counts, i))
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
            out.push_str(&format!("  n{a} -->|{}| n{b}\n", edge_label(relation)));
        }
    }
    out
}

/// A Mermaid edge label: a plain name as it is, anything else quoted and escaped, since
/// between the pipes a `|`, a line break or an arrow would end the label or start an edge.
fn edge_label(name: &str) -> String {
    let plain = !name.is_empty()
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if plain {
        name.to_owned()
    } else {
        format!("\"{}\"", escape::mermaid(name))
    }
}
