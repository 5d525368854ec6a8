//! Loaded plan and rule files: their display path, their text and line starts, and the
//! conversion between byte spans and the line/column positions users see.

use std::sync::{Arc, OnceLock};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

impl FileId {
    pub fn from_index(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 4 billion files"))
    }
}

/// A byte range in one file. Offsets are 32-bit, which keeps a span to 12 bytes (every
/// value, key and link carries one); files of 4 GiB or more are not read (`snapshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let offset = |o: usize| u32::try_from(o).expect("files are under 4 GiB");
        Self {
            file,
            start: offset(start),
            end: offset(end.max(start)),
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The byte range, to slice the file's text with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// An empty span at one offset.
    pub fn at(file: FileId, offset: usize) -> Self {
        Self::new(file, offset, offset)
    }
}

/// A position as shown to users: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One loaded file. A leading byte-order mark is dropped so that columns match editors.
#[derive(Debug)]
pub struct SourceFile {
    /// The path shown to users, relative to the plans repository root where possible.
    pub name: String,
    /// Shared with the diagnostics renderer, which shows it without reading the file again.
    pub text: Arc<String>,
    /// Where each line starts, worked out the first time a position in the file is shown:
    /// most files of a large repository have no findings and never need it.
    line_starts: OnceLock<Vec<usize>>,
    /// How many characters come before every `STEP`th byte, worked out with `line_starts`,
    /// so that a column on a line of a million characters is found without counting them
    /// all for each finding on it.
    characters: OnceLock<Vec<usize>>,
}

/// The bytes between two entries of [`SourceFile::characters`].
const STEP: usize = 256;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_character(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

impl SourceFile {
    /// Takes the text as read, without copying it.
    pub fn new(name: String, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Self {
            name,
            text: Arc::new(text),
            line_starts: OnceLock::new(),
            characters: OnceLock::new(),
        }
    }

    /// A file whose text is already shared, such as the text a report shows in place of a
    /// file's own.
    pub fn shared(name: String, text: Arc<String>) -> Self {
        Self {
            name,
            text,
            line_starts: OnceLock::new(),
            characters: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    fn characters(&self) -> &[usize] {
        self.characters.get_or_init(|| {
            let mut before = 0;
            let mut table = vec![0];
            for chunk in self.text.as_bytes().chunks(STEP) {
                before += chunk.iter().filter(|&&b| starts_character(b)).count();
                table.push(before);
            }
            table
        })
    }

    /// How many characters start before byte `offset`.
    pub fn characters_before(&self, offset: usize) -> usize {
        let at = offset / STEP * STEP;
        let rest = &self.text.as_bytes()[at..offset];
        self.characters()[offset / STEP] + rest.iter().filter(|&&b| starts_character(b)).count()
    }

    /// The 0-based line a byte offset (clamped to the end) lies on, and where that line starts.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        (line, line_starts[line])
    }

    /// Where the 0-based line `line` starts, if the file has that many lines.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts().get(line).copied()
    }

    /// The line and character column of a byte offset. Offsets inside a multi-byte character
    /// or past the end are clamped.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, start) = self.line_of(offset);
        let column = self.characters_before(floor_char_boundary(&self.text, offset))
            - self.characters_before(start)
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column, as YAML parsers report them.
    /// A column past the end of the line goes on into the lines after it.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        // The character wanted, counted from the start of the file.
        let wanted = self.characters_before(start) + column.saturating_sub(1);
        let table = self.characters();
        let step = table
            .partition_point(|&before| before <= wanted)
            .saturating_sub(1);
        let from = (step * STEP).max(start).min(self.text.len());
        let mut seen = self.characters_before(from);
        for (i, &byte) in self.text.as_bytes()[from..].iter().enumerate() {
            if starts_character(byte) {
                if seen == wanted {
                    return from + i;
                }
                seen += 1;
            }
        }
        self.text.len()
    }
}

/// The nearest character boundary of `text` at or before `offset` (which must not pass its
/// end).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The nearest character boundary of `text` at or after `offset` (which must not pass its
/// end).
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Every file planalign has read in this run, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId::from_index(self.files.len());
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn text(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.range()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f.md".into(), text)
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = file("ab\né x y\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        // 'x' is after 'é' (two bytes) and a space.
        let x = f.text.find('x').unwrap();
        assert_eq!(f.position(x), Position { line: 2, column: 3 });
        assert_eq!(f.offset(2, 3), x);
    }

    #[test]
    fn crlf_lines_have_correct_columns() {
        let f = file("a: 1\r\nbb: 2\r\n");
        let two = f.text.find('2').unwrap();
        assert_eq!(f.position(two), Position { line: 2, column: 5 });
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let f = file("\u{feff}id: X\n");
        assert_eq!(&*f.text, "id: X\n");
        assert_eq!(f.position(4), Position { line: 1, column: 5 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = file("abc");
        assert_eq!(f.position(99), Position { line: 1, column: 4 });
        assert_eq!(f.offset(9, 1), 3);
    }

    /// Long lines of one- to four-byte characters, across many steps of the character table:
    /// every offset's position, and every position's offset, is what counting from the start
    /// of the line gives.
    #[test]
    fn positions_on_long_lines_match_counting() {
        let line: String = "a£€😀".repeat(300);
        let text = format!("{line}\nx{line}\n\n{line}");
        let f = file(&text);
        for (offset, _) in text.char_indices() {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() + 1;
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(
                f.position(offset),
                Position { line, column },
                "offset {offset}"
            );
            assert_eq!(
                f.offset(line, column),
                offset,
                "line {line} column {column}"
            );
        }
        assert_eq!(f.offset(1, 1_000_000), text.len());
    }
}
