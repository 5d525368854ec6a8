//! YAML with spans. Plan files' YAML (a whole file, front matter or a fenced block) is read
//! straight from the YAML parser's events into [`Value`]s whose spans are byte ranges in the
//! plan file, with no document tree in between. Rule files and planalign.yaml, which are read
//! into typed definitions with serde, go through marked-yaml.

use marked_yaml::{LoadError, LoaderOptions, Node};
use yaml_rust2::parser::{Event, Parser};

use crate::finding::Finding;
use crate::model::{Key, Text, Value};
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
    /// Byte offsets, relative to `base`, where each line of the embedded text starts. Left
    /// empty for ASCII text, where a character index is already a byte offset.
    line_starts: Vec<usize>,
}

impl<'a> Embedded<'a> {
    fn new(file: FileId, text: &'a str, base: usize, end: usize) -> Self {
        let local = &text[base..end];
        let line_starts = if local.is_ascii() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(local.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        };
        Self {
            file,
            text,
            base,
            end,
            line_starts,
        }
    }

    /// The byte offset in the file of a position the YAML parser gives as a character index,
    /// a 1-based line and a 0-based column in characters.
    fn offset(&self, index: usize, line: usize, column: usize) -> usize {
        if self.line_starts.is_empty() {
            return (self.base + index).min(self.end);
        }
        let local = &self.text[self.base..self.end];
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

    fn at_marked(&self, marker: &marked_yaml::Marker) -> usize {
        self.offset(
            marker.character(),
            marker.line(),
            marker.column().saturating_sub(1),
        )
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// The span of a scalar starting at byte `start`: the text of a plain scalar, the inside
    /// of a quoted one, or the rest of the line for block scalars and multi-line values.
    fn scalar_span(&self, start: usize, value: &str) -> Span {
        let rest = &self.text[start..];
        // Nearly every value is plain text on one line, written as it reads.
        if !value.is_empty()
            && !rest.starts_with(['"', '\''])
            && rest.starts_with(value)
            && !value.contains(['\n', '\r'])
        {
            return self.span(start, start + value.len());
        }
        let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        if let Some(quote @ ('"' | '\'')) = line.chars().next() {
            let inner = &line[1..];
            if inner.starts_with(value) && inner[value.len()..].starts_with(quote) {
                return self.span(start + 1, start + 1 + value.len());
            }
        } else if line.starts_with(value) {
            return self.span(start, start + value.len());
        }
        self.span(start, start + line.trim_end().len())
    }

    /// Reads the text as one mapping, event by event.
    fn read_mapping(&self) -> Result<Mapping, Problem> {
        let mut parser = Parser::new_from_str(&self.text[self.base..self.end]);
        let mut open: Vec<Open> = Vec::new();
        // The entries and items read so far of every open mapping and list, innermost last:
        // each is moved out into a vector of exactly its size when it ends, instead of
        // growing one vector per container as it is read.
        let mut entries: Vec<(Key, Value)> = Vec::new();
        let mut items: Vec<Value> = Vec::new();
        loop {
            let (event, marker) = parser
                .next_token()
                .map_err(|e| Problem::Scan(self.at(e.marker()), e.info().to_owned()))?;
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
                Event::Alias(_) => return Err(Problem::Anchor(at)),
                Event::Scalar(_, _, anchor, _)
                | Event::MappingStart(anchor, _)
                | Event::SequenceStart(anchor, _)
                    if anchor != 0 =>
                {
                    return Err(Problem::Anchor(at));
                }
                Event::Scalar(_, _, _, Some(_))
                | Event::MappingStart(_, Some(_))
                | Event::SequenceStart(_, Some(_)) => return Err(Problem::Tag(at)),
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    match open.last() {
                        None if !is_map => return Err(Problem::NotMapping(at)),
                        Some(Open::Map { key: None, .. }) => return Err(Problem::KeyNotScalar(at)),
                        _ if open.len() >= MAX_DEPTH => return Err(Problem::TooDeep(at)),
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
                        return Err(Problem::NotMapping(at));
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
                        return Err(Problem::NotMapping(span.start()));
                    };
                    return Ok(Mapping { entries, span });
                }
                Some(Open::List { .. }) => items.push(value),
                Some(Open::Map { key, .. }) => match key.take() {
                    Some(key) => entries.push((key, value)),
                    None => {
                        let Value::Scalar(name, span) = value else {
                            return Err(Problem::KeyNotScalar(value.span().start()));
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
fn check_duplicates(entries: &[(Key, Value)]) -> Result<(), Problem> {
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
        Some((first, again)) => Err(Problem::Duplicate {
            name: name(again).clone(),
            first: entries[first].0.span,
            again: entries[again].0.span,
        }),
        None => Ok(()),
    }
}

/// Why a YAML text cannot be read, with the byte offset where reading stopped.
enum Problem {
    Duplicate {
        name: Text,
        first: Span,
        again: Span,
    },
    NotMapping(usize),
    Anchor(usize),
    Tag(usize),
    KeyNotScalar(usize),
    TooDeep(usize),
    Scan(usize, String),
    Other(String),
}

/// A parsed YAML mapping: its entries in the order written, and its span.
pub struct Mapping {
    pub entries: Vec<(Key, Value)>,
    pub span: Span,
}

/// Parses the YAML text at `text[base..end]` as a mapping. Problems come back as findings
/// at the line and column where the YAML parser stopped.
pub fn parse_mapping(
    file: FileId,
    text: &str,
    base: usize,
    end: usize,
) -> Result<Mapping, Box<Finding>> {
    let embedded = Embedded::new(file, text, base, end);
    embedded
        .read_mapping()
        .map_err(|problem| Box::new(embedded.finding(problem)))
}

/// Parses a whole YAML file (a rule file, planalign.yaml) into marked-yaml nodes: a mapping,
/// or a list when its first line of content starts with `-`. Duplicate keys are errors.
pub fn parse_document(text: &str) -> Result<Node, LoadError> {
    let is_list = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .is_some_and(|l| l == "-" || l.starts_with("- "));
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let options = if is_list {
        options.toplevel_sequence()
    } else {
        options.toplevel_mapping()
    };
    marked_yaml::parse_yaml_with_options(0, text, options)
}

/// A YAML file (a rule file, planalign.yaml) that cannot be read, as a finding of `rule` at
/// the position where reading stopped.
pub fn load_problem(file: FileId, text: &str, error: &LoadError, rule: &str) -> Finding {
    let embedded = Embedded::new(file, text, 0, text.len());
    let at = |marker: &marked_yaml::Marker| embedded.at_marked(marker);
    let problem = match error {
        LoadError::DuplicateKey(inner) => {
            let span_of = |key: &marked_yaml::types::MarkedScalarNode| {
                let start = key.span().start().map_or(0, at);
                embedded.scalar_span(start, key)
            };
            Problem::Duplicate {
                name: inner.key.as_str().into(),
                first: span_of(&inner.prev_key),
                again: span_of(&inner.key),
            }
        }
        LoadError::TopLevelMustBeMapping(m) => Problem::NotMapping(at(m)),
        LoadError::UnexpectedAnchor(m) => Problem::Anchor(at(m)),
        LoadError::UnexpectedTag(m) => Problem::Tag(at(m)),
        LoadError::MappingKeyMustBeScalar(m) => Problem::KeyNotScalar(at(m)),
        LoadError::ScanError(m, e) => Problem::Scan(at(m), e.info().to_owned()),
        other => Problem::Other(other.to_string()),
    };
    let mut finding = embedded.finding(problem);
    finding.rule = rule.to_owned();
    finding
}

impl Embedded<'_> {
    fn finding(&self, problem: Problem) -> Finding {
        let at = |offset: usize| self.span(offset, offset);
        match problem {
            Problem::Duplicate { name, first, again } => Finding::new(
                "duplicate-field",
                again,
                format!("The field `{name}` is given twice"),
            )
            .label("given again here")
            .related(first, "first given here")
            .help("Keep one of the two values and delete the other."),
            Problem::NotMapping(offset) => Finding::new(
                "parse-error",
                at(offset),
                "This YAML must be a list of `key: value` fields, not a single value or a list",
            )
            .help("Write each field on its own line as `key: value`."),
            Problem::Anchor(offset) => Finding::new(
                "parse-error",
                at(offset),
                "YAML anchors and aliases (`&name`, `*name`) are not supported in plan files",
            )
            .help("Write the value out in full where it is needed."),
            Problem::Tag(offset) => Finding::new(
                "parse-error",
                at(offset),
                "YAML tags (`!name`) are not supported in plan files",
            )
            .help("Remove the tag and write the plain value."),
            Problem::KeyNotScalar(offset) => Finding::new(
                "parse-error",
                at(offset),
                "A field name must be plain text, not a list or a mapping",
            )
            .help("Write the field as `name: value`."),
            Problem::TooDeep(offset) => Finding::new(
                "parse-error",
                at(offset),
                format!("Lists and mappings are nested more than {MAX_DEPTH} deep here"),
            )
            .help("Plans need only a few levels: check the indentation and brackets."),
            Problem::Scan(offset, info) => Finding::new(
                "parse-error",
                at(offset),
                format!("The YAML cannot be read: {info}"),
            )
            .label("the YAML reader stopped here")
            .help("Check the indentation, colons and quotes on this line and the one before it."),
            Problem::Other(message) => Finding::new(
                "parse-error",
                at(self.base),
                format!("The YAML cannot be read: {message}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    fn parse(text: &str) -> Result<Vec<(Key, Value)>, Box<Finding>> {
        parse_mapping(F, text, 0, text.len()).map(|m| m.entries)
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
        let entries = parse_mapping(F, src, base, end).unwrap().entries;
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
        let entries = parse_mapping(F, src, base, end).unwrap().entries;
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
