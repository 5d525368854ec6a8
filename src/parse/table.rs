//! Pipe tables that declare items: a header row with `id` and `kind` columns, one item per
//! row, `title` as the title and every other column a field.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::context::Context;
use crate::model::{Field, Fields, Key, Name, Value};
use crate::problem::{DuplicateField, FieldPlace, ParseError, Problem};
use crate::source::Span;

/// One cell: its text as Markdown reads it, and its source range.
#[derive(Debug)]
pub struct Cell {
    text: String,
    range: Range<usize>,
}

/// One row: its cells as Markdown reads them (as many as the header has: a row written with
/// fewer is filled out with empty cells, and cells past the last column are dropped) and its
/// source range.
#[derive(Debug)]
pub struct Row {
    cells: Vec<Cell>,
    range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Table {
    header: Vec<Cell>,
    rows: Vec<Row>,
}

/// Collects a table from pulldown-cmark events.
#[derive(Default)]
pub struct Builder {
    table: Option<Table>,
    row: Vec<Cell>,
    row_range: Range<usize>,
    cell: Option<Cell>,
}

impl Builder {
    pub fn text(&mut self, text: &str) {
        if let Some(cell) = self.cell.as_mut() {
            cell.text.push_str(text);
        }
    }

    /// Takes one event; returns the table when it ends.
    pub fn event(&mut self, event: &Event, range: Range<usize>) -> Option<Table> {
        match event {
            Event::Start(Tag::Table(_)) => self.table = Some(Table::default()),
            Event::Start(Tag::TableRow) => self.row_range = range,
            Event::Start(Tag::TableCell) => {
                self.cell = Some(Cell {
                    text: String::new(),
                    range,
                });
            }
            Event::End(TagEnd::TableCell) => self.row.extend(self.cell.take()),
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut self.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Row {
                        cells: std::mem::take(&mut self.row),
                        range: self.row_range.clone(),
                    });
                }
            }
            Event::End(TagEnd::Table) => return self.table.take(),
            _ => {}
        }
        None
    }
}

/// Declares one item per row of a table whose header has `id` and `kind` columns; other
/// tables are narrative and ignored.
pub fn items(cx: &mut Context, table: &Table, parent: Option<usize>) {
    let read: Vec<Column> = table.header.iter().map(|c| column(&c.text)).collect();
    let columns: Vec<String> = read.iter().map(|c| c.name.clone()).collect();
    if !(columns.iter().any(|c| c == "id") && columns.iter().any(|c| c == "kind")) {
        return;
    }
    for (header, read) in table.header.iter().zip(&read) {
        if read.unreadable_money {
            cx.problems.push(Problem::MoneyColumn {
                at: cell_span(cx, header),
                header: header.text.trim().into(),
            });
        }
    }
    // Where each column's name first appears: itself, or an earlier column of the same name.
    let first: Vec<usize> = (0..columns.len())
        .map(|i| {
            columns[..i]
                .iter()
                .position(|c| *c == columns[i])
                .unwrap_or(i)
        })
        .collect();
    for (i, name) in columns.iter().enumerate() {
        if first[i] != i {
            cx.problems.push(Problem::DuplicateField(DuplicateField {
                name: name.as_str().into(),
                first: cell_span(cx, &table.header[first[i]]),
                again: cell_span(cx, &table.header[i]),
                place: FieldPlace::TableColumns,
            }));
        }
    }
    let names: Vec<Name> = columns.iter().map(|c| Name::from(c.as_str())).collect();
    for row in &table.rows {
        let written = written_cells(&cx.text[row.range.clone()]);
        let unreadable = written != columns.len();
        if unreadable {
            let text = cx.text[row.range.clone()].trim_end();
            cx.problems.push(Problem::ParseError(ParseError::RowCells {
                at: cx.span(row.range.start, row.range.start + text.len()),
                cells: written,
                columns: table.header.iter().map(|c| c.text.trim().into()).collect(),
                id: columns
                    .iter()
                    .position(|c| c == "id")
                    .and_then(|i| row.cells.get(i))
                    .map(|c| c.text.trim().into())
                    .filter(|id: &crate::model::Text| !id.is_empty()),
            }));
        }
        let mut fields = Fields::new();
        let mut title = String::new();
        for (i, cell) in row.cells.iter().enumerate().take(columns.len()) {
            let text = cell.text.trim();
            if text.is_empty() || fields.contains(names[i]) || read[i].unreadable_money {
                continue;
            }
            if columns[i] == "title" {
                title = text.to_owned();
                continue;
            }
            let span = cell_span(cx, cell);
            let header = &table.header[first[i]];
            let value = match read[i].scale {
                Some(scale) => Value::Scalar(in_pounds(text, scale).into(), span),
                None if cx.schema.relation(&columns[i]).is_some() => shares(cx, text, span),
                None => Value::Scalar(text.into(), span),
            };
            fields.insert(
                names[i],
                Field {
                    key: cell_span(cx, header),
                    value,
                },
            );
        }
        let at = row
            .cells
            .first()
            .map_or(cx.span(0, 0), |c| cell_span(cx, c));
        let added = cx.add_item(fields, title.into(), at, parent);
        cx.items[added].unreadable |= unreadable;
    }
}

/// The span of a cell's text without the spaces around it. A cell whose text is not written
/// as it reads (inline markup such as `*£*`, entities) is found inside the cell where it can
/// be, or else the cell's whole text is its span.
fn cell_span(cx: &Context, cell: &Cell) -> crate::source::Span {
    let raw = &cx.text[cell.range.clone()];
    let trimmed = raw.trim();
    let start = cell.range.start + (raw.len() - raw.trim_start().len());
    let text = cell.text.trim();
    if trimmed == text || text.is_empty() {
        return cx.span(start, start + trimmed.len());
    }
    match trimmed.find(text) {
        Some(at) => cx.span(start + at, start + at + text.len()),
        None => cx.span(start, start + trimmed.len()),
    }
}

/// A column as planalign reads its header: the field it fills, and for an amount written in
/// a unit (`amount (£m)`, `£k`, `Budget 2026/27 (£000)`), the suffix each number in it takes.
struct Column {
    name: String,
    scale: Option<&'static str>,
    /// A header that names money planalign cannot read (`Budget (€m)`, `Cost ($)`).
    unreadable_money: bool,
}

/// The money units a header may give, as written after `£`, and the suffix of an amount in
/// each. Longest first, so that `£000s` is not read as `£000`.
const UNITS: &[(&str, &str)] = &[
    ("'000s", "k"),
    ("'000", "k"),
    ("000s", "k"),
    ("000", "k"),
    ("bn", "bn"),
    ("m", "m"),
    ("k", "k"),
    ("", ""),
];

/// Words that make a header with a money unit the `amount` column.
const MONEY_WORDS: &[&str] = &["amount", "budget", "cost", "spend", "allocation", "value"];

fn column(header: &str) -> Column {
    let lower = header.trim().to_lowercase();
    let plain = |text: &str| text.split_whitespace().collect::<Vec<_>>().join("-");
    let currency = lower.find(['£', '€', '$']);
    let Some(at) = currency else {
        return Column {
            name: plain(&lower),
            scale: None,
            unreadable_money: false,
        };
    };
    let after = &lower[at..];
    let unit = after.strip_prefix('£').and_then(|rest| {
        UNITS.iter().find(|(u, _)| {
            rest.starts_with(u) && rest[u.len()..].trim_start_matches(')').trim().is_empty()
        })
    });
    let before = lower[..at].trim_end().trim_end_matches('(').trim();
    let name = if ["amount", "total"].contains(&before) {
        before.to_owned()
    } else if MONEY_WORDS.iter().any(|w| before.contains(w)) || before.is_empty() {
        "amount".to_owned()
    } else {
        plain(&lower)
    };
    Column {
        unreadable_money: unit.is_none(),
        scale: unit.map(|(_, suffix)| *suffix),
        name,
    }
}

/// An amount in a column of a unit, as an amount planalign reads: `67.4` in a `£m` column is
/// `£67.4m`. Text that already gives its own unit, or is not a number, is kept as written (and
/// reported by `invalid-money` if it cannot be read).
fn in_pounds(text: &str, suffix: &str) -> String {
    let (sign, number) = match text.strip_prefix(['-', '−']) {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", text),
    };
    let number = number.strip_prefix('£').unwrap_or(number);
    if number.is_empty()
        || !number
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return text.to_owned();
    }
    format!("{sign}£{number}{suffix}")
}

/// A relation cell: ids separated by commas, or, when each is followed by a colon and a
/// share (`CP-O1.1: 60%, CP-O1.2: 40%`), ids with shares, as a YAML mapping would give them.
fn shares(cx: &Context, text: &str, span: Span) -> Value {
    let verbatim = span.end() - span.start() == text.len();
    if !verbatim || !text.contains(':') {
        return Value::Scalar(text.into(), span);
    }
    let mut entries = Vec::new();
    let mut offset = 0;
    for part in text.split(',') {
        let at = span.start() + offset;
        offset += part.len() + 1;
        let Some((id, share)) = part.split_once(':') else {
            return Value::Scalar(text.into(), span);
        };
        let id_start = at + (id.len() - id.trim_start().len());
        let share_start = at + id.len() + 1 + (share.len() - share.trim_start().len());
        entries.push((
            Key {
                name: id.trim().into(),
                span: cx.span(id_start, id_start + id.trim().len()),
            },
            Value::Scalar(
                share.trim().into(),
                cx.span(share_start, share_start + share.trim().len()),
            ),
        ));
    }
    Value::Map(entries, span)
}

/// How many cells a table row is written with: the pieces between its unescaped pipes, not
/// counting a leading and a trailing pipe.
fn written_cells(row: &str) -> usize {
    let row = row.trim();
    let mut pipes = Vec::new();
    let mut escaped = false;
    for (i, c) in row.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => pipes.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    let leading = pipes.first() == Some(&0);
    let trailing = !row.is_empty() && pipes.last() == Some(&(row.len() - 1)) && row.len() > 1;
    pipes.len() + 1 - usize::from(leading) - usize::from(trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_counted_as_written() {
        assert_eq!(written_cells("| a | b | c |"), 3);
        assert_eq!(written_cells("a | b | c"), 3);
        assert_eq!(written_cells("| a | b \\| c |"), 2);
        assert_eq!(written_cells("| a | | c |"), 3);
        assert_eq!(written_cells("| a |"), 1);
    }

    #[test]
    fn money_headers_give_their_unit() {
        let read = |h: &str| {
            let c = column(h);
            (c.name, c.scale, c.unreadable_money)
        };
        assert_eq!(read("amount (£m)"), ("amount".into(), Some("m"), false));
        assert_eq!(read("Amount £k"), ("amount".into(), Some("k"), false));
        assert_eq!(
            read("Budget 2026/27 (£000)"),
            ("amount".into(), Some("k"), false)
        );
        assert_eq!(read("Total (£)"), ("total".into(), Some(""), false));
        assert_eq!(read("Budget (€m)"), ("amount".into(), None, true));
        assert_eq!(read("Lead officer"), ("lead-officer".into(), None, false));
        assert_eq!(in_pounds("67.4", "m"), "£67.4m");
        assert_eq!(in_pounds("1,234", "k"), "£1,234k");
        assert_eq!(in_pounds("-250", "k"), "-£250k");
        assert_eq!(in_pounds("£2m", "k"), "£2m");
    }
}
