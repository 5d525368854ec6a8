//! The change classes of `planalign diff`: each one's kebab-case id, level, title and the
//! explanation `planalign explain ID` shows, in one list, as the rules keep theirs.

use serde::Serialize;

/// How much a change matters to the refresh officer, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Review,
    Breaking,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Review => "review",
            Level::Breaking => "breaking",
        }
    }
}

/// What a change class says of itself.
pub struct Meta {
    /// The usual level; a few classes are raised or lowered case by case (see DESIGN).
    pub level: Level,
    pub title: &'static str,
    pub explain: &'static str,
}

macro_rules! classes {
    ($($variant:ident $id:literal $level:ident $title:literal $explain:literal,)*) => {
        /// A kind of change between last year's plans and this year's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Class {
            $($variant,)*
        }

        impl Class {
            pub const ALL: &[Class] = &[$(Class::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Class::$variant => $id,)*
                }
            }

            pub fn meta(self) -> &'static Meta {
                match self {
                    $(Class::$variant => &Meta {
                        level: Level::$level,
                        title: $title,
                        explain: $explain,
                    },)*
                }
            }
        }
    };
}

classes! {
    PlanAdded "plan-added" Info "A plan came"
        "A plan that only the new side has. Check that it links to the new Corporate Plan.",
    PlanRemoved "plan-removed" Review "A plan went"
        "A plan that only the old side has. Anything that linked to its items now names an id \
that no longer exists; those links are reported as link-to-removed.",
    PlanRetitled "plan-retitled" Info "A plan has a new title"
        "The plan's title changed between the two sides.",
    PeriodChanged "period-changed" Info "A plan covers another period"
        "The plan's `period:` changed. Targets and actions due outside the new period are \
reported by `planalign check` as due-outside-period.",
    StatusChanged "status-changed" Info "A plan's status changed"
        "The plan's `status:` changed, for example from draft to approved.",
    PlanNotReviewed "plan-not-reviewed" Review "A plan was not re-reviewed"
        "A plan whose `reviewed:` date did not change although the Corporate Plan did, or that \
was last reviewed more than 12 months before the as-of date. At the refresh every plan beneath \
the Corporate Plan must be reviewed against it: review the plan and record the date with \
`reviewed:`.",
    ItemAdded "item-added" Info "An item came"
        "An item that only the new side has and that matches nothing on the old side. Items \
declared inside it are listed with it.",
    ItemRemoved "item-removed" Review "An item went"
        "An item that only the old side has and that nothing on the new side replaces. It is \
breaking for a priority or objective of the Corporate Plan that something on the new side still \
links to. Items declared inside it are listed with it. If it was renamed or merged, record that \
with `replaces: OLD-ID` on the new item.",
    ItemRenamed "item-renamed" Review "An item has a new id"
        "An item of the old side matched to one of the new side with another id: recorded with \
`replaces: OLD-ID` on the new item, or inferred from the evidence (the items that linked to the \
old one and link to the new one now, the items that moved inside it, and how alike the titles \
are). Weak evidence is reported as a possible rename and not relied on: if it was a rename, \
record it with `replaces:`.",
    ItemMerged "item-merged" Review "Items were merged into one"
        "Two or more items of the old side matched to one new item: recorded with `replaces:` \
or inferred because the items that linked to each old one link to the new one now.",
    ItemSplit "item-split" Review "An item was split"
        "One item of the old side replaced by two or more new items, each naming it in \
`replaces:`.",
    ItemRetitled "item-retitled" Info "An item has a new title"
        "The same item (same id) with another title.",
    ItemMoved "item-moved" Info "An item is declared inside another item"
        "The same item, declared inside another item than before (the link nesting gives it).",
    ItemKindChanged "item-kind-changed" Info "An item is of another kind"
        "The same item with another kind, for example an objective that became an outcome.",
    LinkAdded "link-added" Info "An item links to something new"
        "An item's own links (supports, delivers, measures, funds, threatens, ...) gained one.",
    LinkRemoved "link-removed" Info "An item no longer links to something"
        "An item's own links lost one.",
    LinkRetargeted "link-retargeted" Info "An item's link points elsewhere"
        "One of an item's links of a relation now names another item.",
    LinkToRemoved "link-to-removed" Breaking "A link names an item that went"
        "A link on the new side names an id that only the old side has. The change says what \
the old item was renamed or merged into, if anything: link to that instead, or to whatever now \
carries the work.",
    Orphaned "orphaned" Breaking "An item no longer traces to a priority"
        "An item that traced to a Corporate Plan priority on the old side and does not on the \
new. The change names the removed or renamed items on its old path that caused it; items whose \
only way up went through it are listed with it, not reported again.",
    NewlyTraced "newly-traced" Info "An item traces now"
        "An item that did not trace to a Corporate Plan priority on the old side and does now.",
    MoneyMoved "money-moved" Review "Money per priority changed"
        "The money attributed to a Corporate Plan priority or objective changed. Amounts are \
attributed up the golden thread as `planalign coverage` shows them, so a budget line nested in \
another is never counted twice.",
    BudgetLineChanged "budget-line-changed" Info "A budget line's amount changed"
        "The same budget line with another amount.",
    TargetChanged "target-changed" Info "A target's baseline or target value changed"
        "The same target with another baseline or target value.",
    TargetWeakened "target-weakened" Review "A target is less ambitious"
        "A target whose target value moved the wrong way for its polarity: lower for `up`, \
higher for `down`. Say why in the plan, or restore the ambition.",
    TargetSlipped "target-slipped" Review "A due date moved later"
        "A target's or action's due date is later on the new side.",
    TargetStale "target-stale" Review "A target or action was carried over without being updated"
        "A target or action with the same due date on both sides, which lies before the as-of \
date or the start of the new Corporate Plan's period, and that is not complete. Re-date it, \
mark it complete, or withdraw it.",
    FindingNew "finding-new" Info "A finding that `check` did not report before"
        "A finding of `planalign check` on the new side that the old side did not have, matched \
as baselines match (by rule, plan, item and the text it points at, never by line). Breaking \
for errors. Findings that another change explains (an orphaned item's `untraced`, a \
link-to-removed's `dangling-reference`) are not repeated.",
    FindingResolved "finding-resolved" Info "A finding that `check` no longer reports"
        "A finding of the old side that the new side no longer has.",
}

impl Class {
    /// The class with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.as_str() == id)
    }
}
