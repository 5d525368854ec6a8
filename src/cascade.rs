//! One mistake, one finding. A finding that follows only from another mistake (an item that
//! does not trace because the chain it is on stops at a link to an id that does not exist, a
//! link into a superseded plan, or an item that could not be read) is not reported on its own: it is listed with the
//! finding about that mistake, "and 3 items that trace only through it", so that fixing the
//! one finding clears them all.

use rustc_hash::FxHashMap;

use crate::finding::Finding;
use crate::graph::Model;
use crate::rule_id::Builtin;

/// Folds every finding with a cause into the first finding about its cause, if there is one
/// (a cause whose own rule is switched off leaves its consequences reported).
pub fn fold(model: &Model, findings: &mut Vec<Finding>) {
    if findings.iter().all(|f| f.cause.is_none()) {
        return;
    }
    // The finding that stands for each item's own mistake: its first dangling link, or the
    // part of it that could not be read.
    let mut stands_for: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, f) in findings.iter().enumerate() {
        let own = [
            Builtin::DanglingReference,
            Builtin::SupersededReference,
            Builtin::ParseError,
        ]
        .iter()
        .any(|rule| f.rule == rule.as_str());
        if let (true, Some(item)) = (own, f.item.as_deref()) {
            let first = stands_for.entry(item).or_insert(i);
            if (f.span.file, f.span.start())
                < (findings[*first].span.file, findings[*first].span.start())
            {
                *first = i;
            }
        }
    }
    let mut through: Vec<(usize, usize)> = Vec::new();
    let mut folded = vec![false; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        let Some(cause) = &f.cause else { continue };
        let Some(&target) = stands_for.get(cause.id.as_str()) else {
            continue;
        };
        folded[i] = true;
        // The item's own consequence is the same mistake; others are listed with it.
        if f.item.as_deref() != Some(cause.id.as_str()) {
            through.push((target, i));
        }
    }
    through.sort_by_key(|&(target, i)| (target, findings[i].span.file, findings[i].span.start()));
    let mut counts: FxHashMap<usize, usize> = FxHashMap::default();
    for &(target, _) in &through {
        *counts.entry(target).or_default() += 1;
    }
    for &(target, i) in &through {
        let f = &findings[i];
        let item = f.item.clone().unwrap_or_default();
        let title = model
            .lookup(&item)
            .map(|n| model.node(n).item.title.to_string())
            .unwrap_or_default();
        let span = f.span;
        let cause = f.cause.as_ref().map(|c| c.id.clone()).unwrap_or_default();
        findings[target].related.push(crate::finding::Related {
            span,
            message: format!("{item} \"{title}\" traces to a priority only through {cause}"),
        });
    }
    for (target, count) in counts {
        let f = &mut findings[target];
        f.message.push_str(&format!(
            " (and {count} item{} that trace{} only through it)",
            if count == 1 { "" } else { "s" },
            if count == 1 { "s" } else { "" }
        ));
    }
    let mut keep = folded.iter().map(|f| !f);
    findings.retain(|_| keep.next().unwrap_or(true));
}
