//! One check from start to finish: read and parse the plan files, build the graph, load and
//! run the rules, apply severities, and sort the findings.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::baseline::{Applied, Baseline};
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::parse;
use crate::rules::condition::{self, Env};
use crate::rules::{RuleSet, values, waivers};
use crate::source::{FileId, SourceFile, Sources};
use crate::suggest;
use crate::timings::Timings;
use crate::workspace::{self, Located};

pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub as_of: NaiveDate,
    /// `--severity RULE=LEVEL` overrides.
    pub severity: Vec<(String, Severity)>,
}

/// What stops a check from running at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Workspace(#[from] workspace::Error),
    #[error("there is no rule `{id}`{hint}")]
    UnknownRule { id: String, hint: String },
}

/// Counts shown in every report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub plans: usize,
    pub items: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// Everything a report needs.
pub struct Outcome {
    pub as_of: NaiveDate,
    pub sources: Sources,
    pub rules: RuleSet,
    pub model: Model,
    /// Sorted by file, line, column and rule; rules set to `off` removed.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Paths passed over while looking for plan files, with why.
    pub skipped: Vec<String>,
    /// What a `--baseline` left out, once applied.
    pub baseline: Option<Applied>,
}

impl Outcome {
    /// Leaves out the findings a baseline records, and counts again.
    pub fn apply_baseline(&mut self, baseline: Baseline) {
        self.baseline = Some(baseline.apply(&self.sources, &mut self.findings));
        self.count();
    }

    fn count(&mut self) {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        self.summary.errors = count(Severity::Error);
        self.summary.warnings = count(Severity::Warning);
        self.summary.notes = count(Severity::Note);
    }
}

pub fn check(options: &CheckOptions) -> Result<Outcome, Error> {
    let mut timings = Timings::from_env();
    let located = workspace::locate(&options.paths)?;
    let mut sources = Sources::default();
    let mut findings = Vec::new();
    let config = load_config(&located, &mut sources, &mut findings);
    let plans_dir = config.plans_dir.as_deref().unwrap_or("plans");
    let (paths, skipped) = workspace::plan_files(&located, plans_dir)?;
    timings.phase("find the plan files");
    // Files are read and parsed in parallel; each knows its id in `sources` beforehand, so
    // the results join in the same order whatever order the threads finish in.
    let base = sources.len();
    let parsed: Vec<(SourceFile, Option<Finding>, parse::Parsed)> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let file = FileId::from_index(base + i);
            let (source, problem) = read(&located, path, file);
            let parsed = if problem.is_some() {
                parse::Parsed::default()
            } else {
                parse::parse_file(file, &source, &config.schema)
            };
            (source, problem, parsed)
        })
        .collect();
    timings.phase("read and parse the files");
    let mut plan_files = Vec::with_capacity(parsed.len());
    for (source, problem, parsed) in parsed {
        sources.add(source);
        findings.extend(problem);
        let plan_id = parsed
            .plan
            .as_ref()
            .filter(|p| p.plan.declared)
            .map(|p| p.plan.id.to_string());
        for mut finding in parsed.findings {
            if finding.plan.is_none() {
                finding.plan.clone_from(&plan_id);
            }
            findings.push(finding);
        }
        plan_files.extend(parsed.plan);
    }
    let model = Model::build(
        config.schema.clone(),
        plan_files,
        config.root.clone(),
        &mut findings,
    );
    timings.phase("build the graph");
    let mut rules = load_rules(&located, &config, &mut sources, &mut findings);
    rules.override_severities(&config.severity, &mut findings);
    apply_cli_severities(&mut rules, &options.severity)?;
    timings.phase("load the rules");
    // Rules run in parallel, each with its own condition environment, beside the check of
    // date and money values; their findings are sorted below, so the order they finish in
    // does not matter. A rule switched off is not run at all.
    let totals = condition::budget_totals(&model);
    let (values, found) = rayon::join(
        || {
            let mut found = Vec::new();
            values::check(&model, &mut found);
            found
        },
        || {
            rules
                .policies
                .par_iter()
                .filter(|policy| rules.severity(&policy.id) != Severity::Off)
                .map(|policy| {
                    let mut env = Env::new(&model, options.as_of, &totals);
                    let mut found = Vec::new();
                    policy.run(&mut env, &mut found);
                    found
                })
                .collect::<Vec<Vec<Finding>>>()
        },
    );
    timings.phase("run the rules and check values");
    findings.extend(values);
    findings.extend(found.into_iter().flatten());
    for finding in &mut findings {
        finding.severity = rules.severity(&finding.rule);
    }
    findings.retain(|f| f.severity != Severity::Off);
    let mut findings = waivers::apply(&model, &rules, options.as_of, findings);
    sort(&sources, &mut findings);
    timings.phase("apply waivers and sort");
    let summary = Summary {
        files: paths.len(),
        plans: model.plans.len(),
        items: model.nodes.len(),
        ..Summary::default()
    };
    let mut outcome = Outcome {
        as_of: options.as_of,
        sources,
        rules,
        model,
        findings,
        summary,
        skipped,
        baseline: None,
    };
    outcome.count();
    Ok(outcome)
}

/// The rule set for a folder, for `planalign rules` and `explain`: no plan files needed.
pub fn rules_for(path: &Path) -> Result<(RuleSet, Sources, Vec<Finding>), Error> {
    let located = workspace::locate(&[path.to_path_buf()])?;
    let mut sources = Sources::default();
    let mut findings = Vec::new();
    let config = load_config(&located, &mut sources, &mut findings);
    let mut rules = load_rules(&located, &config, &mut sources, &mut findings);
    rules.override_severities(&config.severity, &mut findings);
    Ok((rules, sources, findings))
}

fn load_config(located: &Located, sources: &mut Sources, findings: &mut Vec<Finding>) -> Config {
    let Some(path) = located.config_file() else {
        return Config::default();
    };
    let file = FileId::from_index(sources.len());
    let (source, problem) = read(located, &path, file);
    sources.add(source);
    if let Some(mut finding) = problem {
        finding.rule = "invalid-config".into();
        findings.push(finding);
        return Config::default();
    }
    Config::load(sources, file, findings)
}

fn load_rules(
    located: &Located,
    config: &Config,
    sources: &mut Sources,
    findings: &mut Vec<Finding>,
) -> RuleSet {
    let rules_dir = located.rules_dir(config.rules_dir.as_deref().unwrap_or("rules"));
    RuleSet::load(
        &config.schema,
        rules_dir.as_deref(),
        &located.root,
        sources,
        findings,
    )
}

/// `--severity RULE=LEVEL` overrides, which win over planalign.yaml. A rule id that does not
/// exist stops the run: it is a mistake in the command, not in the plans.
fn apply_cli_severities(
    rules: &mut RuleSet,
    overrides: &[(String, Severity)],
) -> Result<(), Error> {
    for (id, severity) in overrides {
        if !rules.set_severity(id, *severity) {
            let suggestion = suggest::closest(id, rules.rules.iter().map(|r| r.id.as_str()));
            let hint = suggestion.map_or_else(
                || " (`planalign rules` lists them)".to_owned(),
                |s| format!(": did you mean `{s}`?"),
            );
            return Err(Error::UnknownRule {
                id: id.clone(),
                hint,
            });
        }
    }
    Ok(())
}

/// Reads one file as `file`, named relative to the repository root.
fn read(located: &Located, path: &Path, file: FileId) -> (SourceFile, Option<Finding>) {
    SourceFile::read(workspace::display_name(path, &located.root), path, file)
}

/// Sorts findings by file, line, column and rule, with the message to break ties, so that
/// the same plans always give the same output.
fn sort(sources: &Sources, findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| {
        let file = sources.get(f.span.file);
        let pos = file.position(f.span.start());
        (
            file.name.clone(),
            pos.line,
            pos.column,
            f.rule.clone(),
            f.message.clone(),
        )
    });
}
