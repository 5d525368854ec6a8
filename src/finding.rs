//! Findings are plain data: what rule found what, where, and what to do about it. Rules
//! create them; only the reporters in `report/` turn them into text.

use serde::Serialize;

use crate::rule_id::RuleId;
use crate::source::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
    Off,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "note" => Some(Self::Note),
            "off" => Some(Self::Off),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
            Self::Off => "off",
        }
    }
}

/// A severity as written in configuration and rule files.
#[derive(Debug, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code, reason = "only describes the JSON Schema")]
pub enum SeverityName {
    Error,
    Warning,
    Note,
    Off,
}

/// A second place that explains a finding: the other declaration of a duplicate id, the
/// item where a chain of links stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One problem found in the plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    /// Set from the rule's severity and any overrides as the finding is emitted
    /// (`rules::Sink::push`), and only there.
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// Short text shown under the underlined value.
    pub label: Option<String>,
    pub related: Vec<Related>,
    pub item: Option<String>,
    pub plan: Option<String>,
    /// For a finding that follows only from another mistake: the item whose own finding is
    /// that mistake (one with a dangling link, or one that could not be read). The finding is
    /// then listed with that one rather than reported itself: one mistake, one finding.
    pub cause: Option<Cause>,
    /// What the underlined text most likely should say (the id a dangling reference meant):
    /// the editor offers it as a quick fix.
    pub replacement: Option<String>,
}

/// The item another finding's mistake lies in: its id and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub id: String,
    pub span: Span,
}

impl Finding {
    pub fn new(rule: impl Into<RuleId>, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule: rule.into(),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            span,
            label: None,
            related: Vec::new(),
            item: None,
            plan: None,
            cause: None,
            replacement: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn replacement(mut self, replacement: Option<String>) -> Self {
        self.replacement = replacement;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn item(mut self, id: &str) -> Self {
        self.item = Some(id.to_owned());
        self
    }

    pub fn plan(mut self, id: &str) -> Self {
        self.plan = Some(id.to_owned());
        self
    }
}

/// How reports name and mark a severity: the words and symbols live here, once.
impl Severity {
    /// The severity a report shows: a finding of a rule that is off never reaches a report,
    /// and if one did it would be shown as a note.
    pub fn shown(self) -> Self {
        if self == Self::Off { Self::Note } else { self }
    }

    /// "error", "warning" or "note".
    pub fn noun(self) -> &'static str {
        self.shown().as_str()
    }

    /// "Error", "Warning" or "Note", to begin a sentence or a table cell.
    pub fn title(self) -> &'static str {
        self.pick("Error", "Warning", "Note")
    }

    /// "1 error", "3 warnings".
    pub fn count(self, n: usize) -> String {
        if n == 1 {
            format!("1 {}", self.noun())
        } else {
            format!("{n} {}", self.plural())
        }
    }

    /// "errors", "warnings" or "notes".
    pub fn plural(self) -> String {
        format!("{}s", self.noun())
    }

    /// The symbol text reports put before the word: ✖, ⚠ or ℹ.
    pub fn symbol(self) -> &'static str {
        self.pick("✖", "⚠", "ℹ")
    }

    /// A symbol whose shape alone tells the severities apart, for readers who cannot tell
    /// the colours apart: ✖, ▲ or ●.
    pub fn shape(self) -> &'static str {
        self.pick("✖", "▲", "●")
    }

    /// One of three things by severity, notes and `off` alike: a format's own names for them.
    pub fn pick<T>(self, error: T, warning: T, note: T) -> T {
        match self.shown() {
            Self::Error => error,
            Self::Warning => warning,
            _ => note,
        }
    }
}
