//! The state of parsing one plan file, shared by the Markdown, table and YAML readers: the
//! items read so far and the problems found, and the checks every item gets (id and kind).

use crate::model::{Field, Fields, Item, Key, Name, Plan, Text, Value, names};
use crate::problem::{InvalidId, ParseError, Problem, UnknownKind};
use crate::source::{FileId, Span};
use crate::suggest;
use crate::vocabulary::Schema;

/// The state of parsing one file: where problems and items go.
pub struct Context<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub schema: &'a Schema,
    name: &'a str,
    #[allow(
        clippy::vec_box,
        reason = "each item is boxed as it is read, so that building the graph moves a pointer"
    )]
    pub items: Vec<Box<Item>>,
    pub problems: Vec<Problem>,
}

impl<'a> Context<'a> {
    pub fn new(file: FileId, text: &'a str, schema: &'a Schema, name: &'a str) -> Self {
        Self {
            file,
            text,
            schema,
            name,
            items: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// The plan a header declares, and its `items:` list if it has one. A header without an
    /// id or type is reported and replaced by one named after the file, so that the file's
    /// items are still checked.
    pub fn plan_header(
        &mut self,
        entries: Vec<(Key, Value)>,
        at: Span,
        default_title: Option<Text>,
    ) -> (Plan, Option<Value>) {
        let mut fields = fields_from(entries);
        let items = fields.remove(*names::ITEMS).map(|f| f.value);
        let id = fields.remove(*names::ID);
        let plan_type = fields.remove(*names::TYPE);
        let title = fields
            .remove(*names::TITLE)
            .and_then(|f| f.value.as_str().map(Text::from))
            .or(default_title)
            .unwrap_or_default();
        let missing: Vec<&str> = [("id", &id), ("type", &plan_type)]
            .iter()
            .filter(|(_, f)| f.as_ref().is_none_or(|f| f.value.is_empty()))
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            self.problems.push(Problem::MissingPlanHeader {
                at,
                missing: missing.clone(),
            });
        }
        let (plan_type, type_span) = match &plan_type {
            Some(Field {
                value: Value::Scalar(t, span),
                ..
            }) => (t.clone(), *span),
            _ => (Text::default(), at),
        };
        if !plan_type.is_empty() && !self.schema.plan_types.iter().any(|t| *t == plan_type) {
            let types = self.schema.plan_types.iter().map(String::as_str);
            self.problems
                .push(Problem::UnknownKind(UnknownKind::PlanType {
                    at: type_span,
                    suggestion: suggest::closest(&plan_type, types).map(str::to_owned),
                    written: plan_type.clone(),
                    known: self.schema.plan_types.clone(),
                }));
        }
        let plan = match id.as_ref().and_then(|f| match &f.value {
            Value::Scalar(s, span) if !s.trim().is_empty() => Some((s.clone(), *span)),
            _ => None,
        }) {
            Some((id, span)) => Plan {
                id,
                span,
                plan_type,
                title,
                fields,
                declared: missing.is_empty(),
            },
            None => Plan {
                id: self.name.into(),
                span: at,
                plan_type,
                title,
                fields,
                declared: false,
            },
        };
        (plan, items)
    }

    /// The items of a YAML `items:` list, and of their own nested lists.
    pub fn yaml_items(&mut self, list: Value, parent: Option<usize>) {
        let span = list.span();
        let Value::List(entries, _) = list else {
            self.problems
                .push(Problem::ParseError(ParseError::ItemsNotAList { at: span }));
            return;
        };
        self.items.reserve(entries.len());
        for entry in entries {
            let Value::Map(map, span) = entry else {
                self.problems
                    .push(Problem::ParseError(ParseError::ItemNotAMapping {
                        at: entry.span(),
                    }));
                continue;
            };
            let mut fields = fields_from(map);
            let children = fields.remove(*names::ITEMS).map(|f| f.value);
            let title = fields.remove(*names::TITLE).and_then(|f| match f.value {
                Value::Scalar(s, _) => Some(s),
                _ => None,
            });
            let at = Span::at(self.file, span.start());
            let index = self.add_item(fields, title.unwrap_or_default(), at, parent);
            if let Some(children) = children {
                self.yaml_items(children, Some(index));
            }
        }
    }

    /// Checks an item's id and kind and records it; returns its index. An item with no id
    /// (`at` is where that is reported) is reported and kept, with an empty id, as an item
    /// that no rule judges: nothing can link to it, but it links where it says, and the items
    /// nested in it trace through it.
    pub fn add_item(
        &mut self,
        mut fields: Fields,
        title: Text,
        at: Span,
        parent: Option<usize>,
    ) -> usize {
        let Some((id, span)) = fields.remove(*names::ID).and_then(|f| match f.value {
            Value::Scalar(s, span) if !s.trim().is_empty() => Some((s, span)),
            _ => None,
        }) else {
            self.problems.push(Problem::InvalidId(InvalidId::Missing {
                at,
                title: title.clone(),
            }));
            let (kind, kind_span) = Self::kind_of(&mut fields, at);
            self.items.push(Box::new(Item {
                id: Text::default(),
                span: at,
                kind_id: self.schema.kind(&kind),
                kind,
                kind_span,
                title,
                fields: fields.into_exact(),
                parent,
                unreadable: true,
            }));
            return self.items.len() - 1;
        };
        if crate::suggest::is_too_long(&id) {
            self.problems.push(Problem::InvalidId(InvalidId::TooLong {
                at: span,
                id: id.clone(),
            }));
        } else if !is_valid_id(&id) {
            self.problems.push(Problem::InvalidId(InvalidId::Malformed {
                at: span,
                id: id.clone(),
            }));
        }
        let (kind, kind_span) = Self::kind_of(&mut fields, span);
        let kind_id = self.schema.kind(&kind);
        if kind_id.is_none() {
            self.problems.push(self.unknown_kind(&id, &kind, kind_span));
        }
        self.items.push(Box::new(Item {
            id,
            span,
            kind,
            kind_span,
            kind_id,
            title,
            fields: fields.into_exact(),
            parent,
            unreadable: false,
        }));
        self.items.len() - 1
    }

    /// The kind an item's fields give, taken out of them, and where it is written (`at` when
    /// it is not).
    fn kind_of(fields: &mut Fields, at: Span) -> (Text, Span) {
        match fields.remove(*names::KIND) {
            Some(Field {
                value: Value::Scalar(k, ks),
                ..
            }) => (k, ks),
            _ => (Text::default(), at),
        }
    }

    /// An item whose kind is missing or not in the vocabulary.
    pub fn unknown_kind(&self, id: &str, kind: &str, span: Span) -> Problem {
        let suggestion = (!kind.is_empty())
            .then(|| suggest::closest(kind, self.schema.kind_names()))
            .flatten();
        Problem::UnknownKind(UnknownKind::Item {
            at: span,
            id: id.into(),
            written: kind.into(),
            suggestion: suggestion.map(str::to_owned),
            known: self.schema.kind_names().map(str::to_owned).collect(),
        })
    }
}

/// Turns parsed `key: value` entries, whose keys all differ, into fields.
pub fn fields_from(entries: Vec<(Key, Value)>) -> Fields {
    Fields::from_distinct(
        entries
            .into_iter()
            .map(|(key, value)| {
                (
                    Name::from(key.name.as_str()),
                    Field {
                        key: key.span,
                        value,
                    },
                )
            })
            .collect(),
    )
}

/// An id starts with a letter and holds only letters, digits and `. _ - /`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["CP-P1", "WFS-O2.1", "a/b_c", "Å1"] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in ["1CP", "CP P1", "", "-x", "CP#1"] {
            assert!(!is_valid_id(id), "{id}");
        }
    }
}
