//! `--format sarif`: SARIF 2.1.0 for code scanning, through the serde-sarif types. Every rule
//! is described with its explanation; each finding is a result with its location relative to
//! the git repository's root (a plans repository in a folder of a git repository has that
//! folder before its file names), its related places, and partial fingerprints made from rule, plan,
//! item and the text it points at, so code scanning follows a finding when lines move.
//! Artifact URIs are percent-encoded relative references (`escape::uri`): to the git
//! repository's root, as code scanning expects, or to the file system root for a file outside it.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::escape;
use super::shared::{Report, from_git_root, location};
use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;
use crate::source::{Sources, Span};

pub fn render(report: &Report) -> String {
    let rules = &report.rules.rules;
    let descriptors: Vec<ReportingDescriptor> = rules.iter().map(descriptor).collect();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| result(report, rules, f))
        .collect();
    let driver = ToolComponent::builder()
        .name("planalign")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(descriptors)
        .build();
    let outside = results.iter().any(|r| {
        let places = r.locations.iter().chain(&r.related_locations).flatten();
        places
            .filter_map(|l| l.physical_location.as_ref()?.artifact_location.as_ref())
            .any(|a| a.uri_base_id.as_deref() == Some(FILE_SYSTEM))
    });
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        // Columns count characters, as everywhere in planalign.
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    if outside {
        let root = ArtifactLocation::builder().uri("file:///").build();
        run.original_uri_base_ids = Some(BTreeMap::from([(FILE_SYSTEM.to_owned(), root)]));
    }
    let sarif = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&sarif).expect("SARIF serializes to JSON");
    text.push('\n');
    text
}

/// A rule's default level: SARIF says "none" for a rule that is off.
fn level(severity: Severity) -> &'static str {
    if severity == Severity::Off {
        "none"
    } else {
        severity.noun()
    }
}

fn descriptor(rule: &RuleInfo) -> ReportingDescriptor {
    let text = |t: &str| MultiformatMessageString::builder().text(t).build();
    ReportingDescriptor::builder()
        .id(rule.id.as_str())
        .name(rule.id.as_str())
        .short_description(text(&rule.title))
        .full_description(text(rule.explain.trim()))
        .help(
            MultiformatMessageString::builder()
                .text(rule.explain.trim())
                .markdown(format!("**{}**\n\n{}", rule.title, rule.explain.trim()))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level(rule.severity)))
                .enabled(rule.severity != Severity::Off)
                .build(),
        )
        .build()
}

fn result(report: &Report, rules: &[RuleInfo], finding: &Finding) -> SarifResult {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\n\n");
        message.push_str(help);
    }
    let related: Vec<Location> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Location::builder()
                .id(i64::try_from(i).unwrap_or(i64::MAX))
                .physical_location(physical(report, r.span))
                .message(Message::builder().text(&r.message).build())
                .build()
        })
        .collect();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        "planalign/v1".to_owned(),
        fingerprint(report.sources, finding),
    );
    let mut builder = SarifResult::builder()
        .rule_id(finding.rule.as_str())
        .level(
            finding
                .severity
                .pick(ResultLevel::Error, ResultLevel::Warning, ResultLevel::Note),
        )
        .message(Message::builder().text(message).build())
        .locations(vec![
            Location::builder()
                .physical_location(physical(report, finding.span))
                .build(),
        ])
        .partial_fingerprints(fingerprints)
        .build();
    builder.rule_index = rules
        .iter()
        .position(|r| r.id.as_str() == finding.rule.as_str())
        .and_then(|i| i64::try_from(i).ok());
    if !related.is_empty() {
        builder.related_locations = Some(related);
    }
    builder
}

/// The `uriBaseId` of files outside the repository root, whose URIs are relative to `file:///`.
const FILE_SYSTEM: &str = "FILESYSTEM";

fn physical(report: &Report, span: Span) -> PhysicalLocation {
    let at = location(report.sources, span);
    let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let (uri, outside) = escape::uri(&from_git_root(report.git_prefix, at.file));
    let mut artifact = ArtifactLocation::builder().uri(uri).build();
    if outside {
        artifact.uri_base_id = Some(FILE_SYSTEM.to_owned());
    }
    PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(
            Region::builder()
                .start_line(as_i64(at.line))
                .start_column(as_i64(at.column))
                .end_line(as_i64(at.end_line))
                .end_column(as_i64(at.end_column))
                .build(),
        )
        .build()
}

/// What identifies a finding whatever line it is on: its rule, plan and item, and the text
/// it points at (the unknown id of a dangling reference, the unreadable date).
pub fn fingerprint(sources: &Sources, finding: &Finding) -> String {
    [
        finding.rule.as_str(),
        finding.plan.as_deref().unwrap_or(""),
        finding.item.as_deref().unwrap_or(""),
        sources.text(finding.span),
    ]
    .join("|")
}
