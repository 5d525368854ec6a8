//! The human report: each finding as a miette diagnostic with the plan text underlined, then
//! a one-line summary. Places in other files become related diagnostics, since miette draws
//! labels from one file per diagnostic. Plan text reaches the terminal only through the
//! `escape` module: messages, labels, help, file names and the source lines shown.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::escape;
use super::shared::Report;
use crate::finding::Finding;
use crate::source::{FileId, SourceFile, Sources, Span, ceil_char_boundary, floor_char_boundary};

/// How to draw: with colour for a terminal, plain for files and pipes.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The check for people: each finding, then the summary.
pub fn text(report: &Report, style: Style) -> String {
    format!("{}{}", render(report, style), summary(report))
}

/// Each finding as a diagnostic.
pub fn render(report: &Report, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    let files = Files::new(report.sources);
    for finding in report.findings {
        let diagnostic = Rendered::new(&files, finding);
        handler
            .render_report(&mut out, &diagnostic)
            .expect("writing to a String cannot fail");
        out.push('\n');
    }
    out
}

/// "planalign: 1 error, 3 warnings in 6 plans (140 items, 6 files), as of 2011-01-04", and
/// what a baseline left out.
pub fn summary(report: &Report) -> String {
    let s = report.summary;
    let mut out = format!(
        "planalign: {} in {} plan{} ({} items, {} file{}), as of {}\n",
        super::shared::counts(report.findings),
        s.plans,
        if s.plans == 1 { "" } else { "s" },
        s.items,
        s.files,
        if s.files == 1 { "" } else { "s" },
        report.as_of
    );
    if let Some(applied) = report.baseline {
        out.push_str(&format!(
            "planalign: {} known finding{} recorded in the baseline not shown\n",
            applied.known,
            if applied.known == 1 { "" } else { "s" }
        ));
        if !applied.gone.is_empty() {
            out.push_str("planalign: the baseline records findings that no longer occur; write it again with --write-baseline to tidy it:\n");
            for e in &applied.gone {
                let item = e.item.as_deref().or(e.plan.as_deref()).unwrap_or("-");
                out.push_str(&format!(
                    "  {} {} {}\n",
                    e.rule.as_str(),
                    escape::terminal_line(item),
                    escape::terminal_line(&e.at)
                ));
            }
        }
    }
    out
}

/// The most places in the plans one finding shows besides its own; a circle of 100,000 items
/// would otherwise fill the terminal (and take minutes to lay out). The others are counted in
/// the help, and every format for machines lists them all.
const MAX_PLACES: usize = 10;

/// A line longer than this many bytes is shown cut to the text near what is underlined: a
/// terminal cannot show it whole, and 20,000 findings on one line of 200,000 bytes would
/// otherwise print 4 GB.
const LONG_LINE: usize = 1_000;

/// How many bytes of a long line are shown on each side of what is underlined.
const AROUND: usize = 80;

/// The most of a long line one label underlines.
const LONG_LABEL: usize = 200;

/// The finding's help, with a count of the places not shown.
fn help(finding: &Finding) -> Option<String> {
    let hidden = finding.related.len().saturating_sub(MAX_PLACES);
    if hidden == 0 {
        return finding.help.clone();
    }
    let more = format!(
        "{hidden} more place{} {} not shown here; `--format json` lists them all.",
        if hidden == 1 { "" } else { "s" },
        if hidden == 1 { "is" } else { "are" },
    );
    Some(match &finding.help {
        Some(help) => format!("{help}\n{more}"),
        None => more,
    })
}

/// A finding in the shape miette renders.
struct Rendered {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Arc<Shown>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(files: &Files, finding: &Finding) -> Self {
        let text = |t: &str| escape::terminal(t).into_owned();
        let mut labels = vec![files.label(finding.span, finding.label.as_deref(), true)];
        let mut related = Vec::new();
        for r in finding.related.iter().take(MAX_PLACES) {
            if r.span.file == finding.span.file {
                labels.push(files.label(r.span, Some(&r.message), false));
            } else {
                related.push(Rendered {
                    code: String::new(),
                    message: text(&r.message),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: files.shown(r.span.file),
                    labels: vec![files.label(r.span, None, true)],
                    related: Vec::new(),
                });
            }
        }
        Rendered {
            code: escape::terminal_line(finding.rule.as_str()).into_owned(),
            message: text(&finding.message),
            severity: finding.severity.pick(
                miette::Severity::Error,
                miette::Severity::Warning,
                miette::Severity::Advice,
            ),
            help: help(finding).map(|h| text(&h)),
            source: files.shown(finding.span.file),
            labels,
            related,
        }
    }
}

/// The files as the terminal may show them. miette writes source lines as they are, ESC
/// included, so each control character in a file's text (but newline, tab and the carriage
/// return of a CRLF, which miette lays out itself) is shown as its picture, and labels are
/// moved to where their bytes now are.
struct Files<'a> {
    sources: &'a Sources,
    shown: RefCell<HashMap<FileId, Arc<Shown>>>,
}

struct Shown {
    name: String,
    /// The text shown, and its table of characters.
    file: SourceFile,
    /// Where each line of `text` starts, as miette counts lines: after a newline, a CRLF or
    /// a carriage return alone.
    lines: Vec<usize>,
    /// For each character replaced, its offset in the file and how many bytes later than in
    /// the file everything after it now is.
    moved: Vec<(usize, usize)>,
}

impl<'a> Files<'a> {
    fn new(sources: &'a Sources) -> Self {
        Files {
            sources,
            shown: RefCell::new(HashMap::new()),
        }
    }

    fn shown(&self, id: FileId) -> Arc<Shown> {
        let file = self.sources.get(id);
        self.shown
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| Arc::new(Shown::new(&file.name, &file.text)))
            .clone()
    }

    fn label(&self, span: Span, text: Option<&str>, primary: bool) -> LabeledSpan {
        let shown = self.shown(span.file);
        let (start, end) = shown.drawn(shown.offset(span.start()), shown.offset(span.end()));
        let text = text.map(|t| escape::terminal(t).into_owned());
        let source_span = SourceSpan::new(start.into(), end - start);
        if primary {
            LabeledSpan::new_primary_with_span(text, source_span)
        } else {
            LabeledSpan::new_with_span(text, source_span)
        }
    }
}

impl Shown {
    fn new(name: &str, text: &Arc<String>) -> Self {
        let kept = |i: usize, c: char| {
            matches!(c, '\n' | '\t') || (c == '\r' && text[i + 1..].starts_with('\n'))
        };
        let mut moved = Vec::new();
        let mut extra = 0;
        let mut shown = String::new();
        for (i, c) in text.char_indices() {
            match escape::control_picture(c).filter(|_| !kept(i, c)) {
                Some(picture) => {
                    if moved.is_empty() {
                        shown.push_str(&text[..i]);
                    }
                    extra += picture.len_utf8() - c.len_utf8();
                    moved.push((i, extra));
                    shown.push(picture);
                }
                None if !moved.is_empty() => shown.push(c),
                None => {}
            }
        }
        let text = if moved.is_empty() {
            text.clone()
        } else {
            Arc::new(shown)
        };
        let bytes = text.as_bytes();
        let lines = std::iter::once(0)
            .chain(bytes.iter().enumerate().filter_map(|(i, &b)| {
                let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                ends.then_some(i + 1)
            }))
            .collect();
        Shown {
            name: escape::terminal_line(name).into_owned(),
            file: SourceFile::shared(String::new(), text),
            lines,
            moved,
        }
    }

    /// The line (from 0, as miette counts them) holding the byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&start| start <= offset) - 1
    }

    /// Where a byte offset of the file is in the text shown.
    fn offset(&self, offset: usize) -> usize {
        let before = self.moved.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.moved[i].1)
    }
}

/// miette reads the lines around a span by scanning its text from the start, which for
/// thousands of findings in a long file takes minutes. So it is given only the lines near the
/// span (with a line to spare on each side, so that it stops where it would in the whole
/// text) and its answer is moved back to where that text lies in the file. The column it
/// gives is counted in characters, as in every other format, not in bytes.
impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text().len() {
            return Err(MietteError::OutOfBounds);
        }
        let (line, end_line) = (self.line_of(start), self.line_of(end));
        let first = line.saturating_sub(before + 1);
        let last = (end_line + after + 2).min(self.lines.len());
        if line == end_line && (first..last).any(|l| self.is_long(l)) {
            return self.near_on_long_line(start, end, line, before);
        }
        let from = self.lines[first];
        let to = self.lines.get(last).copied().unwrap_or(self.text().len());
        let near = &self.text()[from..to];
        let read = near.read_span(
            &SourceSpan::new((start - from).into(), span.len()),
            before,
            after,
        )?;
        let at = read.span().offset() + from;
        let column = match read.column() {
            0 => 0,
            bytes => self.characters(start - bytes, start),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            read.data(),
            SourceSpan::new(at.into(), read.span().len()),
            read.line() + first,
            column,
            read.line_count() + first,
        )))
    }
}

impl Shown {
    /// Where line `line` starts and where its text ends (before its line break).
    fn line_text(&self, line: usize) -> (usize, usize) {
        let start = self.lines[line];
        let next = self
            .lines
            .get(line + 1)
            .copied()
            .unwrap_or(self.text().len());
        let text = self.text()[start..next].trim_end_matches(['\n', '\r']);
        (start, start + text.len())
    }

    fn is_long(&self, line: usize) -> bool {
        let (start, end) = self.line_text(line);
        end - start > LONG_LINE
    }

    fn text(&self) -> &str {
        &self.file.text
    }

    /// How many characters lie between two byte offsets.
    fn characters(&self, from: usize, to: usize) -> usize {
        self.file.characters_before(to) - self.file.characters_before(from)
    }

    /// The text near `start..end`, all on line `line`, when it or a line near it is too long to
    /// show whole: only that line, cut to `AROUND` bytes each side. A span longer than
    /// `LONG_LABEL` is not read: miette asks for one only to draw two labels as one, and
    /// draws them apart instead.
    fn near_on_long_line(
        &self,
        start: usize,
        end: usize,
        line: usize,
        before: usize,
    ) -> Result<Box<dyn SpanContents<'_> + '_>, MietteError> {
        if end - start > LONG_LABEL {
            return Err(MietteError::OutOfBounds);
        }
        let (line_start, line_end) = self.line_text(line);
        let from = floor_char_boundary(self.text(), start.saturating_sub(AROUND).max(line_start));
        let to = ceil_char_boundary(self.text(), (end + AROUND).min(line_end).max(end));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text().as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            if before == 0 {
                self.characters(line_start, start)
            } else {
                0
            },
            line + 1,
        )))
    }

    /// A label's span as drawn: on a long line, at most `LONG_LABEL` bytes of it and none past
    /// its first line, so that it can be shown cut to the text near it.
    fn drawn(&self, start: usize, end: usize) -> (usize, usize) {
        let line = self.line_of(start);
        if !self.is_long(line) && !self.is_long(self.line_of(end)) {
            return (start, end);
        }
        let end = end
            .min(start + LONG_LABEL)
            .min(self.line_text(line).1.max(start));
        (start, floor_char_boundary(self.text(), end))
    }
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
