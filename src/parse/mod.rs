//! Plan files to [`PlanFile`]s: Markdown plans (front matter, item headings, YAML blocks,
//! tables) and YAML plans. Problems in a file are findings; a file never stops the run.

pub mod markdown;
mod table;
pub mod values;
pub mod yaml;

use crate::config::Schema;
use crate::finding::Finding;
use crate::model::{Field, Fields, Item, Key, Name, Plan, PlanFile, Text, Value, names};
use crate::source::{FileId, SourceFile, Span};
use crate::suggest;

/// What parsing one file gave: the plan it declares (if it could be read at all) and the
/// problems found on the way.
#[derive(Debug, Default)]
pub struct Parsed {
    pub plan: Option<PlanFile>,
    pub findings: Vec<Finding>,
}

/// Whether a path names a plan file planalign reads, by its extension.
pub fn is_plan_file(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "yaml" | "yml")
    )
}

pub fn parse_file(id: FileId, source: &SourceFile, schema: &Schema) -> Parsed {
    let mut cx = Context::new(id, &source.text, schema, &source.name);
    let is_markdown = matches!(
        source.path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    );
    let plan = if is_markdown {
        markdown::parse(&mut cx)
    } else {
        yaml_plan(&mut cx)
    };
    Parsed {
        plan: plan.map(|plan| PlanFile {
            plan,
            items: cx.items,
        }),
        findings: cx.findings,
    }
}

fn yaml_plan(cx: &mut Context) -> Option<Plan> {
    match yaml::parse_mapping(cx.file, cx.text, 0, cx.text.len()) {
        Ok(yaml::Mapping { entries, span }) => {
            let start = Span::at(cx.file, span.start());
            let (plan, items) = cx.plan_header(entries, start, None);
            if let Some(items) = items {
                cx.yaml_items(items, None);
            }
            Some(plan)
        }
        Err(finding) => {
            cx.findings.push(*finding);
            None
        }
    }
}

/// The state of parsing one file: where findings and items go.
pub struct Context<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub schema: &'a Schema,
    name: &'a str,
    pub items: Vec<Box<Item>>,
    pub findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    fn new(file: FileId, text: &'a str, schema: &'a Schema, name: &'a str) -> Self {
        Self {
            file,
            text,
            schema,
            name,
            items: Vec::new(),
            findings: Vec::new(),
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
            self.findings.push(
                Finding::new(
                    "missing-plan-header",
                    at,
                    format!(
                        "This file does not say which plan it is: its header has no {}",
                        missing.join(" or ")
                    ),
                )
                .help(
                    "Start the file with a header giving at least `id:` (a short code such as \
                     WFS) and `type:` (corporate, workforce, asset, risk, budget, service or \
                     action). In Markdown the header goes between two `---` lines at the top.",
                ),
            );
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
            let mut finding = Finding::new(
                "unknown-kind",
                type_span,
                format!("`{plan_type}` is not a known type of plan"),
            )
            .label("unknown plan type");
            finding = match suggest::closest(&plan_type, types) {
                Some(s) => finding.help(format!("Did you mean `{s}`?")),
                None => finding.help(format!(
                    "Use one of: {}, or declare the type in planalign.yaml.",
                    self.schema.plan_types.join(", ")
                )),
            };
            self.findings.push(finding);
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
            self.findings.push(
                Finding::new("parse-error", span, "`items:` must be a list of items")
                    .help("Write each item as a list entry starting with `- id: ...`."),
            );
            return;
        };
        self.items.reserve(entries.len());
        for entry in entries {
            let Value::Map(map, span) = entry else {
                self.findings.push(
                    Finding::new(
                        "parse-error",
                        entry.span(),
                        "Each entry of `items:` must be an item with fields such as `id:`, \
                         `kind:` and `title:`",
                    )
                    .help("Write the item as `- id: ...` followed by its fields, indented."),
                );
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
                self.yaml_items(children, index.or(parent));
            }
        }
    }

    /// Checks an item's id and kind and records it. Returns its index, or `None` when it has
    /// no id and so cannot be an item.
    pub fn add_item(
        &mut self,
        mut fields: Fields,
        title: Text,
        at: Span,
        parent: Option<usize>,
    ) -> Option<usize> {
        let Some((id, span)) = fields.remove(*names::ID).and_then(|f| match f.value {
            Value::Scalar(s, span) if !s.trim().is_empty() => Some((s, span)),
            _ => None,
        }) else {
            self.findings.push(
                Finding::new("invalid-id", at, format!("The item \"{title}\" has no id")).help(
                    "Give every item a unique id such as CP-P1 or WFS-T3, so that other \
                         items can link to it.",
                ),
            );
            return None;
        };
        if !is_valid_id(&id) {
            self.findings.push(
                Finding::new("invalid-id", span, format!("`{id}` is not a valid item id"))
                    .label("invalid id")
                    .help(
                        "An id starts with a letter and uses only letters, digits and \
                         `. _ - /`, with no spaces: for example CP-O2.1.",
                    )
                    .item(&id),
            );
        }
        let (kind, kind_span) = match fields.remove(*names::KIND) {
            Some(Field {
                value: Value::Scalar(k, ks),
                ..
            }) => (k, ks),
            _ => (Text::default(), span),
        };
        let kind_id = self.schema.kind(&kind);
        if kind_id.is_none() {
            self.findings.push(self.unknown_kind(&id, &kind, kind_span));
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
        }));
        Some(self.items.len() - 1)
    }

    pub fn unknown_kind(&self, id: &str, kind: &str, span: Span) -> Finding {
        let known = self.schema.kind_names().collect::<Vec<_>>().join(", ");
        let finding = if kind.is_empty() {
            Finding::new("unknown-kind", span, format!("The item {id} has no kind")).help(format!(
                "Say what the item is with `kind:`, one of: {known}."
            ))
        } else {
            let finding = Finding::new(
                "unknown-kind",
                span,
                format!("`{kind}` is not a known kind of item"),
            )
            .label("unknown kind");
            match suggest::closest(kind, self.schema.kind_names()) {
                Some(s) => finding.help(format!("Did you mean `{s}`?")),
                None => finding.help(format!(
                    "Use one of: {known}, or declare the kind in planalign.yaml."
                )),
            }
        };
        finding.item(id)
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
