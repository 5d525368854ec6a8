//! The rule set: the built-in structural rules, the default policy rules embedded from the
//! project's `rules/` folder, and a plans repository's own rules, which add to the defaults
//! or replace one by id.

pub mod builtin;
pub mod condition;
pub mod policy;
pub mod values;
pub mod waivers;

use std::path::Path;

use crate::config::Schema;
use crate::finding::{Finding, Severity};
use crate::source::{FileId, SourceFile, Sources, Span};
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
    pub id: String,
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
    /// Loads the built-in and default rules, then the rule files in `user_dir`. Problems in
    /// rule files are findings; the rule at fault is left out.
    pub fn load(
        schema: &Schema,
        user_dir: Option<&Path>,
        root: &Path,
        sources: &mut Sources,
        findings: &mut Vec<Finding>,
    ) -> Self {
        let mut set = RuleSet {
            rules: builtin::BUILTINS
                .iter()
                .map(|b| RuleInfo {
                    id: b.id.to_owned(),
                    title: b.title.to_owned(),
                    severity: b.severity,
                    explain: b.explain.to_owned(),
                    origin: Origin::BuiltIn,
                })
                .collect(),
            policies: Vec::new(),
        };
        for (name, text) in DEFAULT_RULES {
            let file = sources.add(SourceFile::new(
                format!("<default rules>/{name}"),
                name.into(),
                *text,
            ));
            set.add_file(schema, sources, file, &Origin::Default, findings);
        }
        if let Some(dir) = user_dir {
            for path in rule_files(dir) {
                let name = crate::workspace::display_name(&path, root);
                let file = FileId::from_index(sources.len());
                let (source, problem) = SourceFile::read(name.clone(), &path, file);
                sources.add(source);
                if let Some(mut finding) = problem {
                    finding.rule = "invalid-rule".into();
                    findings.push(finding);
                    continue;
                }
                set.add_file(schema, sources, file, &Origin::File(name), findings);
            }
        }
        set.rules.sort_by(|a, b| a.id.cmp(&b.id));
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
                let mut finding = crate::config::invalid(
                    *span,
                    format!(
                        "planalign.yaml sets the severity of `{id}`, but there is no such rule"
                    ),
                );
                if let Some(s) =
                    crate::suggest::closest(id, self.rules.iter().map(|r| r.id.as_str()))
                {
                    finding.help = Some(format!(
                        "Did you mean `{s}`? `planalign rules` lists every rule."
                    ));
                }
                findings.push(finding);
            }
        }
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

    pub fn severity(&self, id: &str) -> Severity {
        self.get(id).map_or(Severity::Error, |r| r.severity)
    }

    pub fn get(&self, id: &str) -> Option<&RuleInfo> {
        self.position(id).map(|i| &self.rules[i])
    }

    /// Where a rule is in `rules`, which is sorted by id.
    fn position(&self, id: &str) -> Option<usize> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok()
    }

    fn add_file(
        &mut self,
        schema: &Schema,
        sources: &Sources,
        file: FileId,
        origin: &Origin,
        findings: &mut Vec<Finding>,
    ) {
        let text = sources.get(file).text.clone();
        let at = |marker: Option<&marked_yaml::Marker>| {
            marker.map_or(Span::at(file, 0), |m| {
                Span::at(file, sources.get(file).offset(m.line(), m.column()))
            })
        };
        let node = match crate::parse::yaml::parse_document(&text) {
            Ok(node) => node,
            Err(error) => {
                findings.push(crate::parse::yaml::load_problem(
                    file,
                    &text,
                    &error,
                    "invalid-rule",
                ));
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
                        let text = &sources.get(file).text;
                        if let Some(i) = text[span.start()..].find(&format!("{key}:")) {
                            span = Span::new(file, span.start() + i, span.start() + i + key.len());
                        }
                    }
                    findings.push(
                        Finding::new(
                            "invalid-rule",
                            span,
                            format!("This rule cannot be used: {error}"),
                        )
                        .help(
                            "A rule has `id`, `title`, `severity`, `message`, and optionally \
                             `help`, `explain`, `select` and `require`; see `planalign explain \
                             invalid-rule`.",
                        ),
                    );
                }
            }
        }
        for def in defs {
            let id_span = at(def.id.span().start());
            if builtin::BUILTINS.iter().any(|b| b.id == def.id.as_str()) {
                findings.push(
                    Finding::new(
                        "invalid-rule",
                        id_span,
                        format!("`{}` is a built-in rule and cannot be replaced", def.id.as_str()),
                    )
                    .help("Choose another id for this rule, or change the built-in rule's severity in planalign.yaml."),
                );
                continue;
            }
            match def.compile(schema, id_span) {
                Ok(policy) => {
                    self.policies.retain(|p| p.id != policy.id);
                    self.rules.retain(|r| r.id != policy.id);
                    self.rules.push(RuleInfo {
                        id: policy.id.clone(),
                        title: def.title.clone(),
                        severity: Severity::parse(&def.severity).unwrap_or(Severity::Error),
                        explain: def.explain.clone().unwrap_or_else(|| def.title.clone()),
                        origin: origin.clone(),
                    });
                    self.policies.push(policy);
                }
                Err(error) => {
                    let span = error.at.as_ref().map_or(Span::at(file, 0), |m| {
                        let source = sources.get(file);
                        let start = source.offset(m.line(), m.column());
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
                    findings.push(
                        Finding::new(
                            "invalid-rule",
                            span,
                            format!("Rule {}: {}", def.id.as_str(), error.message),
                        )
                        .help(error.help),
                    );
                }
            }
        }
    }
}

/// The YAML files directly in a rules folder, sorted by name.
fn rule_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    files.sort();
    files
}
