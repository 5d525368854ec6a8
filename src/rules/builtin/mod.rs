//! The structural rules built into planalign, one file each: its explanation and the wording
//! of what it finds. Reading, parsing and building the graph find the problems
//! ([`crate::problem`]); the rule that owns a problem turns it into a finding here.

mod cycle;
mod dangling_reference;
mod duplicate_field;
mod duplicate_id;
pub mod expired_waiver;
pub mod invalid_config;
pub mod invalid_date;
mod invalid_id;
pub mod invalid_money;
pub mod invalid_rule;
pub mod meta;
mod missing_plan_header;
mod no_root_plan;
pub mod outside_repository;
pub mod parse_error;
mod relation_kind_mismatch;
mod unknown_kind;
pub mod unused_waiver;
pub mod values;
pub mod waiver_without_reason;

use crate::finding::Finding;
use crate::problem::Problem;
use crate::rule_id::Builtin;
use meta::Meta;

impl Builtin {
    pub fn meta(self) -> &'static Meta {
        match self {
            Builtin::ParseError => &parse_error::META,
            Builtin::MissingPlanHeader => &missing_plan_header::META,
            Builtin::DuplicateId => &duplicate_id::META,
            Builtin::InvalidId => &invalid_id::META,
            Builtin::UnknownKind => &unknown_kind::META,
            Builtin::DanglingReference => &dangling_reference::META,
            Builtin::RelationKindMismatch => &relation_kind_mismatch::META,
            Builtin::Cycle => &cycle::META,
            Builtin::DuplicateField => &duplicate_field::META,
            Builtin::NoRootPlan => &no_root_plan::META,
            Builtin::InvalidRule => &invalid_rule::META,
            Builtin::InvalidConfig => &invalid_config::META,
            Builtin::InvalidDate => &invalid_date::META,
            Builtin::InvalidMoney => &invalid_money::META,
            Builtin::WaiverWithoutReason => &waiver_without_reason::META,
            Builtin::ExpiredWaiver => &expired_waiver::META,
            Builtin::UnusedWaiver => &unused_waiver::META,
            Builtin::OutsideRepository => &outside_repository::META,
        }
    }
}

/// The finding for a problem, worded by the rule that owns it.
pub fn finding(problem: Problem) -> Finding {
    match problem {
        Problem::ParseError(p) => parse_error::finding(p),
        Problem::MissingPlanHeader { at, missing } => missing_plan_header::finding(at, &missing),
        Problem::DuplicateId(p) => duplicate_id::finding(p),
        Problem::InvalidId(p) => invalid_id::finding(p),
        Problem::UnknownKind(p) => unknown_kind::finding(p),
        Problem::DanglingReference(p) => dangling_reference::finding(p),
        Problem::RelationKindMismatch(p) => relation_kind_mismatch::finding(p),
        Problem::Cycle { items, plan } => cycle::finding(&items, &plan),
        Problem::DuplicateField(p) => duplicate_field::finding(p),
        Problem::NoRootPlan(p) => no_root_plan::finding(p),
        Problem::OutsideRepository(p) => outside_repository::finding(p),
    }
}
