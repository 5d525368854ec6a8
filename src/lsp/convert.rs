//! Between planalign's byte offsets and file names and the editor's positions and URIs.
//! Positions count UTF-16 code units unless the editor agreed to UTF-8 bytes; a position
//! past the end of a line or of the file is taken as that end, never as an error.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

use crate::source::{SourceFile, Span, floor_char_boundary};

/// How the editor counts the characters of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the editor offers it, else UTF-16, which every editor supports.
    pub fn choose(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Self {
        let utf8 = lsp_types::PositionEncodingKind::UTF8;
        if offered.is_some_and(|kinds| kinds.contains(&utf8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The editor's position of a byte offset.
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let offset = floor_char_boundary(&file.text, offset.min(file.text.len()));
    let (line, start) = file.line_of(offset);
    let column: usize = file.text[start..offset]
        .chars()
        .map(|c| encoding.width(c))
        .sum();
    Position::new(saturate(line), saturate(column))
}

/// The byte offset of an editor's position.
pub fn offset(file: &SourceFile, position: Position, encoding: Encoding) -> usize {
    let text = file.text.as_str();
    let Some(start) = file.line_start(position.line as usize) else {
        return text.len();
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut counted = 0;
    for (i, c) in text[start..end].char_indices() {
        if counted >= position.character as usize {
            return start + i;
        }
        counted += encoding.width(c);
    }
    end
}

pub fn range(file: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(file, span.start(), encoding),
        position(file, span.end(), encoding),
    )
}

/// The byte range of an editor's range, start and end in order.
pub fn byte_range(file: &SourceFile, range: Range, encoding: Encoding) -> (usize, usize) {
    let start = offset(file, range.start, encoding);
    let end = offset(file, range.end, encoding);
    (start.min(end), start.max(end))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The file a `file:` URI names; `None` for any other URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // The authority is empty or `localhost`; a path on another machine is not read.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `file:///C:/plans` on Windows names `C:/plans`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() > 2 && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of a path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let file = SourceFile::new("a.md".into(), "£5 é 😀 X\nnext");
        let x = file.text.find('X').unwrap();
        // Seven characters before X, the emoji two UTF-16 units of them.
        assert_eq!(position(&file, x, Encoding::Utf16), Position::new(0, 8));
        assert_eq!(
            position(&file, x, Encoding::Utf8),
            Position::new(0, x as u32)
        );
        assert_eq!(offset(&file, Position::new(0, 8), Encoding::Utf16), x);
        // Past the end of a line is its end; past the last line, the end of the file.
        assert_eq!(offset(&file, Position::new(0, 99), Encoding::Utf16), x + 1);
        assert_eq!(
            offset(&file, Position::new(9, 0), Encoding::Utf16),
            file.text.len()
        );
    }

    #[test]
    fn uris_round_trip_with_spaces_and_accents() {
        let path = Path::new("/tmp/Plans café/a b.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/Plans%20caf%C3%A9/a%20b.md");
        assert_eq!(path_of(&uri).unwrap(), path);
        assert_eq!(path_of(&Uri::from_str("untitled:1").unwrap()), None);
    }
}
