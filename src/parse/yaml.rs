//! YAML with spans: parses a YAML mapping (a whole file, front matter or a fenced block) with
//! marked-yaml and converts it to [`Value`]s whose spans are byte ranges in the plan file.

use marked_yaml::{LoadError, LoaderOptions, Marker, Node};

use crate::finding::Finding;
use crate::model::{Key, Value};
use crate::source::{FileId, Span};

/// A YAML text embedded at byte offset `base` of a file.
struct Embedded<'a> {
    file: FileId,
    /// The whole file's text.
    text: &'a str,
    base: usize,
    /// Byte offsets, relative to `base`, where each line of the embedded text starts.
    line_starts: Vec<usize>,
}

impl Embedded<'_> {
    fn offset(&self, marker: &Marker) -> usize {
        let local = &self.text[self.base..];
        let start = self
            .line_starts
            .get(marker.line().saturating_sub(1))
            .copied()
            .unwrap_or(local.len());
        let in_line = local[start..]
            .char_indices()
            .nth(marker.column().saturating_sub(1))
            .map_or(local.len() - start, |(i, _)| i);
        self.base + start + in_line
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// The span of a scalar starting at `marker`: the text of a plain scalar, the inside of a
    /// quoted one, or the rest of the line for block scalars and multi-line values.
    fn scalar_span(&self, marker: Option<&Marker>, value: &str) -> Span {
        let Some(marker) = marker else {
            return self.span(self.base, self.base);
        };
        let start = self.offset(marker);
        let rest = &self.text[start..];
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

    fn container_span(&self, node: &Node) -> Span {
        let span = node.span();
        let start = span.start().map_or(self.base, |m| self.offset(m));
        let end = span.end().map_or(start, |m| self.offset(m));
        self.span(start, end)
    }

    fn convert(&self, node: &Node) -> Value {
        match node {
            Node::Scalar(s) => {
                Value::Scalar(s.as_str().to_owned(), self.scalar_span(s.span().start(), s))
            }
            Node::Sequence(seq) => Value::List(
                seq.iter().map(|n| self.convert(n)).collect(),
                self.container_span(node),
            ),
            Node::Mapping(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| {
                        let key = Key {
                            name: k.as_str().to_owned(),
                            span: self.scalar_span(k.span().start(), k),
                        };
                        (key, self.convert(v))
                    })
                    .collect(),
                self.container_span(node),
            ),
        }
    }
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
    let local = &text[base..end];
    let embedded = Embedded {
        file,
        text,
        base,
        line_starts: std::iter::once(0)
            .chain(local.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .toplevel_mapping();
    match marked_yaml::parse_yaml_with_options(0, local, options) {
        Ok(node) => match embedded.convert(&node) {
            Value::Map(entries, span) => Ok(Mapping { entries, span }),
            other => Ok(Mapping {
                entries: Vec::new(),
                span: other.span(),
            }),
        },
        Err(error) => Err(Box::new(load_error(&embedded, &error))),
    }
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
    let embedded = Embedded {
        file,
        text,
        base: 0,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let mut finding = load_error(&embedded, error);
    finding.rule = rule.to_owned();
    finding
}

fn load_error(embedded: &Embedded, error: &LoadError) -> Finding {
    let at = |marker: &Marker| embedded.span(embedded.offset(marker), embedded.offset(marker));
    match error {
        LoadError::DuplicateKey(inner) => {
            let first = embedded.scalar_span(inner.prev_key.span().start(), &inner.prev_key);
            let second = embedded.scalar_span(inner.key.span().start(), &inner.key);
            Finding::new(
                "duplicate-field",
                second,
                format!("The field `{}` is given twice", inner.key.as_str()),
            )
            .label("given again here")
            .related(first, "first given here")
            .help("Keep one of the two values and delete the other.")
        }
        LoadError::TopLevelMustBeMapping(m) => Finding::new(
            "parse-error",
            at(m),
            "This YAML must be a list of `key: value` fields, not a single value or a list",
        )
        .help("Write each field on its own line as `key: value`."),
        LoadError::UnexpectedAnchor(m) => Finding::new(
            "parse-error",
            at(m),
            "YAML anchors and aliases (`&name`, `*name`) are not supported in plan files",
        )
        .help("Write the value out in full where it is needed."),
        LoadError::UnexpectedTag(m) => Finding::new(
            "parse-error",
            at(m),
            "YAML tags (`!name`) are not supported in plan files",
        )
        .help("Remove the tag and write the plain value."),
        LoadError::MappingKeyMustBeScalar(m) => Finding::new(
            "parse-error",
            at(m),
            "A field name must be plain text, not a list or a mapping",
        )
        .help("Write the field as `name: value`."),
        LoadError::ScanError(m, e) => Finding::new(
            "parse-error",
            at(m),
            format!("The YAML cannot be read: {}", e.info()),
        )
        .label("the YAML reader stopped here")
        .help("Check the indentation, colons and quotes on this line and the one before it."),
        other => Finding::new(
            "parse-error",
            embedded.span(embedded.base, embedded.base),
            format!("The YAML cannot be read: {other}"),
        ),
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
        &text[span.start..span.end]
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
    fn duplicate_keys_are_duplicate_field_findings_with_both_places() {
        let src = "owner: A\nowner: B\n";
        let finding = parse(src).unwrap_err();
        assert_eq!(finding.rule, "duplicate-field");
        assert_eq!(text_at(src, finding.related[0].span), "owner");
        assert_eq!(finding.span.start, 9);
    }

    #[test]
    fn malformed_yaml_is_a_finding_at_the_line_it_breaks() {
        let src = "a: [1\nb: 2";
        let finding = parse(src).unwrap_err();
        assert_eq!(finding.rule, "parse-error");
        assert!(finding.span.start >= 6, "{finding:?}");
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
    fn a_top_level_list_is_refused() {
        assert_eq!(parse("- a\n").unwrap_err().rule, "parse-error");
    }
}
