//! Pipe tables that declare items: a header row with `id` and `kind` columns, one item per
//! row, `title` as the title and every other column a field.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::context::Context;
use crate::model::{Field, Fields, Name, Value};
use crate::problem::{DuplicateField, FieldPlace, Problem};

/// One cell: its text as Markdown reads it, and its source range.
#[derive(Debug)]
pub struct Cell {
    text: String,
    range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Table {
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
}

/// Collects a table from pulldown-cmark events.
#[derive(Default)]
pub struct Builder {
    table: Option<Table>,
    row: Vec<Cell>,
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
                    t.rows.push(std::mem::take(&mut self.row));
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
    let columns: Vec<String> = table
        .header
        .iter()
        .map(|c| c.text.trim().to_lowercase().replace(' ', "-"))
        .collect();
    if !(columns.iter().any(|c| c == "id") && columns.iter().any(|c| c == "kind")) {
        return;
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
        let mut fields = Fields::new();
        let mut title = String::new();
        for (i, cell) in row.iter().enumerate().take(columns.len()) {
            let text = cell.text.trim();
            if text.is_empty() || fields.contains(names[i]) {
                continue;
            }
            if columns[i] == "title" {
                title = text.to_owned();
                continue;
            }
            let span = cell_span(cx, cell);
            let header = &table.header[first[i]];
            fields.insert(
                names[i],
                Field {
                    key: cell_span(cx, header),
                    value: Value::Scalar(text.into(), span),
                },
            );
        }
        let at = row.first().map_or(cx.span(0, 0), |c| cell_span(cx, c));
        cx.add_item(fields, title.into(), at, parent);
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
