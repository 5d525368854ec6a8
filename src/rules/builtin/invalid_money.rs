//! `invalid-money`: an amount that cannot be read as money.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::parse::values::MONEY_FORMS;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Amounts of money can be read",
    explain: "Amounts (`amount`, `total`) must be numbers planalign can add up: 1234567, \
£1,234,567, £67.4m, £250k or £1.2bn, with a minus sign for savings (-£2.5m). An amount that \
cannot be read, or that is more than £100 billion (more than any council's whole budget, so a \
mistyped unit or digit), is left out of budget totals and of the money attributed to each priority, so \
those would be wrong: it is an error. In a table, a column headed `amount (£m)`, `£k`, \
`Budget 2026/27 (£000)` or `£'000` holds numbers in that unit; a column whose header names \
money in another currency or unit (`€m`, `$`) cannot be read and is reported, not ignored.",
};

/// An amount that cannot be read.
pub fn finding(span: Span, name: &str, written: &str) -> Finding {
    super::invalid_date::unreadable(
        Builtin::InvalidMoney,
        span,
        name,
        written,
        "an amount of money",
        MONEY_FORMS,
    )
}

/// An amount written as money but beyond any council's budget: more than £100 billion.
pub fn too_large(span: Span, name: &str, written: &str) -> Finding {
    Finding::new(
        Builtin::InvalidMoney,
        span,
        format!(
            "`{name}: {written}` is more than £100 billion, more than any council's whole \
             budget, so it is not counted"
        ),
    )
    .label("too large to be right")
    .help(
        "Check the amount and its unit: a figure in £m written as £k, or a unit given twice \
         (`£3000m` for £3bn is fine, `£3000bn` is not).",
    )
}

/// A table column whose header names money in a unit planalign cannot read: its cells are not
/// read.
pub fn column(span: Span, header: &str) -> Finding {
    Finding::new(
        Builtin::InvalidMoney,
        span,
        format!(
            "The column `{header}` looks like money, but planalign cannot read its unit, so its \
             amounts are not counted"
        ),
    )
    .label("unit not known")
    .help(
        "Head the column `amount` with amounts written as £1,234, £67.4m or £250k, or give the \
         unit as `amount (£m)`, `amount (£k)` or `amount (£000)`.",
    )
}
