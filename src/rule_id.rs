//! Which rule a finding comes from: one of the built-in rules, named by an enum so that an id
//! that is not a rule cannot be written, or a policy rule, by the id its rule file gives.

use crate::model::Name;

/// Every built-in rule: its variant, its module in `rules/builtin/` (its explanation and the
/// wording of what it finds) and its id. This is the one list a new built-in rule joins; the
/// enum below and the modules in `rules/builtin/` are made from it.
macro_rules! builtin_rules {
    ($then:ident) => {
        $then! {
            ParseError parse_error "parse-error",
            MissingPlanHeader missing_plan_header "missing-plan-header",
            DuplicateId duplicate_id "duplicate-id",
            InvalidId invalid_id "invalid-id",
            UnknownKind unknown_kind "unknown-kind",
            DanglingReference dangling_reference "dangling-reference",
            SupersededReference superseded_reference "superseded-reference",
            RelationKindMismatch relation_kind_mismatch "relation-kind-mismatch",
            Cycle cycle "cycle",
            DuplicateField duplicate_field "duplicate-field",
            NoRootPlan no_root_plan "no-root-plan",
            InvalidRule invalid_rule "invalid-rule",
            InvalidConfig invalid_config "invalid-config",
            InvalidDate invalid_date "invalid-date",
            InvalidMoney invalid_money "invalid-money",
            MissingAmount missing_amount "missing-amount",
            InvalidShare invalid_share "invalid-share",
            WaiverWithoutReason waiver_without_reason "waiver-without-reason",
            ExpiredWaiver expired_waiver "expired-waiver",
            UnusedWaiver unused_waiver "unused-waiver",
            OutsideRepository outside_repository "outside-repository",
            LookalikeCharacter lookalike_character "lookalike-character",
        }
    };
}
pub(crate) use builtin_rules;

macro_rules! define_builtins {
    ($($variant:ident $module:ident $id:literal,)*) => {
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

builtin_rules!(define_builtins);

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
