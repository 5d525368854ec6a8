//! The human report: each finding as a miette diagnostic with the plan text underlined, then
//! a one-line summary. Places in other files become related diagnostics, since miette draws
//! labels from one file per diagnostic.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};

use super::shared::Report;
use crate::finding::Finding;
use crate::source::{Sources, Span};

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
    for finding in report.findings {
        let diagnostic = Rendered::new(report.sources, finding);
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
                out.push_str(&format!("  {} {item} {}\n", e.rule.as_str(), e.at));
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
    fn new(sources: &Sources, finding: &Finding) -> Self {
        let mut labels = vec![label(finding.span, finding.label.clone(), true)];
        let mut related = Vec::new();
        for r in &finding.related {
            if r.span.file == finding.span.file {
                labels.push(label(r.span, Some(r.message.clone()), false));
            } else {
                related.push(Rendered {
                    code: String::new(),
                    message: r.message.clone(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: named(sources, r.span),
                    labels: vec![label(r.span, None, true)],
                    related: Vec::new(),
                });
            }
        }
        Rendered {
            code: finding.rule.as_str().to_owned(),
            message: finding.message.clone(),
            severity: finding.severity.pick(
                miette::Severity::Error,
                miette::Severity::Warning,
                miette::Severity::Advice,
            ),
            help: finding.help.clone(),
            source: named(sources, finding.span),
            labels,
            related,
        }
    }
}

fn named(sources: &Sources, span: Span) -> NamedSource<Arc<String>> {
    let file = sources.get(span.file);
    NamedSource::new(file.name.clone(), file.text.clone())
}

fn label(span: Span, text: Option<String>, primary: bool) -> LabeledSpan {
    let source_span = SourceSpan::new(span.start().into(), span.end() - span.start());
    if primary {
        LabeledSpan::new_primary_with_span(text, source_span)
    } else {
        LabeledSpan::new_with_span(text, source_span)
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
