//! The plan model: plans, items and their field values, each carrying the span of the text
//! it came from, so that every finding can point at the exact value.
use crate::source::Span;
use crate::vocabulary::KindId;

/// Text read from a plan: a field name, a value, an id. Short text (up to 24 bytes, which is
/// nearly all of it) is kept inline, without an allocation of its own.
pub type Text = compact_str::CompactString;

/// A field value as written in a plan, with its span.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Text, Span),
    List(Vec<Value>, Span),
    Map(Vec<(Key, Value)>, Span),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Scalar(_, s) | Value::List(_, s) | Value::Map(_, s) => *s,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// Whether the value holds anything: an empty string, list or map does not.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Scalar(s, _) => s.trim().is_empty() || s == "~" || s == "null",
            Value::List(v, _) => v.is_empty(),
            Value::Map(v, _) => v.is_empty(),
        }
    }

    /// The ids a relation value names, each with its own span: a string (comma-separated ids
    /// allowed), a list of strings, or a map from ids to shares.
    pub fn ids(&self) -> Vec<(&str, Span)> {
        match self {
            Value::Scalar(s, span) => split_ids(s, *span),
            Value::List(items, _) => items.iter().flat_map(Value::ids).collect(),
            Value::Map(entries, _) => entries
                .iter()
                .map(|(k, _)| (k.name.as_str(), k.span))
                .collect(),
        }
    }
}

/// Splits `A, B,C` into ids with spans, where the scalar's text is written verbatim at `span`
/// (plain one-line scalars, the inside of quoted ones, attribute values and table cells).
/// Text that is not written as it reads (a YAML scalar folded over several lines, or with
/// escapes) has a span of another length: each of its ids is given the whole value's span,
/// which is where it is written, rather than a place worked out from the unfolded text.
fn split_ids(text: &str, span: Span) -> Vec<(&str, Span)> {
    let verbatim = span.end() - span.start() == text.len();
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split(',') {
        let lead = part.len() - part.trim_start().len();
        let id = part.trim();
        if !id.is_empty() && !verbatim {
            out.push((id, span));
        } else if !id.is_empty() {
            let start = span.start() + offset + lead;
            out.push((id, Span::new(span.file, start, start + id.len())));
        }
        offset += part.len() + 1;
    }
    out
}

/// A field name with the span of where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: Text,
    pub span: Span,
}

/// One field of a plan or item: where its key was written and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: Span,
    pub value: Value,
}

/// A field name. Plans use a few dozen names over and over, so each is kept once for the
/// whole run (interned) and two names are compared by address, not letter by letter.
pub type Name = ustr::Ustr;

/// The field names planalign itself reads while parsing and building the graph, interned
/// once.
pub mod names {
    use std::sync::LazyLock;

    use super::Name;

    pub static ID: LazyLock<Name> = LazyLock::new(|| Name::from("id"));
    pub static KIND: LazyLock<Name> = LazyLock::new(|| Name::from("kind"));
    pub static TITLE: LazyLock<Name> = LazyLock::new(|| Name::from("title"));
    pub static TYPE: LazyLock<Name> = LazyLock::new(|| Name::from("type"));
    pub static ITEMS: LazyLock<Name> = LazyLock::new(|| Name::from("items"));
    pub static AMOUNT: LazyLock<Name> = LazyLock::new(|| Name::from("amount"));
    pub static WAIVE: LazyLock<Name> = LazyLock::new(|| Name::from("waive"));
}

/// The fields of a plan header or an item, in the order written, each name once. An item has
/// a handful of fields, so a lookup is a short scan comparing interned names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(Vec<(Name, Field)>);

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    /// Fields from entries whose names all differ, as the parsers make sure (a repeated key
    /// is reported and its mapping not read).
    pub fn from_distinct(entries: Vec<(Name, Field)>) -> Self {
        Self(entries)
    }

    pub fn get(&self, name: Name) -> Option<&Field> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, f)| f)
    }

    /// The field called `name`, for names not interned in advance. A name no plan uses was
    /// never interned, so no field has it.
    pub fn get_str(&self, name: &str) -> Option<&Field> {
        Name::from_existing(name).and_then(|name| self.get(name))
    }

    pub fn contains(&self, name: Name) -> bool {
        self.get(name).is_some()
    }

    /// Adds a field, or replaces the one with the same name where it stands.
    pub fn insert(&mut self, name: Name, field: Field) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) => *old = field,
            None => self.0.push((name, field)),
        }
    }

    pub fn remove(&mut self, name: Name) -> Option<Field> {
        let at = self.0.iter().position(|(n, _)| *n == name)?;
        Some(self.0.remove(at).1)
    }

    /// The same fields in an allocation of exactly their number. An item's fields are read
    /// with room for the ones planalign takes out (`id`, `kind`, `title`, `items`); an item
    /// keeps its fields for the whole run, so the room is given back once they are out.
    pub fn into_exact(self) -> Self {
        if self.0.len() == self.0.capacity() {
            return self;
        }
        let mut exact = Vec::with_capacity(self.0.len());
        exact.extend(self.0);
        Self(exact)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Name, &Field)> {
        self.0.iter().map(|(n, f)| (*n, f))
    }
}

impl IntoIterator for Fields {
    type Item = (Name, Field);
    type IntoIter = std::vec::IntoIter<(Name, Field)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Extend<(Name, Field)> for Fields {
    /// Adds fields after the others. Each added name must be new to these fields and appear
    /// only once among those added.
    fn extend<I: IntoIterator<Item = (Name, Field)>>(&mut self, fields: I) {
        self.0.extend(fields);
    }
}

/// A plan as declared by one file's header.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: Text,
    /// The span of the plan id (or of the file's start when the header is missing).
    pub span: Span,
    pub plan_type: Text,
    pub title: Text,
    pub fields: Fields,
    /// False when the file had no usable header and planalign made one up from its name.
    pub declared: bool,
}

impl Plan {
    pub fn field_str(&self, name: &str) -> Option<&str> {
        self.fields.get_str(name).and_then(|f| f.value.as_str())
    }

    /// Whether the plan is `status: superseded`: history, kept for reference. Nothing in it
    /// is checked, and nothing traces through it.
    pub fn is_superseded(&self) -> bool {
        self.field_str("status")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("superseded"))
    }
}

/// An item as declared in a plan file, before it joins the graph.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Text,
    /// The span of the id.
    pub span: Span,
    /// The kind as written, and where.
    pub kind: Text,
    pub kind_span: Span,
    /// The kind as the schema knows it; `None` for a kind it does not declare.
    pub kind_id: Option<KindId>,
    pub title: Text,
    pub fields: Fields,
    /// Index, in the same file's item list, of the item this one is declared inside.
    pub parent: Option<usize>,
    /// Part of what was written for the item could not be read (a table row with a cell too
    /// few or too many): a `parse-error` finding says where, and no rule judges the item.
    pub unreadable: bool,
}

/// What one plan file declares.
#[derive(Debug, Clone)]
pub struct PlanFile {
    pub plan: Plan,
    /// Each item in its own allocation, so that building the graph moves a pointer per item
    /// rather than the whole item.
    pub items: Vec<Box<Item>>,
}
