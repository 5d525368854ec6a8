//! YAML with spans. Plan files' YAML (a whole file, front matter or a fenced block) is read
//! straight from the YAML parser's events into [`Value`]s whose spans are byte ranges in the
//! plan file, with no document tree in between. Rule files and planalign.yaml, which are read
//! into typed definitions with serde, go through marked-yaml.

use std::borrow::Cow;

use yaml_rust2::parser::{Event, Parser};

use super::lookalike;
use crate::model::{Key, Value};
use crate::problem::{DuplicateField, FieldPlace, ParseError, Problem};
use crate::source::{FileId, Span};

/// How deeply lists and mappings may nest in a plan's YAML. Plans need a handful of levels;
/// the limit keeps a malformed or hostile file from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// A YAML text embedded at byte offset `base` of a file.
struct Embedded<'a> {
    file: FileId,
    /// The whole file's text.
    text: &'a str,
    base: usize,
    end: usize,
    /// The embedded text as the YAML parser reads it: `text[base..end]`, with any space
    /// lookalike in an indent or after a key's colon made ordinary spaces of the same length.
    local: Cow<'a, str>,
    /// Byte offsets, relative to `base`, where each line of the embedded text starts. Left
    /// empty for ASCII text, where a character index is already a byte offset.
    line_starts: Vec<usize>,
}

impl<'a> Embedded<'a> {
    fn new(
        file: FileId,
        text: &'a str,
        base: usize,
        end: usize,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let local = match lookalike::yaml(&text[base..end]) {
            None => Cow::Borrowed(&text[base..end]),
            Some((blanked, found)) => {
                problems.extend(found.into_iter().map(|(at, c)| {
                    let at = Span::new(file, base + at, base + at + c.len_utf8());
                    Problem::Lookalike {
                        at,
                        found: lookalike::lookalike(c).expect("a lookalike"),
                    }
                }));
                Cow::Owned(blanked)
            }
        };
        // YAML ends a line at `\n`, `\r\n` or a carriage return alone, and counts lines so.
        let line_starts = if local.is_ascii() {
            Vec::new()
        } else {
            let bytes = local.as_bytes();
            let breaks = bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
            std::iter::once(0)
                .chain(breaks.map(|(i, _)| i + 1))
                .collect()
        };
        Self {
            file,
            text,
            base,
            end,
            local,
            line_starts,
        }
    }

    /// The byte offset in the file of a position the YAML parser gives as a character index,
    /// a 1-based line and a 0-based column in characters.
    fn offset(&self, index: usize, line: usize, column: usize) -> usize {
        if self.line_starts.is_empty() {
            return (self.base + index).min(self.end);
        }
        let local = &*self.local;
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(local.len());
        let line = &local[start..];
        // Where the line is ASCII up to the column, as nearly every line is, a character
        // count is a byte count; otherwise count the characters.
        let in_line = match line.as_bytes().get(..column) {
            Some(before) if before.is_ascii() => column,
            _ => line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(i, _)| i),
        };
        self.base + start + in_line
    }

    fn at(&self, marker: &yaml_rust2::scanner::Marker) -> usize {
        self.offset(marker.index(), marker.line(), marker.col())
    }

    /// Where to show a mistake the YAML reader found at `marker`. A reader that notices a
    /// bracket or quote left open only on the line after it (or at the end of the text)
    /// stops at the start of that line: the mistake is at the end of the text before it.
    fn looked(&self, marker: &yaml_rust2::scanner::Marker) -> usize {
        let at = self.at(marker);
        let before = &self.text[self.base..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        if before[line_start..].trim().is_empty() && !before.trim().is_empty() {
            self.base + before.trim_end().len()
        } else {
            at
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn scalar_span(&self, start: usize, value: &str) -> Span {
        scalar_span(self.file, self.text, start, value)
    }

    /// Reads the text as one mapping, event by event.
    fn read_mapping(&self) -> Result<Mapping, Box<Problem>> {
        // The YAML reader takes a NUL as the end of the text and would say nothing of what
        // follows it.
        if let Some(nul) = self.local.find('\0') {
            return Err(self.problem(Fault::Nul, nul));
        }
        let mut parser = Parser::new_from_str(&self.local);
        let mut open: Vec<Open> = Vec::new();
        // The entries and items read so far of every open mapping and list, innermost last:
        // each is moved out into a vector of exactly its size when it ends, instead of
        // growing one vector per container as it is read.
        let mut entries: Vec<(Key, Value)> = Vec::new();
        let mut items: Vec<Value> = Vec::new();
        loop {
            let (event, marker) = parser.next_token().map_err(|e| {
                self.problem(Fault::Scan(e.info().to_owned()), self.looked(e.marker()))
            })?;
            let at = self.at(&marker);
            let value = match event {
                Event::Nothing | Event::StreamStart | Event::DocumentStart => continue,
                // Only an empty text ends before its first value.
                Event::DocumentEnd | Event::StreamEnd => {
                    return Ok(Mapping {
                        entries: Vec::new(),
                        span: self.span(at, at),
                    });
                }
                Event::Alias(_) => return Err(self.problem(Fault::Anchor, at)),
                Event::Scalar(_, _, anchor, _)
                | Event::MappingStart(anchor, _)
                | Event::SequenceStart(anchor, _)
                    if anchor != 0 =>
                {
                    return Err(self.problem(Fault::Anchor, at));
                }
                Event::Scalar(_, _, _, Some(_))
                | Event::MappingStart(_, Some(_))
                | Event::SequenceStart(_, Some(_)) => return Err(self.problem(Fault::Tag, at)),
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    match open.last() {
                        None if !is_map => return Err(self.problem(Fault::NotMapping, at)),
                        Some(Open::Map { key: None, .. }) => {
                            return Err(self.problem(Fault::KeyNotScalar, at));
                        }
                        _ if open.len() >= MAX_DEPTH => {
                            return Err(self.problem(Fault::TooDeep, at));
                        }
                        _ => {}
                    }
                    open.push(if is_map {
                        Open::Map {
                            start: at,
                            from: entries.len(),
                            key: None,
                        }
                    } else {
                        Open::List {
                            start: at,
                            from: items.len(),
                        }
                    });
                    continue;
                }
                Event::Scalar(text, ..) => {
                    if open.is_empty() {
                        return Err(self.problem(Fault::NotMapping, at));
                    }
                    let span = self.scalar_span(at, &text);
                    Value::Scalar(text.into(), span)
                }
                Event::MappingEnd | Event::SequenceEnd => match open.pop() {
                    Some(Open::Map { start, from, .. }) => {
                        let entries: Vec<_> = entries.drain(from..).collect();
                        check_duplicates(&entries)?;
                        Value::Map(entries, self.span(start, at))
                    }
                    Some(Open::List { start, from }) => {
                        Value::List(items.drain(from..).collect(), self.span(start, at))
                    }
                    None => continue,
                },
            };
            match open.last_mut() {
                None => {
                    let span = value.span();
                    let Value::Map(entries, _) = value else {
                        return Err(self.problem(Fault::NotMapping, span.start()));
                    };
                    return Ok(Mapping { entries, span });
                }
                Some(Open::List { .. }) => items.push(value),
                Some(Open::Map { key, .. }) => match key.take() {
                    Some(key) => entries.push((key, value)),
                    None => {
                        let Value::Scalar(name, span) = value else {
                            return Err(self.problem(Fault::KeyNotScalar, value.span().start()));
                        };
                        *key = Some(Key { name, span });
                    }
                },
            }
        }
    }
}

/// A list or mapping whose end the parser has not reached yet: where it starts, and where
/// its entries or items start in the shared vectors of [`Embedded::read_mapping`].
enum Open {
    Map {
        start: usize,
        from: usize,
        /// The key read, waiting for its value.
        key: Option<Key>,
    },
    List {
        start: usize,
        from: usize,
    },
}

/// A key given twice in one mapping: the first time it appears again, with where it was
/// first given. A plan's mappings have a handful of keys, compared pairwise; a large one is
/// sorted, so that no mapping takes quadratic time.
fn check_duplicates(entries: &[(Key, Value)]) -> Result<(), Box<Problem>> {
    let name = |i: usize| &entries[i].0.name;
    let again = if entries.len() <= 16 {
        (1..entries.len()).find_map(|j| (0..j).find(|&i| name(i) == name(j)).map(|i| (i, j)))
    } else {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        order
            .windows(2)
            .filter(|w| name(w[0]) == name(w[1]))
            .min_by_key(|w| w[1])
            .map(|w| (w[0], w[1]))
    };
    match again {
        Some((first, again)) => Err(Box::new(Problem::DuplicateField(DuplicateField {
            name: name(again).clone(),
            first: entries[first].0.span,
            again: entries[again].0.span,
            place: FieldPlace::Mapping,
        }))),
        None => Ok(()),
    }
}

/// Why a YAML text cannot be read, found at a byte offset.
enum Fault {
    NotMapping,
    Anchor,
    Tag,
    KeyNotScalar,
    TooDeep,
    Scan(String),
    /// A NUL character (a zero byte), which ends YAML text.
    Nul,
}

/// A parsed YAML mapping: its entries in the order written, and its span.
pub struct Mapping {
    pub entries: Vec<(Key, Value)>,
    pub span: Span,
}

/// Parses the YAML text at `text[base..end]` as a mapping. A problem that stops it comes
/// back at the line and column where the YAML parser stopped; the space lookalikes it reads
/// as spaces go in `problems` either way.
pub fn parse_mapping(
    file: FileId,
    text: &str,
    base: usize,
    end: usize,
    problems: &mut Vec<Problem>,
) -> Result<Mapping, Box<Problem>> {
    Embedded::new(file, text, base, end, problems).read_mapping()
}

/// The span of a scalar starting at byte `start` of `text`: the text of a plain scalar, the
/// inside of a quoted one, or the rest of the line for block scalars and multi-line values.
pub fn scalar_span(file: FileId, text: &str, start: usize, value: &str) -> Span {
    let span = |start, end| Span::new(file, start, end);
    let rest = &text[start..];
    // Nearly every value is plain text on one line, written as it reads.
    if !value.is_empty()
        && !rest.starts_with(['"', '\''])
        && rest.starts_with(value)
        && !value.contains(['\n', '\r'])
    {
        return span(start, start + value.len());
    }
    let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let inner = &line[1..];
        if inner.starts_with(value) && inner[value.len()..].starts_with(quote) {
            return span(start + 1, start + 1 + value.len());
        }
    } else if line.starts_with(value) {
        return span(start, start + value.len());
    }
    span(start, start + line.trim_end().len())
}

impl Embedded<'_> {
    fn problem(&self, fault: Fault, offset: usize) -> Box<Problem> {
        let at = self.span(offset, offset);
        Box::new(Problem::ParseError(match fault {
            Fault::NotMapping => ParseError::NotMapping { at },
            Fault::Anchor => ParseError::Anchor { at },
            Fault::Tag => ParseError::Tag { at },
            Fault::KeyNotScalar => ParseError::KeyNotScalar { at },
            Fault::TooDeep => ParseError::TooDeep {
                at,
                limit: MAX_DEPTH,
            },
            Fault::Scan(info) => ParseError::Scan { at, info },
            Fault::Nul => ParseError::Nul { at },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn parse(text: &str) -> Result<Vec<(Key, Value)>, Box<crate::finding::Finding>> {
        parse_mapping(F, text, 0, text.len(), &mut Vec::new())
            .map(|m| m.entries)
            .map_err(|problem| Box::new(crate::rules::builtin::finding(*problem)))
    }

    fn text_at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn ids_in_a_flow_list_keep_their_own_spans() {
        let src = "id: WFS\nsupports: [CP-P1, \"CP-P9\"]\n";
        let entries = parse(src).unwrap();
        let (key, value) = &entries[1];
        assert_eq!(key.name, "supports");
        let ids = value.ids();
        assert_eq!(ids.len(), 2);
        assert_eq!(text_at(src, ids[0].1), "CP-P1");
        assert_eq!(text_at(src, ids[1].1), "CP-P9");
    }

    #[test]
    fn spans_are_offset_by_the_embedding() {
        let src = "# Title\n\n```yaml\nowner: Head of HR/OD\nmeasures: WFS-O2, WFS-O3\n```\n";
        let base = src.find("owner").unwrap();
        let end = src.rfind("```").unwrap();
        let entries = parse_mapping(F, src, base, end, &mut Vec::new())
            .unwrap()
            .entries;
        let ids = entries[1].1.ids();
        assert_eq!(text_at(src, ids[1].1), "WFS-O3");
        assert_eq!(text_at(src, entries[0].1.span()), "Head of HR/OD");
    }

    #[test]
    fn crlf_and_multibyte_text_keep_spans_right() {
        let src = "title: Café plan\r\nsupports: [CP-P1, CP-P2]\r\n";
        let entries = parse(src).unwrap();
        assert_eq!(text_at(src, entries[0].1.span()), "Café plan");
        assert_eq!(text_at(src, entries[1].1.ids()[1].1), "CP-P2");
    }

    #[test]
    fn a_value_after_multibyte_text_on_its_line_keeps_its_span() {
        let src = "title: Café\nteam: {lead: Zoë, deputy: Renée}\n";
        let entries = parse(src).unwrap();
        let Value::Map(team, _) = &entries[1].1 else {
            panic!("{:?}", entries[1].1)
        };
        assert_eq!(text_at(src, team[1].0.span), "deputy");
        assert_eq!(text_at(src, team[1].1.span()), "Renée");
    }

    #[test]
    fn duplicate_keys_are_duplicate_field_findings_with_both_places() {
        let src = "owner: A\nowner: B\n";
        let finding = parse(src).unwrap_err();
        assert_eq!(finding.rule, "duplicate-field");
        assert_eq!(text_at(src, finding.related[0].span), "owner");
        assert_eq!(finding.span.start(), 9);
    }

    #[test]
    fn malformed_yaml_is_a_finding_at_the_line_it_breaks() {
        let src = "a: [1\nb: 2";
        let finding = parse(src).unwrap_err();
        assert_eq!(finding.rule, "parse-error");
        assert!(finding.span.start() >= 6, "{finding:?}");
    }

    #[test]
    fn aliases_are_refused_so_alias_bombs_cannot_expand() {
        let src = "a: &a [x, x]\nb: [*a, *a]\n";
        let finding = parse(src).unwrap_err();
        assert!(finding.message.contains("anchors"), "{}", finding.message);
    }

    #[test]
    fn deep_nesting_is_a_finding_not_a_crash() {
        let src = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse(&src).unwrap_err().rule, "parse-error");
    }

    #[test]
    fn deep_block_nesting_is_a_finding_not_a_crash() {
        let src: String = (0..10_000)
            .map(|depth| format!("{}a:\n", " ".repeat(depth)))
            .collect();
        let finding = parse(&src).unwrap_err();
        assert!(
            finding.message.contains("nested more than"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn a_key_given_again_far_down_points_at_both_places() {
        let src = "b: 1\nowner: A\nc: 2\nd: 3\nowner: B\ne: 4\n";
        let finding = parse(src).unwrap_err();
        assert_eq!(finding.rule, "duplicate-field");
        assert_eq!(finding.span.start(), src.rfind("owner").unwrap());
        assert_eq!(finding.related[0].span.start(), src.find("owner").unwrap());
    }

    #[test]
    fn a_mapping_as_a_key_is_refused() {
        let finding = parse("? {a: 1}\n: b\n").unwrap_err();
        assert!(
            finding.message.contains("field name"),
            "{}",
            finding.message
        );
    }

    #[test]
    fn multibyte_text_inside_an_embedding_keeps_spans_right() {
        let src = "# Café\n\n```yaml\nowner: Chef de cuisine — Zoë\nsupports: CP-P1\n```\n";
        let base = src.find("owner").unwrap();
        let end = src.rfind("```").unwrap();
        let entries = parse_mapping(F, src, base, end, &mut Vec::new())
            .unwrap()
            .entries;
        assert_eq!(text_at(src, entries[0].1.span()), "Chef de cuisine — Zoë");
        assert_eq!(text_at(src, entries[1].1.ids()[0].1), "CP-P1");
    }

    #[test]
    fn an_empty_text_is_an_empty_mapping() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("# only a comment\n").unwrap().is_empty());
    }

    #[test]
    fn a_top_level_list_is_refused() {
        assert_eq!(parse("- a\n").unwrap_err().rule, "parse-error");
    }
}
