//! `invalid-share`: the shares a link gives (`funds: {CP-O1.1: 60%, CP-O1.2: 40%}`) that are
//! not parts of a whole. Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Shares of a link add up to 100%",
    explain: "A link written as a map gives each id a share of the item's money: \
`funds: {CP-O1.1: 60%, CP-O1.2: 40%}`, or `0.6` and `0.4`. Each share must be a number more \
than 0% and at most 100%, and together they must add up to 100% (to within one percentage \
point, so that three thirds written 33% are fine). Shares that add up to more or less are \
used in proportion to each other; a share that is not a number, zero or negative makes \
planalign divide the line's money equally instead. Either way the money per priority is not \
what the plan meant, so it is an error.",
};

/// A share that is not a number between 0% and 100%.
pub fn unreadable(span: Span, id: &str, target: &str, written: &str) -> Finding {
    Finding::new(
        Builtin::InvalidShare,
        span,
        format!(
            "{id} gives {target} a share of `{written}`, which is not a share between 0% and \
             100%, so its money is divided equally instead"
        ),
    )
    .label("not a share")
    .help("Write each share as a percentage more than 0% and at most 100%, such as `60%`.")
}

/// Shares that, each readable, do not add up to 100%; `total` is their sum in hundredths of
/// a percent.
pub fn total(span: Span, id: &str, total: i64) -> Finding {
    Finding::new(
        Builtin::InvalidShare,
        span,
        format!(
            "The shares {id} gives add up to {}, not 100%, so its money is divided in \
             proportion to them",
            percent(total)
        ),
    )
    .label(format!("adds up to {}", percent(total)))
    .help("Correct the shares so that they add up to 100%.")
}

/// Hundredths of a percent as a percentage: `90%`, `33.33%`.
fn percent(hundredths: i64) -> String {
    let (whole, part) = (hundredths / 100, hundredths % 100);
    if part == 0 {
        format!("{whole}%")
    } else {
        format!("{whole}.{part:02}").trim_end_matches('0').to_owned() + "%"
    }
}
