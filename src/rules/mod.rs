//! The rule set: the built-in structural rules, the default policy rules embedded from the
//! project's `rules/` folder, and a plans repository's own rules, which add to the defaults
//! or replace one by id.

pub mod builtin;
pub mod condition;
pub mod policy;
pub mod waivers;

use crate::finding::{Finding, Severity};
use crate::marked;
use crate::problem::Problem;
use crate::rule_id::{Builtin, RuleId};
use crate::rules::builtin::{invalid_config, invalid_rule};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::vocabulary::Schema;
use policy::{Policy, RuleDef};

/// The default policy rules, embedded so that planalign works on any plans repository.
pub const DEFAULT_RULES: &[(&str, &str)] = &[
    ("untraced.yaml", include_str!("../../rules/untraced.yaml")),
    (
        "unsupported-priority.yaml",
        include_str!("../../rules/unsupported-priority.yaml"),
    ),
    (
        "unfunded-objective.yaml",
        include_str!("../../rules/unfunded-objective.yaml"),
    ),
    (
        "target-incomplete.yaml",
        include_str!("../../rules/target-incomplete.yaml"),
    ),
    (
        "owner-missing.yaml",
        include_str!("../../rules/owner-missing.yaml"),
    ),
    (
        "due-outside-period.yaml",
        include_str!("../../rules/due-outside-period.yaml"),
    ),
    (
        "period-outside-root.yaml",
        include_str!("../../rules/period-outside-root.yaml"),
    ),
    (
        "budget-total-mismatch.yaml",
        include_str!("../../rules/budget-total-mismatch.yaml"),
    ),
    (
        "risk-score-mismatch.yaml",
        include_str!("../../rules/risk-score-mismatch.yaml"),
    ),
    ("overdue.yaml", include_str!("../../rules/overdue.yaml")),
    (
        "stale-review.yaml",
        include_str!("../../rules/stale-review.yaml"),
    ),
];

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Default,
    /// A rule file of the plans repository, by its display path.
    File(String),
}

/// What every rule has, whatever its origin: shown by `rules` and `explain`.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: RuleId,
    pub title: String,
    pub severity: Severity,
    pub explain: String,
    pub origin: Origin,
}

/// Every rule of a run, sorted by id, and the policy rules to run.
pub struct RuleSet {
    /// Sorted by id; looked up by binary search.
    pub rules: Vec<RuleInfo>,
    pub policies: Vec<Policy>,
}

impl RuleSet {
    /// Loads the built-in rules, the default rules (`defaults`: file names and texts, which
    /// [`DEFAULT_RULES`] are in a check), then the repository's rule files, already in
    /// `sources`. Problems in rule files are findings; the rule at fault is left out.
    pub fn load(
        schema: &Schema,
        defaults: &[(&str, &str)],
        repository: &[FileId],
        sources: &mut Sources,
        findings: &mut Vec<Finding>,
    ) -> Self {
        let mut set = RuleSet {
            rules: Builtin::ALL
                .iter()
                .map(|&b| {
                    let meta = b.meta();
                    RuleInfo {
                        id: b.into(),
                        title: meta.title.to_owned(),
                        severity: meta.severity,
                        explain: meta.explain.to_owned(),
                        origin: Origin::BuiltIn,
                    }
                })
                .collect(),
            policies: Vec::new(),
        };
        let mut defined = Vec::new();
        for (name, text) in defaults {
            let file = sources.add(SourceFile::new(format!("<default rules>/{name}"), *text));
            set.add_file(
                schema,
                sources,
                file,
                &Origin::Default,
                &mut defined,
                findings,
            );
        }
        // A repository's rule may replace a default one, but not another of its own.
        defined.clear();
        for &file in repository {
            let origin = Origin::File(sources.get(file).name.clone());
            set.add_file(schema, sources, file, &origin, &mut defined, findings);
        }
        set.rules.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        set
    }

    /// Applies the severity overrides of planalign.yaml; one naming no rule is a finding.
    pub fn override_severities(
        &mut self,
        overrides: &[(String, Severity, Span)],
        findings: &mut Vec<Finding>,
    ) {
        for (id, severity, span) in overrides {
            if !self.set_severity(id, *severity) {
                let mut finding = invalid_config::finding(
                    *span,
                    format!(
                        "planalign.yaml sets the severity of `{id}`, but there is no such rule"
                    ),
                );
                if let Some(s) = crate::suggest::closest(id, self.ids()) {
                    finding.help = Some(format!(
                        "Did you mean `{s}`? `planalign rules` lists every rule."
                    ));
                }
                findings.push(finding);
            }
        }
    }

    /// Every rule's id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    /// Sets a rule's severity; false if there is no such rule.
    pub fn set_severity(&mut self, id: &str, severity: Severity) -> bool {
        match self.position(id) {
            Some(i) => {
                self.rules[i].severity = severity;
                true
            }
            None => false,
        }
    }

    pub fn severity(&self, id: RuleId) -> Severity {
        self.get(id.as_str())
            .map_or(Severity::Error, |r| r.severity)
    }

    pub fn get(&self, id: &str) -> Option<&RuleInfo> {
        self.position(id).map(|i| &self.rules[i])
    }

    /// Where a rule is in `rules`, which is sorted by id.
    fn position(&self, id: &str) -> Option<usize> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok()
    }

    /// Adds the rules of one rule file. `defined` holds the ids, with where they are written,
    /// that files of the same origin have defined before: a second rule with one of them is
    /// a mistake, reported, and the first is kept.
    fn add_file(
        &mut self,
        schema: &Schema,
        sources: &Sources,
        file: FileId,
        origin: &Origin,
        defined: &mut Vec<(String, Span)>,
        findings: &mut Vec<Finding>,
    ) {
        let source = sources.get(file);
        let at = |marker: Option<&marked_yaml::Marker>| marked::at(file, source, marker);
        let node = match marked::parse_document(&source.text) {
            Ok(node) => node,
            Err(error) => {
                let problem = marked::load_problem(file, source, &error);
                findings.push(as_rule(Builtin::InvalidRule, problem));
                return;
            }
        };
        // Each rule of a list is read on its own, so that one mistake loses only that rule.
        let nodes: Vec<&marked_yaml::Node> = match &node {
            marked_yaml::Node::Sequence(rules) => rules.iter().collect(),
            _ => vec![&node],
        };
        let mut defs = Vec::with_capacity(nodes.len());
        for node in nodes {
            match marked_yaml::from_node::<RuleDef>(node) {
                Ok(def) => defs.push(def),
                Err(error) => {
                    let mark = error.start_mark().or_else(|| node.span().start().copied());
                    let mut span = at(mark.as_ref());
                    // serde gives no position for an unknown key: find it in the rule's text.
                    if let marked_yaml::Error::UnknownFieldError(key, _, _) = &*error {
                        let text = &source.text;
                        if let Some(i) = text[span.start()..].find(&format!("{key}:")) {
                            span = Span::new(file, span.start() + i, span.start() + i + key.len());
                        }
                    }
                    findings.push(invalid_rule::unusable(span, &error));
                }
            }
        }
        for def in defs {
            let id_span = at(def.id.span().start());
            if Builtin::from_id(def.id.as_str()).is_some() {
                findings.push(invalid_rule::replaces_builtin(id_span, def.id.as_str()));
                continue;
            }
            if let Some((_, first)) = defined.iter().find(|(id, _)| id == def.id.as_str()) {
                findings.push(invalid_rule::given_twice(id_span, def.id.as_str(), *first));
                continue;
            }
            match def.compile(schema, id_span) {
                Ok(policy) => {
                    let policy = policy.shipped(matches!(origin, Origin::Default));
                    defined.push((def.id.to_string(), id_span));
                    let id = RuleId::Policy(policy.id);
                    self.policies.retain(|p| p.id != policy.id);
                    self.rules.retain(|r| r.id != id);
                    self.rules.push(RuleInfo {
                        id,
                        title: def.title.clone(),
                        severity: Severity::parse(&def.severity).unwrap_or(Severity::Error),
                        explain: def.explain.clone().unwrap_or_else(|| def.title.clone()),
                        origin: origin.clone(),
                    });
                    self.policies.push(policy);
                }
                Err(error) => {
                    let span = error.at.as_ref().map_or(Span::at(file, 0), |m| {
                        let start = marked::offset(source, m);
                        let quoted = source.text[start..].starts_with(['"', '\'']);
                        let line_end = source.text[start..]
                            .find(['\n', '\r'])
                            .map_or(source.text.len(), |i| start + i);
                        let shift = error.shift + usize::from(quoted && error.shift > 0);
                        let at = source.text[start..line_end]
                            .char_indices()
                            .nth(shift)
                            .map_or(line_end, |(i, _)| start + i);
                        Span::at(file, at)
                    });
                    findings.push(invalid_rule::definition(
                        span,
                        def.id.as_str(),
                        &error.message,
                        error.help,
                    ));
                }
            }
        }
    }
}

/// The finding for a problem in reading a rule file or planalign.yaml, as a finding of the
/// rule about that file (`invalid-rule`, `invalid-config`) rather than of the plan rule that
/// would own it in a plan file.
pub fn as_rule(rule: Builtin, problem: Problem) -> Finding {
    Finding {
        rule: rule.into(),
        ..builtin::finding(problem)
    }
}

/// Where every finding of a check goes. Each takes its rule's severity as it is pushed, the
/// one place where a finding's severity is set, and a finding of a rule set to `off` is
/// dropped (cargo-deny's `ErrorSink::push`).
pub struct Sink<'r> {
    pub rules: &'r RuleSet,
    pub findings: Vec<Finding>,
}

impl<'r> Sink<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Self {
            rules,
            findings: Vec::new(),
        }
    }

    pub fn push(&mut self, mut finding: Finding) {
        finding.severity = self.rules.severity(finding.rule);
        if finding.severity != Severity::Off {
            self.findings.push(finding);
        }
    }
}

impl Extend<Finding> for Sink<'_> {
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, findings: I) {
        for finding in findings {
            self.push(finding);
        }
    }
}
