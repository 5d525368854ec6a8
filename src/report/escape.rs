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

/// Plain text as Markdown (GitHub Flavored, for pull-request comments and job summaries) that
/// shows exactly that text, on one line and safe in a table cell: the characters of tables,
/// code, emphasis, links, images and math are backslash-escaped; `<`, `>` and `&` are written
/// as entities, so neither HTML nor an entity such as `&#64;` gets through; line breaks become
/// spaces and other control characters pictures. GitHub finds @mentions in the rendered text,
/// where a backslash or an entity no longer is, so a zero-width space (as `&#8203;`, visible
/// in the source of the comment) goes after each `@`: `@team` reads the same and notifies
/// no one.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '~' | '[' | ']' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@&#8203;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(keeping_tabs(c)),
        }
    }
    out
}

/// A character of Markdown text: a control character as its picture, but a tab as it is.
fn keeping_tabs(c: char) -> char {
    control_picture(c).filter(|_| c != '\t').unwrap_or(c)
}

/// Text as a Markdown code span, safe in a table cell: nothing in a code span is markup or a
/// mention, but a pipe still ends a cell unless escaped, and a backtick ends the span unless
/// the fence is longer than any run of backticks inside.
pub fn markdown_code(text: &str) -> String {
    let mut inner = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => inner.push_str("\\|"),
            '\n' | '\r' => inner.push(' '),
            c => inner.push(keeping_tabs(c)),
        }
    }
    if inner.is_empty() {
        return String::new();
    }
    let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick, or with a space at both ends, needs a space
    // inside each fence, which the reader drops.
    let pad = inner.starts_with('`')
        || inner.ends_with('`')
        || (inner.starts_with(' ') && inner.ends_with(' ') && inner.trim() != "");
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{inner}{pad}{fence}")
}

/// A finding's message as Markdown: the rules write names and values between backticks, which
/// become code spans; everything else is text ([`markdown`]). Plan text inside a message may
/// hold backticks of its own and so pair them differently, but each piece is escaped for where
/// it lands, so the worst a stray backtick does is move where a code span starts.
pub fn markdown_message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        let closed = i + 1 < parts.len();
        if i % 2 == 0 {
            out.push_str(&markdown(part));
        } else if closed && !part.is_empty() {
            out.push_str(&markdown_code(part));
        } else {
            // An empty pair or a backtick that nothing closes: literal backticks.
            out.push_str("\\`");
            out.push_str(&markdown(part));
            if closed {
                out.push_str("\\`");
            }
        }
    }
    out
}

/// Text inside a quoted Mermaid label (a node, a subgraph or an edge): Mermaid's entity codes
/// for the characters that would end the label, start markup or another statement (`"`, `|`,
/// `<`, `>`, a backtick, and `#` itself so that text such as `#quot;` stays text), line breaks
/// as `<br/>` and other control characters as pictures.
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            c => out.push(control_picture(c).unwrap_or(c)),
        }
    }
    out
}

/// A Graphviz DOT quoted string: backslashes and quotes escaped (so `\N` and the like stay
/// text), line breaks as DOT's centred `\n`, other control characters as pictures.
pub fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(control_picture(c).unwrap_or(c)),
        }
    }
    out.push('"');
    out
}

/// A CSV text cell that a spreadsheet will not run as a formula: one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP advises. Only for text:
/// numbers, such as a negative amount of money, are written as they are.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A file's name as shown in reports (relative to the repository root, with `/`) as a URI
/// reference (RFC 3986): every byte but the unreserved characters and `/` percent-encoded, so
/// that `%`, `#`, `?`, `:` and the like stay part of the name. A name that begins with `/` is
/// outside the repository root; it comes back without its leading slashes and with `true`, to
/// be read against the file system root (a reference that began with `//` would name a host).
pub fn uri(name: &str) -> (String, bool) {
    let absolute = name.starts_with('/');
    let mut out = String::with_capacity(name.len());
    for &b in name.trim_start_matches('/').as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out, absolute)
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

    #[test]
    fn markdown_is_text() {
        assert_eq!(markdown("P|1<img src=x>"), "P\\|1&lt;img src=x&gt;");
        assert_eq!(
            markdown("![x](u) [a](b) **c** @team &#64;"),
            "!\\[x\\](u) \\[a\\](b) \\*\\*c\\*\\* @&#8203;team &amp;#64;"
        );
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`a"), "`` `a ``");
        assert_eq!(
            markdown_message("`due: <b>` is `x` or ` y"),
            "`due: <b>` is `x` or \\` y"
        );
        assert_eq!(markdown_message("``"), "\\`\\`");
    }

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(
            uri("plans/pct%0A%25 #1.md"),
            ("plans/pct%250A%2525%20%231.md".to_owned(), false)
        );
        assert_eq!(uri("//tmp/a:b.md"), ("tmp/a%3Ab.md".to_owned(), true));
    }

    #[test]
    fn csv_text_cells_cannot_be_formulas() {
        assert_eq!(csv_text("=1+2"), "'=1+2");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("Budget"), "Budget");
    }
}
