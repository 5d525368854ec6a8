//! Characters that look like the ones planalign reads but are not: what a word processor puts
//! in text pasted from it (a non-breaking space, an en dash, curly quotes, a zero-width
//! space). Where a space is the only thing that can be meant, between a heading's attributes
//! or after a YAML key's colon, the parsers read it as a space and say so; anywhere else, a
//! finding that stops on one names it.

use std::ops::Range;

/// A character that looks like another: its name and what it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookalike {
    pub found: char,
    pub name: &'static str,
    /// What it is taken for: a space, a hyphen, a quote; nothing for the invisible ones.
    pub looks_like: Option<char>,
}

impl Lookalike {
    /// "a non-breaking space (U+00A0)".
    pub fn describe(&self) -> String {
        format!("{} (U+{:04X})", self.name, u32::from(self.found))
    }
}

/// The lookalike `c` is, if it is one.
pub fn lookalike(c: char) -> Option<Lookalike> {
    let (name, looks_like) = match c {
        '\u{a0}' => ("a non-breaking space", Some(' ')),
        '\u{202f}' => ("a narrow non-breaking space", Some(' ')),
        '\u{2007}' => ("a figure space", Some(' ')),
        '\u{2009}' => ("a thin space", Some(' ')),
        '\u{200a}' => ("a hair space", Some(' ')),
        '\u{200b}' => ("a zero-width space", None),
        '\u{200c}' => ("a zero-width non-joiner", None),
        '\u{200d}' => ("a zero-width joiner", None),
        '\u{2060}' => ("a word joiner", None),
        '\u{feff}' => ("a zero-width no-break space", None),
        '\u{ad}' => ("a soft hyphen", None),
        '\u{2010}' => ("a Unicode hyphen", Some('-')),
        '\u{2011}' => ("a non-breaking hyphen", Some('-')),
        '\u{2012}' => ("a figure dash", Some('-')),
        '\u{2013}' => ("an en dash", Some('-')),
        '\u{2014}' => ("an em dash", Some('-')),
        '\u{2212}' => ("a minus sign", Some('-')),
        '\u{2018}' | '\u{2019}' => ("a curly quote", Some('\'')),
        '\u{201c}' | '\u{201d}' => ("a curly quote", Some('"')),
        _ => return None,
    };
    Some(Lookalike {
        found: c,
        name,
        looks_like,
    })
}

/// The first lookalike in `text`, with its byte offset.
pub fn first(text: &str) -> Option<(usize, Lookalike)> {
    text.char_indices()
        .find_map(|(i, c)| lookalike(c).map(|l| (i, l)))
}

/// What is wrong with an id that holds a lookalike, in words: "`WFS–O1` has an en dash
/// (U+2013) after `WFS`, where a hyphen (-) belongs".
pub fn in_id(id: &str) -> Option<String> {
    let (at, found) = first(id)?;
    let place = match &id[..at] {
        "" => "at its start".to_owned(),
        before => format!("after `{before}`"),
    };
    let fix = match found.looks_like {
        Some('-') => "where a hyphen (-) belongs",
        Some(_) => "which does not belong in an id",
        None => "which is invisible and should be deleted",
    };
    Some(format!("`{id}` has {} {place}, {fix}", found.describe()))
}

/// The id an id with a lookalike in it was meant to be: each lookalike replaced by what it
/// looks like, and quotes around it taken off. `None` for an id with no lookalike.
pub fn meant(id: &str) -> Option<String> {
    first(id)?;
    Some(plain(id).trim_matches(['"', '\'']).to_owned())
}

/// `text` with each lookalike replaced by what it looks like (invisible ones removed).
pub fn plain(text: &str) -> String {
    text.chars()
        .filter_map(|c| match lookalike(c) {
            Some(l) => l.looks_like,
            None => Some(c),
        })
        .collect()
}

/// Whether `c` is a lookalike of a space.
fn is_space(c: char) -> bool {
    lookalike(c).is_some_and(|l| l.looks_like == Some(' '))
}

/// Replaces the space lookalikes in `range` of `text` by as many ordinary spaces as they have
/// bytes, so that every offset stays where it was, recording each one's offset.
fn blank(text: &mut String, range: std::ops::Range<usize>, found: &mut Vec<(usize, char)>) {
    let run: Vec<(usize, char)> = text[range.clone()]
        .char_indices()
        .filter(|&(_, c)| is_space(c))
        .map(|(i, c)| (range.start + i, c))
        .collect();
    for &(at, c) in run.iter().rev() {
        text.replace_range(at..at + c.len_utf8(), &" ".repeat(c.len_utf8()));
    }
    found.extend(run);
}

/// The end of the run of spaces, tabs and space lookalikes starting at `from`.
fn spaces_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !(c == ' ' || c == '\t' || is_space(c)))
        .map_or(text.len(), |(i, _)| from + i)
}

/// `text` with the space lookalikes in the ranges `places` gives for each line (from its
/// start to its end, line break included) replaced as [`blank`] does, and where each was.
/// `None` when there are none, which is nearly always.
fn blank_in(
    text: &str,
    places: impl Fn(&str, usize, usize) -> Vec<Range<usize>>,
) -> Option<(String, Vec<(usize, char)>)> {
    if !text.chars().any(is_space) {
        return None;
    }
    let mut out = text.to_owned();
    let mut found = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        for range in places(text, start, end) {
            blank(&mut out, range, &mut found);
        }
        start = end;
    }
    (!found.is_empty()).then_some((out, found))
}

/// YAML text with the space lookalikes that can only mean a space (in a line's indent, and
/// between a key's colon and its value) made ordinary spaces, as [`blank_in`] does.
pub fn yaml(text: &str) -> Option<(String, Vec<(usize, char)>)> {
    blank_in(text, |text, start, end| {
        // The indent, with any `- ` of a list item.
        let mut at = spaces_end(text, start);
        while text[at..end].starts_with('-') && spaces_end(text, at + 1) > at + 1 {
            at = spaces_end(text, at + 1);
        }
        let mut places = Vec::with_capacity(2);
        places.push(start..at);
        // A key: a word of letters, digits, `_` and `-`, then a colon and a lookalike.
        let key = text[at..end]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map(|i| at + i);
        if let Some(colon) = key.filter(|&k| k > at && text[k..].starts_with(':')) {
            let after = colon + 1;
            if text[after..end].starts_with(is_space) {
                places.push(after..spaces_end(text, after));
            }
        }
        places
    })
}

/// The same for a Markdown file: the space lookalikes inside the `{...}` attribute block at
/// the end of a heading line.
pub fn markdown(text: &str) -> Option<(String, Vec<(usize, char)>)> {
    blank_in(text, |text, start, end| {
        let line = text[start..end].trim_end_matches('\n');
        let heading = line.trim_start_matches(' ');
        let body = line.trim_end();
        let mut places = Vec::new();
        if let (true, Some(open)) = (body.ends_with('}'), body.rfind('{'))
            && line.len() - heading.len() < 4
            && heading.starts_with('#')
        {
            places.push(start + open + 1..start + body.len() - 1);
        }
        places
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_after_a_colon_and_in_an_indent_are_blanked_keeping_offsets() {
        let text = "owner:\u{a0}Head of\u{a0}HR\n\u{a0} score: 16\ntitle: a\u{a0}b\n";
        let (out, found) = yaml(text).unwrap();
        assert_eq!(out.len(), text.len());
        assert_eq!(
            out,
            "owner:  Head of\u{a0}HR\n   score: 16\ntitle: a\u{a0}b\n"
        );
        assert_eq!(found, [(6, '\u{a0}'), (20, '\u{a0}')]);
    }

    #[test]
    fn only_a_heading_attribute_block_is_blanked_in_markdown() {
        let text = "# A\u{a0}title {#X\u{a0}.objective}\nProse\u{a0}text {#Y\u{a0}.z}\n";
        let (out, found) = markdown(text).unwrap();
        assert_eq!(
            out,
            "# A\u{a0}title {#X  .objective}\nProse\u{a0}text {#Y\u{a0}.z}\n"
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn ids_with_lookalikes_read_plain() {
        assert_eq!(plain("CP\u{2013}O3.1\u{200b}"), "CP-O3.1");
        let (at, found) = first("CP\u{2013}O3.1").unwrap();
        assert_eq!(
            (at, found.describe()),
            (2, "an en dash (U+2013)".to_owned())
        );
        assert_eq!(
            in_id("WFS\u{2013}O1").unwrap(),
            "`WFS\u{2013}O1` has an en dash (U+2013) after `WFS`, where a hyphen (-) belongs"
        );
        assert_eq!(
            in_id("\u{200b}CP").unwrap(),
            "`\u{200b}CP` has a zero-width space (U+200B) at its start, which is invisible and \
             should be deleted"
        );
    }
}
