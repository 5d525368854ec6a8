//! `planalign trace ID`: the golden thread through one item as indented trees. Plan text is
//! shown one line per item, through `escape::terminal_line`.

use petgraph::graph::NodeIndex;

use super::escape::terminal_line;
use super::shared::Report;
use crate::parse::values::format_money;
use crate::view::trace::{MAX_NODES, Step, Trace, trace};

/// `--format human`: the trace through `item` as indented trees.
pub fn human(report: &Report, item: NodeIndex) -> String {
    tree_text(&trace(report.model, report.money(), item))
}

/// `--format json`.
pub fn json(report: &Report, item: NodeIndex) -> String {
    let mut text = serde_json::to_string_pretty(&trace(report.model, report.money(), item))
        .expect("a trace serializes to JSON");
    text.push('\n');
    text
}

fn tree_text(trace: &Trace) -> String {
    let item = &trace.item;
    let mut out = format!("{}\n", describe(item));
    out.push_str(if trace.traces {
        "It traces to a Corporate Plan priority.\n"
    } else {
        "It does NOT trace to a Corporate Plan priority.\n"
    });
    out.push_str("\nUp to the Corporate Plan priorities:\n");
    tree(&trace.up, "  ", &mut out);
    if trace.up.is_empty() {
        out.push_str("  (it links to nothing)\n");
    }
    out.push_str("\nWhat leads up to it:\n");
    tree(&trace.down, "  ", &mut out);
    if trace.down.is_empty() {
        out.push_str("  (nothing links to it)\n");
    }
    if trace.cut {
        out.push_str(&format!("\n(cut at {MAX_NODES} lines)\n"));
    }
    out
}

fn describe(step: &Step) -> String {
    let mut text = format!(
        "{} {} \"{}\" ({})",
        terminal_line(&step.id),
        terminal_line(&step.kind),
        terminal_line(&step.title),
        terminal_line(&step.plan)
    );
    if step.money != 0 {
        text.push_str(&format!(", {}", format_money(step.money)));
    }
    text
}

fn tree(steps: &[Step], indent: &str, out: &mut String) {
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let branch = if last { "└─ " } else { "├─ " };
        let relation = terminal_line(step.relation.as_deref().unwrap_or(""));
        let again = if step.repeated { " (shown above)" } else { "" };
        out.push_str(&format!(
            "{indent}{branch}{relation} {}{again}\n",
            describe(step)
        ));
        let deeper = format!("{indent}{}", if last { "   " } else { "│  " });
        tree(&step.children, &deeper, out);
    }
}
