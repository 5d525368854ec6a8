//! Markdown plans: YAML front matter for the plan header, headings with attributes
//! (`{#id .kind key=value}`) for items, the first fenced `yaml` block of an item's section for
//! further fields, and pipe tables with `id` and `kind` columns for one item per row.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::context::{Context, fields_from};
use super::table::{self, Table};
use super::yaml;
use crate::model::{Field, Fields, Name, Plan, Text, Value, names};
use crate::problem::{DuplicateField, FieldPlace, ParseError, Problem};
use crate::source::Span;

/// A heading as pulldown-cmark reads it, with the source range of the whole heading. Its
/// attributes borrow from the plan's text.
struct Heading<'a> {
    level: HeadingLevel,
    range: Range<usize>,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    title: Text,
}

enum Block<'a> {
    Heading(Heading<'a>),
    /// The byte range of a fenced `yaml` block's contents.
    Yaml(Range<usize>),
    Table(Table),
}

pub fn parse(cx: &mut Context) -> Option<Plan> {
    let text = cx.text;
    let (header, body_start) = match front_matter(text) {
        FrontMatter::None => (None, 0),
        FrontMatter::Unclosed => {
            cx.problems
                .push(Problem::ParseError(ParseError::HeaderNotClosed {
                    at: cx.span(0, 3),
                }));
            return None;
        }
        FrontMatter::Closed { content, body } => (Some(content), body),
    };
    let blocks = blocks(&text[body_start..], body_start);
    let first_title = blocks.iter().find_map(|b| match b {
        Block::Heading(h) if h.level == HeadingLevel::H1 => Some(h.title.clone()),
        _ => None,
    });
    let header_entries = match header {
        Some(range) => {
            match yaml::parse_mapping(cx.file, text, range.start, range.end, &mut cx.problems) {
                Ok(mapping) => mapping.entries,
                Err(problem) => {
                    cx.problems.push(*problem);
                    return None;
                }
            }
        }
        None => Vec::new(),
    };
    let (plan, items) = cx.plan_header(header_entries, cx.span(0, 0), first_title);
    if let Some(items) = items {
        cx.yaml_items(items, None);
    }
    // Nearly every heading declares an item: room for them all up front.
    let headings = blocks.iter().filter(|b| matches!(b, Block::Heading(_)));
    cx.items.reserve(headings.count());
    items_from_blocks(cx, blocks);
    Some(plan)
}

enum FrontMatter {
    None,
    Unclosed,
    Closed { content: Range<usize>, body: usize },
}

/// Finds a YAML header between a first line `---` and the next line `---` or `...`.
fn front_matter(text: &str) -> FrontMatter {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return FrontMatter::None;
    }
    let content_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = content_start;
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return FrontMatter::Closed {
                content: content_start..offset,
                body: offset + line.len(),
            };
        }
        offset += line.len();
    }
    FrontMatter::Unclosed
}

/// The headings, YAML blocks and tables of a Markdown body, in order.
fn blocks(body: &str, base: usize) -> Vec<Block<'_>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    let mut heading: Option<Heading> = None;
    // Inside a fenced YAML block: the range of its text so far, if any.
    let mut yaml: Option<Option<Range<usize>>> = None;
    let mut table = table::Builder::default();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = range.start + base..range.end + base;
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(Heading {
                    level,
                    range,
                    id,
                    classes,
                    attrs,
                    title: Text::default(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = heading.take() {
                    h.title = h.title.trim().into();
                    out.push(Block::Heading(h));
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if matches!(info.split_whitespace().next(), Some("yaml" | "yml")) =>
            {
                yaml = Some(None);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(content) = yaml.take() {
                    out.push(Block::Yaml(content.unwrap_or(range.end..range.end)));
                }
            }
            Event::InlineHtml(t) if heading.is_some() => {
                // A title is plain text: markup written in a heading is part of it, as text.
                if let Some(h) = heading.as_mut() {
                    h.title.push_str(&t);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.title.push_str(&t);
                } else if let Some(content) = yaml.as_mut() {
                    let start = content.as_ref().map_or(range.start, |c| c.start);
                    *content = Some(start..range.end);
                } else {
                    table.text(&t);
                }
            }
            other => {
                if let Some(done) = table.event(&other, range) {
                    out.push(Block::Table(done));
                }
            }
        }
    }
    out
}

/// Builds items from headings, their YAML blocks and tables, nesting each in the nearest
/// enclosing item.
fn items_from_blocks(cx: &mut Context, blocks: Vec<Block>) {
    // Open items by heading level, innermost last.
    let mut open: Vec<(HeadingLevel, Option<usize>)> = Vec::new();
    let mut blocks = blocks.into_iter().peekable();
    // Blocks before the first heading belong to no item.
    let mut section: Option<Heading> = None;
    loop {
        let mut yaml_block = None;
        let mut tables = Vec::new();
        while let Some(block) = blocks.next_if(|b| !matches!(b, Block::Heading(_))) {
            match block {
                Block::Yaml(range) if yaml_block.is_none() => yaml_block = Some(range),
                Block::Table(t) => tables.push(t),
                _ => {}
            }
        }
        let enclosing =
            |open: &[(HeadingLevel, Option<usize>)]| open.iter().rev().find_map(|(_, item)| *item);
        if let Some(heading) = section.take() {
            while open
                .last()
                .is_some_and(|(level, _)| *level >= heading.level)
            {
                open.pop();
            }
            let parent = enclosing(&open);
            let item = heading_item(cx, &heading, yaml_block, parent);
            open.push((heading.level, item));
        }
        let parent = enclosing(&open);
        for t in tables {
            table::items(cx, &t, parent);
        }
        match blocks.next() {
            Some(Block::Heading(h)) => section = Some(h),
            Some(_) => unreachable!("non-heading blocks are consumed above"),
            None => break,
        }
    }
}

/// The item a heading declares, from its attributes and its section's YAML block, if any.
fn heading_item(
    cx: &mut Context,
    heading: &Heading,
    yaml_block: Option<Range<usize>>,
    parent: Option<usize>,
) -> Option<usize> {
    let known_kind = heading.classes.iter().find(|c| cx.schema.kind(c).is_some());
    let block = match yaml_block {
        Some(range) => {
            match yaml::parse_mapping(cx.file, cx.text, range.start, range.end, &mut cx.problems) {
                Ok(mapping) => fields_from(mapping.entries),
                Err(problem) => {
                    cx.problems.push(*problem);
                    Fields::new()
                }
            }
        }
        None => Fields::new(),
    };
    let tokens = Tokens::of(cx.text, heading);
    let no_id = heading.id.is_none() && !block.contains(*names::ID);
    let closed = heading_mistakes(cx, heading, &tokens);
    // Room for the block's fields and a kind from a class, so that merging them into the
    // heading's fields below needs no further allocation.
    let attrs = attribute_fields(cx, heading, &tokens, block.iter().len() + 1);
    // A known kind with no id is an item too: `add_item` reports the missing id and keeps
    // the item, so that the items nested in it still trace through it.
    let declares_item = (!no_id
        && (known_kind.is_some() || block.contains(*names::KIND) || !heading.classes.is_empty()))
        || (no_id && closed && known_kind.is_some());
    if !declares_item {
        return None;
    }
    let mut fields = attrs;
    if let Some(kind) = known_kind {
        let span = tokens.span(cx, &[".", kind], 1);
        fields.insert(
            *names::KIND,
            Field {
                key: span,
                value: Value::Scalar(kind.as_ref().into(), span),
            },
        );
    } else if let (false, Some(class)) = (block.contains(*names::KIND), heading.classes.first()) {
        // No class names a known kind: the first one was meant as the kind.
        let span = tokens.span(cx, &[".", class], 1);
        fields.insert(
            *names::KIND,
            Field {
                key: span,
                value: Value::Scalar(class.as_ref().into(), span),
            },
        );
    }
    // The block's names all differ, so each is looked for only among the heading's fields.
    let mut added = Vec::new();
    for (name, field) in block {
        if let Some(first) = fields.get(name) {
            cx.problems.push(Problem::DuplicateField(DuplicateField {
                name: name.as_str().into(),
                first: first.key,
                again: field.key,
                place: FieldPlace::HeadingAndBlock,
            }));
        } else {
            added.push((name, field));
        }
    }
    fields.extend(added);
    // Where a missing id is reported: the heading's line.
    let at = cx.span(
        heading.range.start,
        heading.range.start + heading_line(cx.text, heading).len(),
    );
    Some(cx.add_item(fields, heading.title.clone(), at, parent))
}

/// What a heading's attributes say twice or leave unsaid: two ids (`{#A #B}`), two kinds
/// (`.objective .action`) and a `{` never closed, which pulldown-cmark and the item reader
/// would otherwise settle without a word. Returns whether the attributes are closed.
fn heading_mistakes(cx: &mut Context, heading: &Heading, tokens: &Tokens) -> bool {
    let span = |(start, token): &(usize, &str)| cx.span(*start, start + token.len());
    let ids: Vec<Span> = tokens
        .list
        .iter()
        .filter(|(_, t)| t.len() > 1 && t.starts_with('#'))
        .map(span)
        .collect();
    let kinds: Vec<Span> = tokens
        .list
        .iter()
        .filter(|(_, t)| {
            t.strip_prefix('.')
                .is_some_and(|k| cx.schema.kind(k).is_some())
        })
        .map(span)
        .collect();
    for (name, spans) in [("id", &ids), ("kind", &kinds)] {
        if let [first, again, ..] = spans[..] {
            cx.problems.push(Problem::DuplicateField(DuplicateField {
                name: name.into(),
                first,
                again,
                place: FieldPlace::Heading,
            }));
        }
    }
    let line = heading_line(cx.text, heading);
    if let Some(open) = line.rfind('{')
        && !line.ends_with('}')
        && line[open + 1..].trim_start().starts_with(['#', '.'])
    {
        let start = heading.range.start + open;
        cx.problems
            .push(Problem::ParseError(ParseError::AttributesNotClosed {
                at: cx.span(start, heading.range.start + line.len()),
            }));
        return false;
    }
    true
}

/// The first line of a heading as written, without the line break and trailing spaces.
fn heading_line<'t>(text: &'t str, heading: &Heading) -> &'t str {
    let source = &text[heading.range.clone()];
    source[..source.find('\n').unwrap_or(source.len())].trim_end()
}

/// The `{#id key=value}` attributes of a heading as fields, each value with its own span.
fn attribute_fields(cx: &mut Context, heading: &Heading, tokens: &Tokens, room: usize) -> Fields {
    let mut fields = Fields::with_capacity(heading.attrs.len() + 1 + room);
    // The text of attributes that are not `key=value`, such as a value with spaces.
    let mut not_fields: Option<Span> = None;
    if let Some(id) = &heading.id {
        let key = tokens.span(cx, &["#", id], 0);
        let span = tokens.span(cx, &["#", id], 1);
        fields.insert(
            *names::ID,
            Field {
                key,
                value: Value::Scalar(id.as_ref().into(), span),
            },
        );
    }
    for (name, value) in &heading.attrs {
        let quoted = value.as_ref().is_some_and(|v| v.starts_with(['"', '\'']));
        let Some(value) = value.as_deref().filter(|_| !quoted) else {
            let span = match value {
                Some(v) => tokens.span(cx, &[name, "=", v], 0),
                None => tokens.span(cx, &[name], 0),
            };
            not_fields = Some(not_fields.map_or(span, |s: Span| cx.span(s.start(), span.end())));
            continue;
        };
        let value_span = tokens.span(cx, &[name, "=", value], name.len() + 1);
        let key = tokens.part(cx, &[name, "=", value], 0, name.len());
        let name = Name::from(name.as_ref());
        if let Some(first) = fields.get(name) {
            cx.problems.push(Problem::DuplicateField(DuplicateField {
                name: name.as_str().into(),
                first: first.key,
                again: key,
                place: FieldPlace::Heading,
            }));
            continue;
        }
        let value = if value.contains(',') {
            Value::List(
                Value::Scalar(value.into(), value_span)
                    .ids()
                    .into_iter()
                    .map(|(id, span)| Value::Scalar(id.into(), span))
                    .collect(),
                value_span,
            )
        } else {
            Value::Scalar(value.into(), value_span)
        };
        fields.insert(name, Field { key, value });
    }
    if let Some(span) = not_fields {
        cx.problems.push(Problem::ParseError(ParseError::NotAField {
            at: span,
            written: cx.text[span.range()].to_owned(),
        }));
    }
    fields
}

/// The whitespace-separated tokens of a heading's `{...}`, each with its byte offset in the
/// plan, split once per heading however many attributes are looked up.
struct Tokens<'t> {
    /// Where the heading starts: the fallback span for a token not found verbatim.
    heading: usize,
    list: Vec<(usize, &'t str)>,
}

impl<'t> Tokens<'t> {
    fn of(text: &'t str, heading: &Heading) -> Self {
        let start = heading.range.start;
        let source = &text[heading.range.clone()];
        let line = &source[..source.find('\n').unwrap_or(source.len())];
        let mut list = Vec::new();
        // A heading without `{...}` has no attribute tokens.
        let Some(open) = line.rfind('{') else {
            return Self {
                heading: start,
                list,
            };
        };
        let mut offset = open + 1;
        // Split where pulldown-cmark splits attributes: at ASCII whitespace only, so that a
        // vertical tab or a non-breaking space stays inside the token it is written in.
        for part in line[open + 1..].split(|c: char| c.is_ascii_whitespace() || c == '}') {
            if !part.is_empty() {
                list.push((start + offset, part));
            }
            offset += part.len() + 1;
        }
        Self {
            heading: start,
            list,
        }
    }

    /// The span of an attribute token such as `#WFS-T1` or `due=2011-03-31`, given in pieces
    /// (`["#", "WFS-T1"]`), skipping its first `skip` bytes (the `#`, `.` or `key=`). Falls
    /// back to the heading's start if the token is not written verbatim.
    fn span(&self, cx: &Context, token: &[&str], skip: usize) -> Span {
        self.part(cx, token, skip, usize::MAX)
    }

    /// The span of bytes `skip..end` of an attribute token (`end` clamped to its length),
    /// with the same fallback as [`Tokens::span`]: offsets only ever count forward from where
    /// the token was found, so no span can start before the text.
    fn part(&self, cx: &Context, token: &[&str], skip: usize, end: usize) -> Span {
        match self.list.iter().find(|(_, part)| is_joined(part, token)) {
            Some(&(start, part)) => cx.span(start + skip, start + end.min(part.len())),
            None => cx.span(self.heading, self.heading),
        }
    }
}

/// Whether `text` is `pieces` written one after another.
fn is_joined(text: &str, pieces: &[&str]) -> bool {
    let mut rest = text;
    for piece in pieces {
        match rest.strip_prefix(piece) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::model::PlanFile;
    use crate::source::{FileId, SourceFile};
    use crate::vocabulary::Schema;

    fn parse_md(text: &str) -> (PlanFile, Vec<Finding>, SourceFile) {
        let source = SourceFile::new("plan.md".into(), text);
        let parsed =
            crate::parse::parse_file(FileId(0), &source.name, &source.text, &Schema::default());
        let findings = parsed
            .problems
            .into_iter()
            .map(crate::rules::builtin::finding)
            .collect();
        (parsed.plan.expect("a plan"), findings, source)
    }

    fn text(source: &SourceFile, span: Span) -> &str {
        &source.text[span.range()]
    }

    const PLAN: &str = "---\nid: WFS\ntype: workforce\n---\n# Workforce Strategy\n\n\
## Sickness {#WFS-O1 .objective supports=CP-O1,CP-O2}\n\n\
### Days lost {#WFS-T1 .target due=2011-03-31}\n\n\
```yaml\nmeasure: Days lost per FTE\nbaseline: 10.0\n```\n\n\
## Plain heading\n\n\
```yaml\nid: WFS-O2\nkind: objective\nsupports: CP-O1\n```\n\n\
| id | kind | title | amount |\n|----|------|-------|--------|\n| WFS-B1 | budget-line | Training | £1m |\n";

    #[test]
    fn items_come_from_headings_yaml_blocks_and_tables() {
        let (file, findings, source) = parse_md(PLAN);
        assert!(findings.is_empty(), "{findings:#?}");
        assert_eq!(file.plan.id, "WFS");
        assert_eq!(file.plan.title, "Workforce Strategy");
        let ids: Vec<&str> = file.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["WFS-O1", "WFS-T1", "WFS-O2", "WFS-B1"]);
        let kinds: Vec<&str> = file.items.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(kinds, ["objective", "target", "objective", "budget-line"]);
        assert_eq!(file.items[1].title, "Days lost");
        assert_eq!(text(&source, file.items[0].span), "WFS-O1");
        assert_eq!(text(&source, file.items[2].span), "WFS-O2");
        assert_eq!(text(&source, file.items[3].span), "WFS-B1");
    }

    #[test]
    fn nesting_follows_heading_levels_and_sections() {
        let (file, _, _) = parse_md(PLAN);
        // The target sits inside the first objective. The second objective is declared by
        // the YAML block under a heading of the same level, and the table row in its section
        // sits inside it.
        assert_eq!(file.items[1].parent, Some(0));
        assert_eq!(file.items[0].parent, None);
        assert_eq!(file.items[2].parent, None);
        assert_eq!(file.items[3].parent, Some(2));
    }

    #[test]
    fn each_value_has_its_own_span() {
        let (file, _, source) = parse_md(PLAN);
        let supports = file.items[0]
            .fields
            .get_str("supports")
            .unwrap()
            .value
            .ids();
        assert_eq!(text(&source, supports[1].1), "CP-O2");
        let due = &file.items[1].fields.get_str("due").unwrap().value;
        assert_eq!(text(&source, due.span()), "2011-03-31");
        let baseline = &file.items[1].fields.get_str("baseline").unwrap().value;
        assert_eq!(text(&source, baseline.span()), "10.0");
        let amount = &file.items[3].fields.get_str("amount").unwrap().value;
        assert_eq!(text(&source, amount.span()), "£1m");
    }

    #[test]
    fn a_key_in_both_the_heading_and_the_block_is_a_duplicate_field() {
        let doc = "---\nid: P\ntype: service\n---\n## X {#P-1 .objective owner=A}\n\n```yaml\nowner: B\n```\n";
        let (_, findings, source) = parse_md(doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "duplicate-field");
        assert_eq!(text(&source, findings[0].span), "owner");
        assert_eq!(text(&source, findings[0].related[0].span), "owner");
    }

    #[test]
    fn a_key_given_twice_in_a_heading_keeps_the_first() {
        let doc = "---\nid: P\ntype: service\n---\n## X {#P-1 .objective owner=A owner=B}\n";
        let (file, findings, source) = parse_md(doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "duplicate-field");
        assert_eq!(text(&source, findings[0].span), "owner");
        assert_eq!(findings[0].span.start(), doc.find("owner=B").unwrap());
        assert_eq!(
            findings[0].related[0].span.start(),
            doc.find("owner=A").unwrap()
        );
        let owner = &file.items[0].fields.get_str("owner").unwrap().value;
        assert_eq!(owner.as_str(), Some("A"));
    }

    #[test]
    fn a_second_column_of_the_same_name_is_reported_and_fills_only_gaps() {
        let doc = "---\nid: P\ntype: service\n---\n\
| id | kind | owner | Owner |\n|----|------|-------|-------|\n\
| P-1 | action | Ann | Bob |\n| P-2 | action | | Cy |\n";
        let (file, findings, source) = parse_md(doc);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule, "duplicate-field");
        assert_eq!(text(&source, findings[0].span), "Owner");
        assert_eq!(text(&source, findings[0].related[0].span), "owner");
        let owner = |i: usize| {
            let field = file.items[i].fields.get_str("owner").unwrap();
            (field.value.as_str().unwrap(), text(&source, field.key))
        };
        // Both values are keyed to the first column's header.
        assert_eq!(owner(0), ("Ann", "owner"));
        assert_eq!(owner(1), ("Cy", "owner"));
    }

    #[test]
    fn a_heading_id_without_a_kind_is_a_plain_anchor() {
        let doc = "---\nid: P\ntype: service\n---\n## Background {#background}\n";
        let (file, findings, _) = parse_md(doc);
        assert!(file.items.is_empty());
        assert!(findings.is_empty());
    }

    #[test]
    fn front_matter_is_found_and_closed() {
        match front_matter("---\nid: X\n---\n# T\n") {
            FrontMatter::Closed { content, body } => {
                assert_eq!(content, 4..10);
                assert_eq!(body, 14);
            }
            _ => panic!("expected a closed header"),
        }
        assert!(matches!(
            front_matter("---\r\nid: X\r\n---\r\n"),
            FrontMatter::Closed { .. }
        ));
        assert!(matches!(
            front_matter("---\nid: X\n"),
            FrontMatter::Unclosed
        ));
        assert!(matches!(front_matter("# Title\n"), FrontMatter::None));
    }
}
