//! What reading, parsing and building the graph find wrong, as typed data. Each problem
//! belongs to one built-in rule, which words it as a finding (`rules/builtin/`): the code that
//! finds a problem says what and where, never how it is put to the user.

use crate::model::Text;
use crate::source::Span;

/// One problem, by the rule it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    ParseError(ParseError),
    MissingPlanHeader {
        at: Span,
        /// The header fields that are missing: `id`, `type` or both.
        missing: Vec<&'static str>,
    },
    DuplicateId(DuplicateId),
    InvalidId(InvalidId),
    UnknownKind(UnknownKind),
    DanglingReference(DanglingReference),
    SupersededReference(SupersededReference),
    RelationKindMismatch(RelationKindMismatch),
    Cycle {
        /// Every item in the circle, in graph order: the finding is at the first.
        items: Vec<Named>,
        plan: Text,
    },
    DuplicateField(DuplicateField),
    NoRootPlan(NoRootPlan),
    OutsideRepository(OutsideRepository),
    /// A character that looks like a space, written where only a space can be meant, and read
    /// as one.
    /// A table column whose header names money in a unit planalign cannot read.
    MoneyColumn {
        at: Span,
        header: Text,
    },
    Lookalike {
        at: Span,
        found: crate::parse::lookalike::Lookalike,
    },
}

/// An item or plan as a finding names it: id, title and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: Text,
    pub title: Text,
    pub span: Span,
}

/// A file, or part of one, that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The file system would not give the file.
    Unreadable {
        at: Span,
        error: String,
    },
    /// Larger than planalign reads: `size` and `limit` in bytes.
    TooLarge {
        at: Span,
        size: u64,
        limit: u64,
    },
    NotUtf8 {
        at: Span,
    },
    HeaderNotClosed {
        at: Span,
    },
    /// Text in a heading's `{…}` that is not `key=value`.
    NotAField {
        at: Span,
        written: String,
    },
    ItemsNotAList {
        at: Span,
    },
    ItemNotAMapping {
        at: Span,
    },
    /// YAML that is not a mapping where a mapping is needed.
    NotMapping {
        at: Span,
    },
    Anchor {
        at: Span,
    },
    Tag {
        at: Span,
    },
    KeyNotScalar {
        at: Span,
    },
    TooDeep {
        at: Span,
        limit: usize,
    },
    /// The YAML reader stopped, saying why.
    Scan {
        at: Span,
        info: String,
    },
    Other {
        at: Span,
        message: String,
    },
    /// A NUL character in YAML text, where the YAML reader would stop without a word.
    Nul {
        at: Span,
    },
    /// A heading's `{` attribute block that is never closed.
    AttributesNotClosed {
        at: Span,
    },
    /// A table row written with another number of cells than the table has columns.
    RowCells {
        at: Span,
        cells: usize,
        columns: Vec<Text>,
        /// The id in the row's `id` cell, if it has one.
        id: Option<Text>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateId {
    Item {
        again: Named,
        first: Named,
        plan: Text,
    },
    Plan {
        again: Named,
        first: Named,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidId {
    /// An item with no id at all.
    Missing {
        at: Span,
        title: Text,
    },
    Malformed {
        at: Span,
        id: Text,
    },
    /// An id longer than [`crate::suggest::MAX_ID_CHARS`] characters.
    TooLong {
        at: Span,
        id: Text,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnknownKind {
    PlanType {
        at: Span,
        written: Text,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// An item that says no kind, or one the vocabulary does not have.
    Item {
        at: Span,
        id: Text,
        written: Text,
        suggestion: Option<String>,
        known: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingReference {
    pub from: Named,
    pub plan: Text,
    pub relation: String,
    /// The id that names nothing, and where.
    pub id: String,
    pub at: Span,
    /// The nearest existing item, by id and title.
    pub suggestion: Option<(String, Text)>,
}

/// A link from an item of a current plan to an item of a superseded plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupersededReference {
    pub from: Named,
    pub plan: Text,
    pub relation: String,
    /// The item linked to; its span is that of the id in the link.
    pub to: Named,
    /// The superseded plan it is in, at its `status`.
    pub to_plan: Named,
    /// The root plan, if there is one, where the current item is to be found.
    pub root: Option<Named>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationKindMismatch {
    pub from: Named,
    pub from_kind: Text,
    pub plan: Text,
    pub to: Named,
    pub to_kind: Text,
    pub relation: String,
    pub fault: KindFault,
    /// The span of the id that names `to`, or `None` when the link comes from the item
    /// being written inside `to`.
    pub named: Option<Span>,
}

/// Which end of a link is of the wrong kind, and the kinds that end allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindFault {
    From(Vec<String>),
    To(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateField {
    pub name: Text,
    pub first: Span,
    pub again: Span,
    pub place: FieldPlace,
}

/// Where a field is given twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldPlace {
    HeadingAndBlock,
    Heading,
    Mapping,
    TableColumns,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRootPlan {
    /// planalign.yaml names a root plan that does not exist.
    Named {
        at: Span,
        id: String,
        suggestion: Option<String>,
    },
    None {
        at: Span,
    },
    /// More than one current corporate plan: the finding is at `at`, the others related.
    Several {
        at: Span,
        count: usize,
        others: Vec<Named>,
    },
}

/// Something in the repository that leads outside it, and so is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutsideRepository {
    /// A link (or a folder reached through one) whose target lies outside; the finding is on
    /// the link, `name`, and `target` is what the link says.
    Link {
        at: Span,
        name: String,
        target: String,
    },
    /// A folder planalign.yaml names (`key: written`) that lies outside.
    Folder {
        at: Span,
        key: &'static str,
        written: String,
    },
}
