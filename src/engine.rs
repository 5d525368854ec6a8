//! One check from start to finish: read and parse the plan files, build the graph, load and
//! run the rules, apply severities, and sort the findings.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::Schema;
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::parse;
use crate::rules::RuleSet;
use crate::source::{SourceFile, Sources, Span};
use crate::workspace::{self, Workspace};

pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub as_of: NaiveDate,
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
}

pub fn check(options: &CheckOptions) -> Result<Outcome, workspace::Error> {
    let ws = workspace::discover(&options.paths)?;
    let schema = Schema::default();
    let mut sources = Sources::default();
    let mut findings = Vec::new();
    let mut plan_files = Vec::new();
    for path in &ws.files {
        let (source, problem) = read(&ws, path);
        let file = sources.add(source);
        if let Some(problem) = problem {
            findings.push(problem(file));
            continue;
        }
        let parsed = parse::parse_file(file, sources.get(file), &schema);
        let plan_id = parsed
            .plan
            .as_ref()
            .filter(|p| p.plan.declared)
            .map(|p| p.plan.id.clone());
        for mut finding in parsed.findings {
            if finding.plan.is_none() {
                finding.plan.clone_from(&plan_id);
            }
            findings.push(finding);
        }
        plan_files.extend(parsed.plan);
    }
    let files = sources.len();
    let model = Model::build(schema, plan_files, &mut findings);
    let rules = RuleSet::load(
        &model.schema,
        ws.rules_dir.as_deref(),
        &ws.root,
        &mut sources,
        &mut findings,
    );
    for policy in &rules.policies {
        policy.run(&model, &mut findings);
    }
    for finding in &mut findings {
        finding.severity = rules.severity(&finding.rule);
    }
    findings.retain(|f| f.severity != Severity::Off);
    sort(&sources, &mut findings);
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let summary = Summary {
        files,
        plans: model.plans.len(),
        items: model.nodes.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        notes: count(Severity::Note),
    };
    Ok(Outcome {
        as_of: options.as_of,
        sources,
        rules,
        model,
        findings,
        summary,
        skipped: ws.skipped,
    })
}

type Problem = Box<dyn FnOnce(crate::source::FileId) -> Finding>;

/// Reads one file. A file that cannot be read, or is not UTF-8, is loaded for display and
/// comes with the finding that says so.
fn read(ws: &Workspace, path: &PathBuf) -> (SourceFile, Option<Problem>) {
    let name = workspace::display_name(path, &ws.root);
    match std::fs::read(path) {
        Ok(bytes) => {
            match String::from_utf8(bytes) {
                Ok(text) => (SourceFile::new(name, path.clone(), &text), None),
                Err(error) => {
                    let at = error.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                    let source = SourceFile::new(name, path.clone(), &text);
                    let bom = usize::from(text.starts_with('\u{feff}')) * 3;
                    let problem: Problem = Box::new(move |file| {
                        Finding::new(
                        "parse-error",
                        Span::at(file, at.saturating_sub(bom)),
                        "The file is not UTF-8 text, so planalign cannot read it",
                    )
                    .label("this byte is not UTF-8")
                    .help("Save the file as UTF-8 (in most editors: Save As, then Encoding: UTF-8).")
                    });
                    (source, Some(problem))
                }
            }
        }
        Err(error) => {
            let problem: Problem = Box::new(move |file| {
                Finding::new(
                    "parse-error",
                    Span::at(file, 0),
                    format!("The file cannot be read: {error}"),
                )
                .help("Check that the file exists and that you may read it.")
            });
            (SourceFile::new(name, path.clone(), ""), Some(problem))
        }
    }
}

/// Sorts findings by file, line, column and rule, with the message to break ties, so that
/// the same plans always give the same output.
fn sort(sources: &Sources, findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| {
        let file = sources.get(f.span.file);
        let pos = file.position(f.span.start);
        (
            file.name.clone(),
            pos.line,
            pos.column,
            f.rule.clone(),
            f.message.clone(),
        )
    });
}
