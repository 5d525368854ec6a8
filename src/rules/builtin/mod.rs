//! The structural rules built into planalign, one file each: its explanation and the wording
//! of what it finds. Reading, parsing and building the graph find the problems
//! ([`crate::problem`]); the rule that owns a problem turns it into a finding here.

pub mod meta;
pub mod values;

use crate::finding::Finding;
use crate::problem::Problem;
use crate::rule_id::Builtin;
use meta::Meta;

/// A module per built-in rule, each with its `META`, from the one list in `rule_id.rs`.
macro_rules! rule_modules {
    ($($variant:ident $module:ident $id:literal,)*) => {
        $(pub mod $module;)*

        impl Builtin {
            /// What the rule says of itself: severity, title, explanation.
            pub fn meta(self) -> &'static Meta {
                match self {
                    $(Builtin::$variant => &$module::META,)*
                }
            }
        }
    };
}

crate::rule_id::builtin_rules!(rule_modules);

/// The finding for a problem, worded by the rule that owns it.
pub fn finding(problem: Problem) -> Finding {
    match problem {
        Problem::ParseError(p) => parse_error::finding(p),
        Problem::MissingPlanHeader { at, missing } => missing_plan_header::finding(at, &missing),
        Problem::DuplicateId(p) => duplicate_id::finding(p),
        Problem::InvalidId(p) => invalid_id::finding(p),
        Problem::UnknownKind(p) => unknown_kind::finding(p),
        Problem::DanglingReference(p) => dangling_reference::finding(p),
        Problem::SupersededReference(p) => superseded_reference::finding(p),
        Problem::RelationKindMismatch(p) => relation_kind_mismatch::finding(p),
        Problem::Cycle { items, plan } => cycle::finding(&items, &plan),
        Problem::DuplicateField(p) => duplicate_field::finding(p),
        Problem::NoRootPlan(p) => no_root_plan::finding(p),
        Problem::OutsideRepository(p) => outside_repository::finding(p),
        Problem::MoneyColumn { at, header } => invalid_money::column(at, &header),
        Problem::Lookalike { at, found } => lookalike_character::finding(at, found),
    }
}
