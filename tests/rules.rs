//! Every rule has a fixture where it fires and one where it does not, in
//! `tests/fixtures/<rule-id>/{fires,passes}`; the human report of each firing case is kept as
//! an insta snapshot. Each fixture is checked with only its own rule switched on (and, for the
//! waiver rules, the rule the waivers waive), so that a snapshot shows what that rule finds.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use planalign::engine::{CheckOptions, Outcome, check};
use planalign::finding::Severity;
use planalign::report::human::{self, Style};
use planalign::rules::Origin;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn run(dir: &Path) -> Outcome {
    check(&CheckOptions {
        paths: vec![dir.to_path_buf()],
        as_of: as_of(),
        severity: Vec::new(),
    })
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Checks a fixture with every rule off but `rule` and the rules it needs.
fn run_only(dir: &Path, rule: &str) -> Outcome {
    let waiver_rule = ["waiver-without-reason", "expired-waiver", "unused-waiver"].contains(&rule);
    let on = |id: &str| id == rule || (waiver_rule && id == "untraced");
    let all = run(dir).rules.rules;
    let severity = all
        .iter()
        .filter(|r| !on(&r.id))
        .map(|r| (r.id.clone(), Severity::Off))
        .collect();
    check(&CheckOptions {
        paths: vec![dir.to_path_buf()],
        as_of: as_of(),
        severity,
    })
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn fixture(rule: &str) {
    let fires = run_only(&fixtures().join(rule).join("fires"), rule);
    let style = Style {
        color: false,
        width: 100,
    };
    let report = human::text(&(&fires).into(), style);
    assert!(
        fires.findings.iter().any(|f| f.rule == rule),
        "{rule} does not fire on its fixture:\n{report}"
    );
    insta::assert_snapshot!(rule, report);

    let passes = run_only(&fixtures().join(rule).join("passes"), rule);
    let wrong: Vec<_> = passes.findings.iter().filter(|f| f.rule == rule).collect();
    assert!(
        wrong.is_empty(),
        "{rule} fires on its passing fixture: {wrong:#?}"
    );
}

macro_rules! rule_fixtures {
    ($($test:ident => $rule:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                fixture($rule);
            }
        )*

        const TESTED: &[&str] = &[$($rule),*];
    };
}

rule_fixtures! {
    parse_error => "parse-error",
    missing_plan_header => "missing-plan-header",
    duplicate_id => "duplicate-id",
    invalid_id => "invalid-id",
    unknown_kind => "unknown-kind",
    dangling_reference => "dangling-reference",
    relation_kind_mismatch => "relation-kind-mismatch",
    cycle => "cycle",
    duplicate_field => "duplicate-field",
    no_root_plan => "no-root-plan",
    invalid_rule => "invalid-rule",
    invalid_config => "invalid-config",
    invalid_date => "invalid-date",
    invalid_money => "invalid-money",
    waiver_without_reason => "waiver-without-reason",
    expired_waiver => "expired-waiver",
    unused_waiver => "unused-waiver",
    untraced => "untraced",
    unsupported_priority => "unsupported-priority",
    unfunded_objective => "unfunded-objective",
    target_incomplete => "target-incomplete",
    owner_missing => "owner-missing",
    due_outside_period => "due-outside-period",
    period_outside_root => "period-outside-root",
    budget_total_mismatch => "budget-total-mismatch",
    risk_score_mismatch => "risk-score-mismatch",
    overdue => "overdue",
    stale_review => "stale-review",
}

#[test]
fn every_rule_is_tested_explained_and_unique() {
    let outcome = run(&fixtures().join("untraced/passes"));
    let shipped: Vec<_> = outcome
        .rules
        .rules
        .iter()
        .filter(|r| !matches!(r.origin, Origin::File(_)))
        .collect();
    let mut ids: Vec<&str> = shipped.iter().map(|r| r.id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), shipped.len(), "rule ids are not unique");
    for rule in &shipped {
        assert!(
            TESTED.contains(&rule.id.as_str()),
            "{} has no fixture test",
            rule.id
        );
        assert!(
            rule.explain.len() > 80,
            "{} has no real explanation",
            rule.id
        );
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            rule.id
        );
    }
    for tested in TESTED {
        assert!(ids.contains(tested), "{tested} is tested but not a rule");
    }
}

#[test]
fn every_default_rule_file_is_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = planalign::rules::DEFAULT_RULES
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

#[test]
fn a_repository_rule_replaces_a_default_rule_of_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("untraced/fires"), dir.path());
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/untraced.yaml"),
        "id: untraced\ntitle: Traces\nseverity: warning\nmessage: '{id} is loose'\n\
         select:\n  kind: target\nrequire:\n  reaches: { kind: priority, plan: root }\n",
    )
    .unwrap();
    let outcome = run(dir.path());
    let untraced: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "untraced")
        .collect();
    assert_eq!(untraced.len(), 1, "{untraced:#?}");
    assert_eq!(untraced[0].message, "SP-T1 is loose");
    assert_eq!(untraced[0].severity, Severity::Warning);
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
