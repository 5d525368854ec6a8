//! Which rule a finding comes from: one of the built-in rules, named by an enum so that an id
//! that is not a rule cannot be written, or a policy rule, by the id its rule file gives.

use crate::model::Name;

macro_rules! builtins {
    ($($variant:ident => $id:literal,)*) => {
        /// The structural rules built into planalign. Each has its home in
        /// `rules/builtin/`: its explanation and the wording of what it finds.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Builtin {
            $($variant,)*
        }

        impl Builtin {
            /// Every built-in rule.
            pub const ALL: &[Builtin] = &[$(Builtin::$variant,)*];

            /// The rule's kebab-case id.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Builtin::$variant => $id,)*
                }
            }
        }
    };
}

builtins! {
    ParseError => "parse-error",
    MissingPlanHeader => "missing-plan-header",
    DuplicateId => "duplicate-id",
    InvalidId => "invalid-id",
    UnknownKind => "unknown-kind",
    DanglingReference => "dangling-reference",
    RelationKindMismatch => "relation-kind-mismatch",
    Cycle => "cycle",
    DuplicateField => "duplicate-field",
    NoRootPlan => "no-root-plan",
    InvalidRule => "invalid-rule",
    InvalidConfig => "invalid-config",
    InvalidDate => "invalid-date",
    InvalidMoney => "invalid-money",
    WaiverWithoutReason => "waiver-without-reason",
    ExpiredWaiver => "expired-waiver",
    UnusedWaiver => "unused-waiver",
    OutsideRepository => "outside-repository",
}

impl Builtin {
    /// The built-in rule with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|b| b.as_str() == id)
    }
}

/// A rule's id: a built-in rule, or a policy rule loaded from a rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleId {
    Builtin(Builtin),
    /// A policy rule's id, as its rule file gives it (default rules included).
    Policy(Name),
}

impl RuleId {
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleId::Builtin(b) => b.as_str(),
            RuleId::Policy(id) => id.as_str(),
        }
    }
}

impl From<Builtin> for RuleId {
    fn from(rule: Builtin) -> Self {
        RuleId::Builtin(rule)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
