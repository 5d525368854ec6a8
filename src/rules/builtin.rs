//! The structural rules built into planalign. Their checks run while files are read and the
//! graph is built (`parse/`, `graph.rs`); this is where each is named and explained.

use crate::finding::Severity;

pub struct Builtin {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explain: &'static str,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "parse-error",
        severity: Severity::Error,
        title: "The file can be read",
        explain: "A plan file that planalign cannot read: YAML with a mistake in it (a missing \
colon, wrong indentation, an unclosed bracket or quote), a Markdown plan whose header between \
`---` lines is never closed, or a file that is not saved as UTF-8 text. planalign shows the \
line and column where reading stopped; the mistake is usually there or on the line before. \
Nothing in the file is checked until it can be read, but every other file still is.",
    },
    Builtin {
        id: "missing-plan-header",
        severity: Severity::Error,
        title: "Each plan file says which plan it is",
        explain: "Every plan file declares one plan in a header: at least `id:` (a short code such \
as WFS) and `type:` (corporate, workforce, asset, risk, budget, service or action). In Markdown \
the header is YAML between two `---` lines at the very top of the file; in a YAML plan the same \
keys sit at the top level. Without a header planalign cannot tell which plan the items belong \
to, whether the plan is the Corporate Plan, or which period it covers.",
    },
    Builtin {
        id: "duplicate-id",
        severity: Severity::Error,
        title: "Ids are unique",
        explain: "Every item and every plan needs an id of its own across the whole repository, \
so that a link names exactly one thing. When two items share an id, links go to the first one \
declared and the second cannot be linked to at all. Both places are shown: rename one of them, \
and check which one the links that use the id meant.",
    },
    Builtin {
        id: "invalid-id",
        severity: Severity::Error,
        title: "Ids are well formed",
        explain: "An id starts with a letter and uses only letters, digits and `. _ - /`, with no \
spaces, for example CP-O2.1 or WFS-T3. Ids are case-sensitive. An item without an id cannot be \
linked to, so planalign cannot place it in the golden thread.",
    },
    Builtin {
        id: "unknown-kind",
        severity: Severity::Error,
        title: "Items and plans are of a known kind",
        explain: "Each item says what it is: priority, outcome, objective, action, target, \
budget-line, risk or asset (or a kind declared in planalign.yaml), and each plan has a known \
type. The kind decides which links the item may make and which rules apply to it, so an item \
of unknown kind is left out of most checks. planalign suggests the nearest known kind when the \
name looks like a typing mistake.",
    },
    Builtin {
        id: "dangling-reference",
        severity: Severity::Error,
        title: "Links name items that exist",
        explain: "A link (supports, delivers, measures, funds, threatens, mitigates, serves) names \
an id that no item has. The golden thread is broken at that point: the item does not reach \
what it was meant to. This is usually a typing mistake or an item renamed or removed in another \
plan; planalign suggests the nearest existing id. Correct the id or add the missing item.",
    },
    Builtin {
        id: "relation-kind-mismatch",
        severity: Severity::Error,
        title: "Links join the right kinds of item",
        explain: "Each relation joins particular kinds: `measures` goes from a target to a \
priority, outcome, objective or action; `funds` from a budget line; `threatens` from a risk; \
`mitigates` from an action to a risk; `delivers` from an action; `serves` from an asset; \
`supports` from anything to a priority, outcome, objective or action. An item written inside \
another, naming no links of its own, gets its kind's usual relation to it. A link between the \
wrong kinds usually means the wrong relation or the wrong id was used.",
    },
    Builtin {
        id: "cycle",
        severity: Severity::Error,
        title: "Links do not go round in a circle",
        explain: "Links point upward, from what contributes to what it contributes to. When items \
link to each other in a circle, none of them leads up to a priority through the others, and \
money attributed along the links would go round for ever. The finding lists every item in the \
circle once; remove the link that points back down.",
    },
    Builtin {
        id: "duplicate-field",
        severity: Severity::Error,
        title: "Each field is given once",
        explain: "A field is given twice for the same item or plan: in both the heading \
attributes and the YAML block, twice in one YAML mapping, or as two table columns with the same \
name. planalign cannot tell which value is meant. Both places are shown; keep one.",
    },
    Builtin {
        id: "no-root-plan",
        severity: Severity::Error,
        title: "There is one current Corporate Plan",
        explain: "Every other plan is checked against the root: the one plan of type `corporate` \
whose status is not `superseded`. With none, nothing can be traced; with two, planalign cannot \
tell which one the others must follow. Mark the old Corporate Plan `status: superseded` when a \
new one is approved.",
    },
    Builtin {
        id: "invalid-rule",
        severity: Severity::Error,
        title: "Rule files can be used",
        explain: "A rule file in the repository's `rules/` folder that planalign cannot use: YAML \
it cannot read, a key it does not know, an unknown kind, relation or severity, or a message \
placeholder it cannot fill in. The rule is left out of the check until it is corrected; the \
other rules still run.",
    },
    Builtin {
        id: "invalid-config",
        severity: Severity::Error,
        title: "planalign.yaml can be used",
        explain: "planalign.yaml, at the root of a plans repository, sets where plans and rules \
live (`plans:`, `rules:`), which plan is the root (`root:`), extra kinds, relations and plan \
types, and the severity of each rule (`severity: {owner-missing: off}`). A mistake in it, such \
as a key planalign does not know, a severity other than error, warning, note or off, or a rule \
id that does not exist, is reported at its line and column, and that setting is ignored. \
Editors can check the file as it is typed against schemas/planalign.schema.json.",
    },
    Builtin {
        id: "invalid-date",
        severity: Severity::Warning,
        title: "Dates can be read",
        explain: "Dates (`due`, `period`, `approved`, `reviewed`, `start`, `end`, and a waiver's \
`until`) must be in a form planalign can compare: an ISO date such as 2011-03-31, a UK \
financial year such as 2010/11 (1 April 2010 to 31 March 2011; as a due date, its last day), a \
quarter of a financial year such as Q3 2010/11 (October to December 2010), or a range such as \
2010/11-2012/13 or 2010-04-01..2013-03-31. Words such as \"Summer 2010\" or \"April 2011\" \
cannot be checked against a plan's period or the date of the check, so the rules that use \
dates pass over them until they are written in one of these forms.",
    },
    Builtin {
        id: "invalid-money",
        severity: Severity::Error,
        title: "Amounts of money can be read",
        explain: "Amounts (`amount`, `total`) must be numbers planalign can add up: 1234567, \
£1,234,567, £67.4m, £250k or £1.2bn, with a minus sign for savings (-£2.5m). An amount that \
cannot be read is left out of budget totals and of the money attributed to each priority, so \
those would be wrong: it is an error.",
    },
    Builtin {
        id: "waiver-without-reason",
        severity: Severity::Error,
        title: "Waivers give a reason",
        explain: "An item or plan may waive a rule (`waive: [{rule: untraced, reason: ..., \
until: 2011-03-31}]`), but only with a reason: whoever reads the plan next, or audits it, must \
be able to see why the council decided the rule does not apply. A waiver without a reason \
does not apply, so the findings it was meant to waive are still shown.",
    },
    Builtin {
        id: "expired-waiver",
        severity: Severity::Warning,
        title: "Waivers are in date",
        explain: "A waiver with `until:` applies up to and including that date. After it, the \
waiver no longer applies and the findings it covered come back, with this warning at the \
waiver: fix what the rule finds, or renew the waiver with a new date and a reason that still \
holds.",
    },
    Builtin {
        id: "unused-waiver",
        severity: Severity::Warning,
        title: "Waivers waive something",
        explain: "A waiver that suppresses no finding: what it was written for has been fixed, \
or it names a rule that does not exist. Remove it, so that the plan's waivers stay a true list \
of the council's decisions.",
    },
];
