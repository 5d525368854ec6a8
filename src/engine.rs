//! One check from start to finish: read and parse the plan files, build the graph, load and
//! run the rules, apply severities, and sort the findings.

use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::baseline::{Applied, Baseline};
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::parse;
use crate::problem::{OutsideRepository, Problem};
use crate::rule_id::Builtin;
use crate::rules::condition::{self, Env};
use crate::rules::{DEFAULT_RULES, RuleSet, Sink, as_rule, builtin, waivers};
use crate::snapshot::{self, Entry, Listing, Snapshot};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::suggest;
use crate::timings::Timings;

pub struct CheckOptions {
    pub as_of: NaiveDate,
    /// `--severity RULE=LEVEL` overrides.
    pub severity: Vec<(String, Severity)>,
}

/// What stops a check from running at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Snapshot(#[from] snapshot::Error),
    #[error("there is no rule `{id}`{hint}")]
    UnknownRule { id: String, hint: String },
}

/// Counts shown in every report (and, as they are, in the JSON ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
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
    /// Where the plans repository lies in its git repository ([`Snapshot::git_prefix`]).
    pub git_prefix: String,
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

/// The parsed plan files of earlier checks, by file name, so that a check run again after an
/// edit (the language server's) parses only the files whose text changed. A parse depends on
/// the file's text, its place among the files read and the vocabulary of planalign.yaml: a
/// file is parsed again when any of them differs.
#[derive(Default)]
pub struct ParseCache {
    /// The text of planalign.yaml the parses were made with (empty without one).
    config: String,
    files: FxHashMap<String, Parse>,
}

struct Parse {
    file: FileId,
    text: Arc<String>,
    parsed: parse::Parsed,
}

impl ParseCache {
    /// The earlier parse of `source` as file `file`, if its text is the same.
    fn get(&self, file: FileId, source: &SourceFile) -> Option<parse::Parsed> {
        self.files
            .get(&source.name)
            .filter(|p| p.file == file && p.text == source.text)
            .map(|p| p.parsed.clone())
    }
}

/// Checks the plans of a snapshot.
pub fn check(snapshot: &dyn Snapshot, options: &CheckOptions) -> Result<Outcome, Error> {
    check_with(snapshot, options, None)
}

/// Checks the plans of a snapshot, parsing only the files that changed since the check that
/// filled `cache`, and keeping this check's parses in it for the next.
pub fn check_again(
    snapshot: &dyn Snapshot,
    options: &CheckOptions,
    cache: &mut ParseCache,
) -> Result<Outcome, Error> {
    check_with(snapshot, options, Some(cache))
}

fn check_with(
    snapshot: &dyn Snapshot,
    options: &CheckOptions,
    mut cache: Option<&mut ParseCache>,
) -> Result<Outcome, Error> {
    let mut timings = Timings::from_env();
    let mut sources = Sources::default();
    // Findings about planalign.yaml and the rule files, found before the rules' severities
    // are known.
    let mut early = Vec::new();
    let mut skipped = Vec::new();
    let config = load_config(snapshot, &mut sources, &mut early);
    if let Some(cache) = cache.as_deref_mut() {
        // planalign.yaml, when there is one, is the first file read.
        let written = if sources.is_empty() {
            ""
        } else {
            sources.get(FileId::from_index(0)).text.as_str()
        };
        if cache.config != written {
            *cache = ParseCache {
                config: written.to_owned(),
                files: FxHashMap::default(),
            };
        }
    }
    let mut rules = load_rules(snapshot, &config, &mut sources, &mut early, &mut skipped);
    rules.override_severities(&config.severity, &mut early);
    apply_cli_severities(&mut rules, &options.severity)?;
    let mut sink = Sink::new(&rules);
    sink.extend(early);
    let mut listing = match folder(snapshot, config.plans_dir.as_ref(), "plans") {
        Ok(plans_dir) => snapshot.plan_files(plans_dir)?,
        Err(outside) => {
            sink.push(builtin::finding(Problem::OutsideRepository(outside)));
            Listing::default()
        }
    };
    skipped.append(&mut listing.skipped);
    let found = listing.files.len();
    listing.files.retain(|entry| !config.excludes(&entry.name));
    if found > 0 && listing.files.is_empty() {
        return Err(snapshot::Error::AllExcluded.into());
    }
    timings.phase("find the plan files and load the rules");
    // Files are read and parsed in parallel; each knows its id in `sources` beforehand, so
    // the results join in the same order whatever order the threads finish in.
    let base = sources.len();
    let earlier = cache.as_deref();
    let parsed: Vec<(SourceFile, parse::Parsed, bool)> = listing
        .files
        .par_iter()
        .enumerate()
        .map(|(i, entry)| {
            let file = FileId::from_index(base + i);
            let (source, problem) = snapshot::load(snapshot, entry, file);
            if let Some(parsed) = earlier
                .filter(|_| problem.is_none())
                .and_then(|c| c.get(file, &source))
            {
                return (source, parsed, false);
            }
            let parsed = match problem {
                Some(problem) => parse::Parsed {
                    plan: None,
                    problems: vec![problem],
                },
                None => parse::parse_file(file, &source.name, &source.text, &config.schema),
            };
            (source, parsed, true)
        })
        .collect();
    if let Some(cache) = cache {
        let names: FxHashSet<&str> = listing.files.iter().map(|e| e.name.as_str()).collect();
        cache.files.retain(|name, _| names.contains(name.as_str()));
        for (i, (source, parsed, _)) in parsed.iter().enumerate().filter(|(_, p)| p.2) {
            let parse = Parse {
                file: FileId::from_index(base + i),
                text: Arc::clone(&source.text),
                parsed: parsed.clone(),
            };
            cache.files.insert(source.name.clone(), parse);
        }
    }
    timings.phase("read and parse the files");
    let mut plan_files = Vec::with_capacity(parsed.len());
    // The files that could not be read as plans at all, whose findings come first: the
    // findings that follow from their plans missing then read in the light of them.
    let mut unread = vec![false; base + parsed.len()];
    for (source, parsed, _) in parsed {
        let file = sources.add(source);
        unread[file.0 as usize] = parsed.plan.is_none();
        let plan_id = parsed
            .plan
            .as_ref()
            .filter(|p| p.plan.declared)
            .map(|p| p.plan.id.to_string());
        for problem in parsed.problems {
            let mut finding = builtin::finding(problem);
            if finding.plan.is_none() {
                finding.plan.clone_from(&plan_id);
            }
            sink.push(finding);
        }
        plan_files.extend(parsed.plan);
    }
    let mut problems = Vec::new();
    let model = Model::build(
        config.schema.clone(),
        plan_files,
        config.root.clone(),
        &mut problems,
    );
    sink.extend(problems.into_iter().map(builtin::finding));
    timings.phase("build the graph");
    // Rules run in parallel, each with its own condition environment, beside the check of
    // date and money values; their findings are sorted below, so the order they finish in
    // does not matter. A rule switched off is not run at all.
    let totals = condition::budget_totals(&model);
    let (values, found) = rayon::join(
        || {
            let mut found = Vec::new();
            builtin::values::check(&model, &mut found);
            found
        },
        || {
            rules
                .policies
                .par_iter()
                .filter(|policy| rules.severity(policy.rule_id()) != Severity::Off)
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
    sink.extend(values);
    sink.extend(found.into_iter().flatten());
    crate::cascade::fold(&model, &mut sink.findings);
    waivers::apply(&model, options.as_of, &mut sink);
    let mut findings = sink.findings;
    sort(&sources, &unread, &mut findings);
    timings.phase("apply waivers and sort");
    let summary = Summary {
        files: listing.files.len(),
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
        git_prefix: snapshot.git_prefix(),
    };
    outcome.count();
    Ok(outcome)
}

/// The rule set of a snapshot, for `planalign rules` and `explain`: no plan files needed.
pub fn rules_for(snapshot: &dyn Snapshot) -> (RuleSet, Sources, Vec<Finding>) {
    let mut sources = Sources::default();
    let mut findings = Vec::new();
    let config = load_config(snapshot, &mut sources, &mut findings);
    let mut rules = load_rules(
        snapshot,
        &config,
        &mut sources,
        &mut findings,
        &mut Vec::new(),
    );
    rules.override_severities(&config.severity, &mut findings);
    (rules, sources, findings)
}

fn load_config(
    snapshot: &dyn Snapshot,
    sources: &mut Sources,
    findings: &mut Vec<Finding>,
) -> Config {
    let Some(entry) = snapshot.config() else {
        return Config::default();
    };
    let file = FileId::from_index(sources.len());
    if read(
        snapshot,
        &entry,
        file,
        Builtin::InvalidConfig,
        sources,
        findings,
    ) {
        Config::load(sources, file, findings)
    } else {
        Config::default()
    }
}

/// The folder planalign.yaml names under `key` (or `key` itself when it names none); the
/// problem when that folder lies outside the repository.
fn folder<'c>(
    snapshot: &dyn Snapshot,
    written: Option<&'c (String, Span)>,
    key: &'static str,
) -> Result<&'c str, OutsideRepository> {
    match written {
        None => Ok(key),
        Some((dir, _)) if snapshot.is_inside(dir) => Ok(dir),
        Some((dir, at)) => Err(OutsideRepository::Folder {
            at: *at,
            key,
            written: dir.clone(),
        }),
    }
}

fn load_rules(
    snapshot: &dyn Snapshot,
    config: &Config,
    sources: &mut Sources,
    findings: &mut Vec<Finding>,
    skipped: &mut Vec<String>,
) -> RuleSet {
    let mut files = Vec::new();
    let listing = match folder(snapshot, config.rules_dir.as_ref(), "rules") {
        Ok(rules_dir) => snapshot.rule_files(rules_dir),
        Err(outside) => {
            findings.push(builtin::finding(Problem::OutsideRepository(outside)));
            Listing::default()
        }
    };
    skipped.extend(listing.skipped);
    for entry in listing.files {
        let file = FileId::from_index(sources.len());
        if read(
            snapshot,
            &entry,
            file,
            Builtin::InvalidRule,
            sources,
            findings,
        ) {
            files.push(file);
        }
    }
    RuleSet::load(&config.schema, DEFAULT_RULES, &files, sources, findings)
}

/// Reads a configuration or rule file into `sources` as `file`; false, with a finding of
/// `rule` (or of `outside-repository`, for a link leading outside), when it cannot be read.
fn read(
    snapshot: &dyn Snapshot,
    entry: &Entry,
    file: FileId,
    rule: Builtin,
    sources: &mut Sources,
    findings: &mut Vec<Finding>,
) -> bool {
    let (source, problem) = snapshot::load(snapshot, entry, file);
    sources.add(source);
    match problem {
        Some(problem @ Problem::OutsideRepository(_)) => {
            findings.push(builtin::finding(problem));
            false
        }
        Some(problem) => {
            findings.push(as_rule(rule, problem));
            false
        }
        None => true,
    }
}

/// `--severity RULE=LEVEL` overrides, which win over planalign.yaml. A rule id that does not
/// exist stops the run: it is a mistake in the command, not in the plans.
fn apply_cli_severities(
    rules: &mut RuleSet,
    overrides: &[(String, Severity)],
) -> Result<(), Error> {
    for (id, severity) in overrides {
        if !rules.set_severity(id, *severity) {
            let suggestion = suggest::closest(id, rules.ids());
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

/// Sorts findings by file, line, column and rule, with the message to break ties, so that
/// the same plans always give the same output; the files that could not be read as plans
/// (`unread`, by file id) first.
fn sort(sources: &Sources, unread: &[bool], findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| {
        let file = sources.get(f.span.file);
        let pos = file.position(f.span.start());
        (
            !unread.get(f.span.file.0 as usize).copied().unwrap_or(false),
            file.name.clone(),
            pos.line,
            pos.column,
            f.rule.as_str(),
            f.message.clone(),
        )
    });
}
