//! Plan text into each output's own syntax, so that what a plan says comes out as text and
//! never as something else: terminal escape sequences, Markdown markup and mentions, Mermaid
//! edges, spreadsheet formulas or the address of another file (issue 13 point 8). Every format
//! that puts plan text into a syntax of its own goes through the one function here for it.

use std::borrow::Cow;

/// What a control character is shown as: the Unicode control picture for C0 and DEL (`␛` for
/// ESC), so the reader sees which it was; U+FFFD for C1, which has no pictures. One character
/// for one, so columns and widths stay as they were.
pub fn control_picture(c: char) -> Option<char> {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// Text for a terminal, which may run over lines: every control character but newline and tab
/// shown as a picture, so that no escape sequence (colour, cursor, window title, a carriage
/// return writing over the line) reaches the terminal.
pub fn terminal(text: &str) -> Cow<'_, str> {
    pictures(text, |c| !matches!(c, '\n' | '\t'))
}

/// One line for a terminal, such as a table cell or a tree's line: newlines and tabs shown as
/// pictures too, so plan text cannot begin a line of its own.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    pictures(text, |_| true)
}

fn pictures(text: &str, shown: impl Fn(char) -> bool) -> Cow<'_, str> {
    let picture = |c: char| control_picture(c).filter(|_| shown(c));
    if !text.chars().any(|c| picture(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| picture(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_pictures() {
        assert_eq!(
            terminal("a\x1b[31m\tb\nc\u{9b}\x7f"),
            "a␛[31m\tb\nc\u{fffd}␡"
        );
        assert_eq!(terminal_line("a\tb\r\nc"), "a␉b␍␊c");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }
}
