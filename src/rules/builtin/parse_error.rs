//! `parse-error`: a file, or part of one, that planalign cannot read.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::ParseError;
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "The file can be read",
    explain: "A plan file that planalign cannot read: YAML with a mistake in it (a missing \
colon, wrong indentation, an unclosed bracket or quote), a Markdown plan whose header between \
`---` lines is never closed, a file that is not saved as UTF-8 text, or a file larger than \
64 MiB (no plan comes near that size; such a file is not read at all). planalign shows the \
line and column where reading stopped; the mistake is usually there or on the line before. \
Nothing in the file is checked until it can be read, but every other file still is.",
};

pub fn finding(problem: ParseError) -> Finding {
    let rule = Builtin::ParseError;
    match problem {
        ParseError::Unreadable { at, error } => {
            Finding::new(rule, at, format!("The file cannot be read: {error}"))
                .help("Check that the file exists and that you may read it.")
        }
        ParseError::TooLarge { at, size, limit } => Finding::new(
            rule,
            at,
            format!(
                "The file is {}, larger than the {} a file may be, so planalign does not read it",
                bytes(size),
                bytes(limit)
            ),
        )
        .help("Check that this is the file you meant to keep with the plans."),
        ParseError::NotUtf8 { at } => Finding::new(
            rule,
            at,
            "The file is not UTF-8 text, so planalign cannot read it",
        )
        .label("this byte is not UTF-8")
        .help("Save the file as UTF-8 (in most editors: Save As, then Encoding: UTF-8)."),
        ParseError::HeaderNotClosed { at } => {
            Finding::new(rule, at, "The plan header that starts here is never closed")
                .label("header opened here")
                .help("End the header with a line holding only `---`.")
        }
        ParseError::NotAField { at, written } => Finding::new(
            rule,
            at,
            format!("`{written}` in the heading is not a `key=value` field"),
        )
        .label("not a field")
        .help(
            "Values in a heading's {…} cannot contain spaces or quotes: put this field in the \
             item's YAML block instead (`key: value` in a ```yaml block under the heading).",
        ),
        ParseError::ItemsNotAList { at } => {
            Finding::new(rule, at, "`items:` must be a list of items")
                .help("Write each item as a list entry starting with `- id: ...`.")
        }
        ParseError::ItemNotAMapping { at } => Finding::new(
            rule,
            at,
            "Each entry of `items:` must be an item with fields such as `id:`, `kind:` and \
             `title:`",
        )
        .help("Write the item as `- id: ...` followed by its fields, indented."),
        ParseError::NotMapping { at } => Finding::new(
            rule,
            at,
            "This YAML must be a list of `key: value` fields, not a single value or a list",
        )
        .help("Write each field on its own line as `key: value`."),
        ParseError::Anchor { at } => Finding::new(
            rule,
            at,
            "YAML anchors and aliases (`&name`, `*name`) are not supported in plan files",
        )
        .help("Write the value out in full where it is needed."),
        ParseError::Tag { at } => Finding::new(
            rule,
            at,
            "YAML tags (`!name`) are not supported in plan files",
        )
        .help("Remove the tag and write the plain value."),
        ParseError::KeyNotScalar { at } => Finding::new(
            rule,
            at,
            "A field name must be plain text, not a list or a mapping",
        )
        .help("Write the field as `name: value`."),
        ParseError::TooDeep { at, limit } => Finding::new(
            rule,
            at,
            format!("Lists and mappings are nested more than {limit} deep here"),
        )
        .help("Plans need only a few levels: check the indentation and brackets."),
        ParseError::Scan { at, info } => Finding::new(
            rule,
            at,
            format!(
                "The YAML cannot be read: {} (the YAML reader says: {info})",
                plain_yaml(&info)
            ),
        )
        .label("the YAML reader stopped here")
        .help("Check the indentation, colons and quotes on this line and the one before it."),
        ParseError::Nul { at } => Finding::new(
            rule,
            at,
            "This text has a NUL character (a zero byte) here, which cannot be part of a plan, \
             so none of its YAML is read",
        )
        .label("NUL character")
        .help(
            "Delete the character. It often comes with text saved in another encoding (such \
             as UTF-16) or copied from a file that is not text.",
        ),
        ParseError::Other { at, message } => {
            Finding::new(rule, at, format!("The YAML cannot be read: {message}"))
        }
        ParseError::AttributesNotClosed { at } => Finding::new(
            rule,
            at,
            "This heading's `{` is never closed, so its attributes are read as part of its title \
             and it declares no item",
        )
        .label("no closing `}`")
        .help("End the heading with `}`, as in `## Reduce sickness absence {#WFS-O1 .objective}`."),
        ParseError::RowCells {
            at,
            cells,
            columns,
            id,
        } => Finding {
            item: id.map(|id| id.to_string()),
            ..Finding::new(
            rule,
            at,
            format!(
                "This row has {cells} cell{}, but the table has {} columns ({}), so its values \
                 may be read into the wrong columns",
                if cells == 1 { "" } else { "s" },
                columns.len(),
                columns.join(", ")
            ),
        )
        .label(format!("{cells} of {} cells", columns.len()))
        .help(
            "Give the row one cell for each column, in the order of the header, leaving a cell \
             empty (`| |`) where there is nothing to say.",
        )
        },
    }
}

/// A size as people say it: `5.0 GiB`, `64 MiB`, `812 bytes`.
fn bytes(size: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if size >= scale {
            return if size.is_multiple_of(scale) {
                format!("{} {unit}", size / scale)
            } else {
                #[allow(clippy::cast_precision_loss, reason = "one decimal is shown")]
                let scaled = size as f64 / scale as f64;
                format!("{scaled:.1} {unit}")
            };
        }
    }
    format!("{size} bytes")
}

/// A `waive:` entry that is not a waiver.
pub fn waiver_shape(span: Span, item: Option<&str>, plan: &str) -> Finding {
    let mut finding = Finding::new(
        Builtin::ParseError,
        span,
        "A waiver is written as `- rule: <rule id>` with `reason:` and optionally `until:`",
    )
    .help("For example:\n  waive:\n    - rule: untraced\n      reason: Statutory duty, not a Corporate Plan priority\n      until: 2011-03-31")
    .plan(plan);
    finding.item = item.map(str::to_owned);
    finding
}

/// What the YAML reader's message means, in words for the people who write plans. The
/// reader's own words follow in the finding, for anyone who knows YAML.
fn plain_yaml(info: &str) -> &'static str {
    const PLAIN: &[(&str, &str)] = &[
        (
            "expected '-' indicator",
            "this line is indented differently from the lines of the list around it",
        ),
        (
            "did not find expected key",
            "this line is indented differently from the fields around it, or a field has no \
             `key:`",
        ),
        (
            "mapping values are not allowed",
            "there is a colon where planalign expected none: put text with `: ` in it in quotes, \
             or start the field on a line of its own",
        ),
        (
            "could not find expected ':'",
            "a field has no colon after its name",
        ),
        ("simple key expect", "a field has no colon after its name"),
        (
            "illegal placement of ':'",
            "there is a colon where YAML allows none, often inside a `[` or `{` that is never \
             closed",
        ),
        (
            "expected ',' or ']'",
            "a list in square brackets is not closed, or its items are not separated by commas",
        ),
        (
            "expected ',' or '}'",
            "a mapping in braces is not closed, or its entries are not separated by commas",
        ),
        (
            "quoted scalar, found unexpected end of stream",
            "a quotation mark is opened and never closed",
        ),
        ("unknown escape character", "a backslash in double quotes starts an unknown escape"),
        (
            "tab",
            "a tab is used where YAML needs spaces: indent with spaces only",
        ),
        (
            "cannot start any token",
            "a value starts with a character that YAML keeps for itself (such as `@` or a \
             backquote): put the value in quotes",
        ),
        (
            "did not find expected node content",
            "a value is missing, or starts with a character YAML keeps for itself",
        ),
        ("invalid indentation", "this line is not indented as the lines around it are"),
        (
            "block sequence entries are not allowed",
            "a list item starts where a value is expected on the same line",
        ),
    ];
    PLAIN
        .iter()
        .find(|(said, _)| info.contains(said))
        .map_or("the text does not follow YAML's rules here", |(_, plain)| plain)
}
