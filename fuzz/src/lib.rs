//! What every fuzz target checks besides "no panic": each span planalign gives out lies
//! inside its file and starts and ends on a character boundary, so that slicing the file's
//! text with it, or turning it into a line and column, can never go wrong.
//!
//! Also the inputs the targets share: the worked example's plans, and the way the `check`
//! target cuts one fuzz input into the files of a small repository.

use planalign::finding::Finding;
use planalign::model::{Fields, PlanFile, Value};
use planalign::parse::Parsed;
use planalign::source::{FileId, Sources, Span};

/// The worked example's plan files (`plans/`), for targets that need a model to run on.
pub const WORKED_EXAMPLE: &[(&str, &str)] = &[
    (
        "plans/corporate-plan.md",
        include_str!("../../plans/corporate-plan.md"),
    ),
    (
        "plans/asset-management-plan.md",
        include_str!("../../plans/asset-management-plan.md"),
    ),
    (
        "plans/audit-action-plan.md",
        include_str!("../../plans/audit-action-plan.md"),
    ),
    (
        "plans/revenue-budget.md",
        include_str!("../../plans/revenue-budget.md"),
    ),
    (
        "plans/risk-register.yaml",
        include_str!("../../plans/risk-register.yaml"),
    ),
    (
        "plans/workforce-strategy.md",
        include_str!("../../plans/workforce-strategy.md"),
    ),
];

/// Panics unless `span` lies inside `text` (of file `file`) on character boundaries.
pub fn assert_span(what: &str, file: FileId, text: &str, span: Span) {
    assert_eq!(span.file, file, "{what}: span {span:?} is in another file");
    assert_offsets(what, text, span.start(), span.end());
}

fn assert_offsets(what: &str, text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {start}..{end} is outside the file of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} is not on character boundaries"
    );
}

/// Panics unless every span of a parsed file, its plan, items, fields and values and every
/// problem, lies inside `text`.
pub fn check_parsed(file: FileId, text: &str, parsed: &Parsed) {
    if let Some(plan_file) = &parsed.plan {
        check_plan_file(file, text, plan_file);
    }
    for problem in &parsed.problems {
        check_debug_spans("problem", file, text, &format!("{problem:?}"));
    }
}

/// Parses `text` as the plan file `name` (`.md` or `.yaml`) with the default schema, and
/// checks every span of what comes out: the parser targets are this with different input.
pub fn parse_plan(name: &str, text: &str) {
    let schema = planalign::vocabulary::Schema::default();
    let parsed = planalign::parse::parse_file(FileId(0), name, text, &schema);
    check_parsed(FileId(0), text, &parsed);
}

/// Every span of a plan file: the plan's, each item's id, kind, fields and values.
pub fn check_plan_file(file: FileId, text: &str, plan_file: &PlanFile) {
    let plan = &plan_file.plan;
    assert_span("plan id", file, text, plan.span);
    check_fields(file, text, &plan.fields);
    for item in &plan_file.items {
        assert_span("item id", file, text, item.span);
        assert_span("item kind", file, text, item.kind_span);
        check_fields(file, text, &item.fields);
        if let Some(parent) = item.parent {
            assert!(parent < plan_file.items.len(), "parent {parent} is no item");
        }
    }
}

fn check_fields(file: FileId, text: &str, fields: &Fields) {
    for (_, field) in fields.iter() {
        assert_span("field key", file, text, field.key);
        check_value(file, text, &field.value);
    }
}

fn check_value(file: FileId, text: &str, value: &Value) {
    assert_span("value", file, text, value.span());
    match value {
        Value::Scalar(..) => {}
        Value::List(values, _) => {
            for value in values {
                check_value(file, text, value);
            }
        }
        Value::Map(entries, _) => {
            for (key, value) in entries {
                assert_span("map key", file, text, key.span);
                check_value(file, text, value);
            }
        }
    }
    for (_, span) in value.ids() {
        assert_span("id in a value", file, text, span);
    }
}

/// Every span written in a value's `Debug` form, checked against `text`. The problem types
/// have many variants, each with its spans in its own places; reading them from the `Debug`
/// form finds them all, including in variants added later. Quoted strings are passed over,
/// so text copied from the input that looks like a span is not taken for one.
pub fn check_debug_spans(what: &str, file: FileId, text: &str, debug: &str) {
    for (in_file, start, end) in debug_spans(debug) {
        assert_eq!(in_file, file.0, "{what}: a span in another file in {debug}");
        assert_offsets(what, text, start, end);
    }
}

/// The `(file, start, end)` of each `Span { file: FileId(F), start: S, end: E }` in `debug`,
/// outside quoted strings.
pub fn debug_spans(debug: &str) -> Vec<(u32, usize, usize)> {
    const OPEN: &str = "Span { file: FileId(";
    let mut spans = Vec::new();
    let mut rest = debug;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            rest = skip_string(after);
        } else if let Some(after) = rest.strip_prefix(OPEN) {
            let (numbers, tail) = after.split_once(" }").expect("a span's Debug form ends");
            let numbers = numbers.replace("), start: ", " ").replace(", end: ", " ");
            let parsed: Vec<usize> = numbers
                .split(' ')
                .map(|n| n.parse().expect("a span holds numbers"))
                .collect();
            let [file, start, end] = parsed[..] else {
                panic!("a span holds a file, a start and an end: {numbers}");
            };
            spans.push((u32::try_from(file).expect("a file id"), start, end));
            rest = tail;
        } else {
            let next = rest.chars().next().map_or(1, char::len_utf8);
            rest = &rest[next..];
        }
    }
    spans
}

/// The text after a `Debug` string whose opening quote is already passed.
fn skip_string(mut rest: &str) -> &str {
    loop {
        match rest.find(['"', '\\']) {
            None => return "",
            Some(i) if rest.as_bytes()[i] == b'\\' => {
                let escaped = rest[i + 1..].chars().next().map_or(0, char::len_utf8);
                rest = &rest[i + 1 + escaped..];
            }
            Some(i) => return &rest[i + 1..],
        }
    }
}

/// Panics unless every finding's span, and each related span, lies inside its file.
pub fn check_findings(sources: &Sources, findings: &[Finding]) {
    for finding in findings {
        let what = finding.rule.as_str();
        let file = finding.span.file;
        assert!(
            (file.0 as usize) < sources.len(),
            "{what}: no file {file:?}"
        );
        assert_span(what, file, &sources.get(file).text, finding.span);
        for related in &finding.related {
            let file = related.span.file;
            assert!(
                (file.0 as usize) < sources.len(),
                "{what}: no file {file:?}"
            );
            assert_span(what, file, &sources.get(file).text, related.span);
        }
    }
}

/// The line that starts a new file in a `check` input: `===== plans/name.md`.
pub const FILE_MARK: &str = "===== ";

/// At most this many files are made from one input, to keep each run short.
pub const MAX_FILES: usize = 12;

/// Cuts one fuzz input into the files of a repository. Each file starts with a line
/// `===== NAME`; text before the first such line is `plans/plan.md`. Input that is not UTF-8
/// stays as bytes: reading it is part of what is tested.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut current = (String::from("plans/plan.md"), Vec::new());
    let mut preamble = true;
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(FILE_MARK.as_bytes()) {
            let name = String::from_utf8_lossy(name).trim().to_owned();
            let done = std::mem::replace(&mut current, (name, Vec::new()));
            if !(preamble && done.1.is_empty()) {
                files.push(done);
            }
            preamble = false;
            if files.len() == MAX_FILES {
                return files;
            }
        } else {
            current.1.extend_from_slice(line);
        }
    }
    files.push(current);
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_read_from_debug_text_outside_strings() {
        let span = Span::new(FileId(2), 3, 7);
        let debug = format!(
            "A {{ at: {span:?}, text: \"Span {{ file: FileId(9), start: 1, end: 2 }} \\\" \" }}"
        );
        assert_eq!(debug_spans(&debug), [(2, 3, 7)]);
    }

    #[test]
    fn input_is_cut_into_named_files() {
        let files = split_files(b"a\n===== planalign.yaml\nroot: CP\n===== rules/r.yaml\n");
        let names: Vec<_> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["plans/plan.md", "planalign.yaml", "rules/r.yaml"]);
        assert_eq!(files[1].1, b"root: CP\n");
        assert_eq!(split_files(b"").len(), 1);
    }
}
