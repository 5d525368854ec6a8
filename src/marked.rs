//! Rule files and planalign.yaml: YAML read with marked-yaml into typed definitions with
//! serde, and the one conversion from the positions marked-yaml gives to spans.

use marked_yaml::{LoadError, LoaderOptions, Marker, Node};

use crate::parse::yaml::scalar_span;
use crate::problem::{DuplicateField, FieldPlace, ParseError, Problem};
use crate::source::{FileId, SourceFile, Span};

/// Parses a whole YAML file into marked-yaml nodes: a mapping, or a list when its first line
/// of content starts with `-`. Duplicate keys are errors.
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

/// The byte offset in `source` of a marker (marked-yaml counts lines and columns from 1, in
/// characters).
pub fn offset(source: &SourceFile, marker: &Marker) -> usize {
    source.offset(marker.line(), marker.column())
}

/// An empty span at a marker, or at the start of the file when there is none.
pub fn at(file: FileId, source: &SourceFile, marker: Option<&Marker>) -> Span {
    marker.map_or(Span::at(file, 0), |m| Span::at(file, offset(source, m)))
}

/// The span of the value written at a marker: up to the end of its line, or the first `,`,
/// `]` or `}`.
pub fn value_at(file: FileId, source: &SourceFile, marker: Option<&Marker>) -> Span {
    marker.map_or(Span::at(file, 0), |m| {
        let start = offset(source, m);
        let rest = &source.text[start..];
        let end = rest.find(['\n', '\r', ',', ']', '}']).unwrap_or(rest.len());
        Span::new(file, start, start + rest[..end].trim_end().len())
    })
}

/// A file that cannot be read as YAML, as the problem at the position where reading stopped.
pub fn load_problem(file: FileId, source: &SourceFile, error: &LoadError) -> Problem {
    let at = |marker: &Marker| Span::at(file, offset(source, marker));
    let problem = match error {
        LoadError::DuplicateKey(inner) => {
            let span_of = |key: &marked_yaml::types::MarkedScalarNode| {
                let start = key.span().start().map_or(0, |m| offset(source, m));
                scalar_span(file, &source.text, start, key)
            };
            return Problem::DuplicateField(DuplicateField {
                name: inner.key.as_str().into(),
                first: span_of(&inner.prev_key),
                again: span_of(&inner.key),
                place: FieldPlace::Mapping,
            });
        }
        LoadError::TopLevelMustBeMapping(m) => ParseError::NotMapping { at: at(m) },
        LoadError::UnexpectedAnchor(m) => ParseError::Anchor { at: at(m) },
        LoadError::UnexpectedTag(m) => ParseError::Tag { at: at(m) },
        LoadError::MappingKeyMustBeScalar(m) => ParseError::KeyNotScalar { at: at(m) },
        LoadError::ScanError(m, e) => ParseError::Scan {
            at: at(m),
            info: e.info().to_owned(),
        },
        other => ParseError::Other {
            at: Span::at(file, 0),
            message: other.to_string(),
        },
    };
    Problem::ParseError(problem)
}
