//! The human report: each finding as a miette diagnostic with the plan text underlined, then
//! a one-line summary. Places in other files become related diagnostics, since miette draws
//! labels from one file per diagnostic. Plan text reaches the terminal only through the
//! `escape` module: messages, labels, help, file names and the source lines shown.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};

use super::escape;
use super::shared::Report;
use crate::finding::Finding;
use crate::source::{FileId, Sources, Span};

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

/// A finding in the shape miette renders.
struct Rendered {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Arc<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(files: &Files, finding: &Finding) -> Self {
        let text = |t: &str| escape::terminal(t).into_owned();
        let mut labels = vec![files.label(finding.span, finding.label.as_deref(), true)];
        let mut related = Vec::new();
        for r in &finding.related {
            if r.span.file == finding.span.file {
                labels.push(files.label(r.span, Some(&r.message), false));
            } else {
                related.push(Rendered {
                    code: String::new(),
                    message: text(&r.message),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: files.named(r.span.file),
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
            help: finding.help.as_deref().map(text),
            source: files.named(finding.span.file),
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
    text: Arc<String>,
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

    fn named(&self, id: FileId) -> NamedSource<Arc<String>> {
        let shown = self.shown(id);
        NamedSource::new(shown.name.clone(), shown.text.clone())
    }

    fn label(&self, span: Span, text: Option<&str>, primary: bool) -> LabeledSpan {
        let shown = self.shown(span.file);
        let (start, end) = (shown.offset(span.start()), shown.offset(span.end()));
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
        Shown {
            name: escape::terminal_line(name).into_owned(),
            text: if moved.is_empty() {
                text.clone()
            } else {
                Arc::new(shown)
            },
            moved,
        }
    }

    /// Where a byte offset of the file is in the text shown.
    fn offset(&self, offset: usize) -> usize {
        let before = self.moved.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.moved[i].1)
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
        Some(&self.source)
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
