//! `missing-amount`: a budget line that says how much it is nowhere.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::values::format_money;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Budget lines have an amount",
    explain: "A budget line with no `amount:` adds nothing to its plan's total or to the money \
attributed to each priority, so both would be short without a word. A line written inside \
another budget line breaks that line down: it needs no amount of its own, since the amount of \
the line it breaks down is what counts. A line that is nil on purpose says `amount: 0`.",
};

/// A top-level budget line with no amount; `beneath` is what the lines breaking it down add
/// up to, and how many there are, when there are any.
pub fn finding(span: Span, id: &str, title: &str, beneath: Option<(usize, i64)>) -> Finding {
    let help = match beneath {
        Some((count, total)) => format!(
            "Give it `amount:`. The {count} line{s} beneath it add up to {total}: if that is \
             the whole line, write `amount: {total}`.",
            s = if count == 1 { "" } else { "s" },
            total = format_money(total),
        ),
        None => "Give it `amount:`, for example `amount: £1.2m`, or `amount: 0` if it is nil \
                 on purpose."
            .to_owned(),
    };
    Finding::new(
        Builtin::MissingAmount,
        span,
        format!(
            "Budget line {id} \"{title}\" has no amount, so it adds nothing to the budget or to \
             the money per priority"
        ),
    )
    .label("no amount")
    .help(help)
}
