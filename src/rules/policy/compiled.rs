//! A policy rule compiled from its rule file (`def`), ready to run (`policy`) and to word
//! what it finds (`message`).

use crate::graph::PlanId;
use crate::model::Name;
use crate::rules::condition::Condition;
use crate::source::Span;
use crate::vocabulary::KindId;

/// Which plans an assertion's far end may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    Root,
    Other,
}

/// An assertion about links, ready to run.
#[derive(Debug)]
pub struct Reach {
    pub kinds: Option<Vec<KindId>>,
    pub scope: Scope,
    pub via: Option<Vec<bool>>,
    pub min: usize,
}

/// One block of `require`, ready to run.
#[derive(Debug, Default)]
pub struct Block {
    pub(super) when: Option<Condition>,
    pub(super) reaches: Option<Reach>,
    pub(super) reached_by: Option<Reach>,
    pub(super) fields: Vec<Name>,
    pub(super) check: Option<Condition>,
    pub(super) within_period: Option<Name>,
    pub(super) at: Option<Name>,
}

/// A policy rule checked and resolved against the schema, ready to run.
#[derive(Debug)]
pub struct Policy {
    pub id: Name,
    /// Where the rule's id is written, for problems found while it runs.
    pub at: Span,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) plans: bool,
    pub(super) kinds: Option<Vec<KindId>>,
    pub(super) plan_types: Option<Vec<String>>,
    /// `Some(true)`: only the root plan (or its items); `Some(false)`: only the others.
    pub(super) in_root: Option<bool>,
    pub(super) when: Option<Condition>,
    pub(super) blocks: Vec<Block>,
    /// One of planalign's default rules, which are tested: a condition that breaks on an
    /// item breaks on the item's values.
    pub(super) shipped: bool,
}

/// What a rule is looking at: an item (by node index) or a plan.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Subject {
    pub(super) item: Option<usize>,
    pub(super) plan: PlanId,
}
