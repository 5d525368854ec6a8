//! Every rule has a fixture where it fires and one where it does not, in
//! `tests/fixtures/<rule-id>/{fires,passes}`; the human report of each firing case is kept as
//! an insta snapshot. Each fixture is checked with only its own rule switched on (and, for the
//! waiver rules, the rule the waivers waive), so that a snapshot shows what that rule finds.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use planalign::engine::{CheckOptions, Outcome, check};
use planalign::finding::Severity;
use planalign::report::human::{self, Style};
use planalign::report::json;
use planalign::rules::{Origin, RuleInfo};
use planalign::snapshot::disk::Disk;
use serde_json::Value;

use common::{copy_dir, fixtures, root};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn run(dir: &Path) -> Outcome {
    run_with(dir, Vec::new())
}

/// Checks the plans in `dir` with these severity overrides.
fn run_with(dir: &Path, severity: Vec<(String, Severity)>) -> Outcome {
    let snapshot =
        Disk::open(&[dir.to_path_buf()]).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let options = CheckOptions {
        as_of: as_of(),
        severity,
    };
    check(&snapshot, &options).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Checks a fixture with every rule off but `rule` and the rules it needs.
fn run_only(dir: &Path, rule: &str) -> Outcome {
    let waiver_rule = ["waiver-without-reason", "expired-waiver", "unused-waiver"].contains(&rule);
    let on = |id: &str| id == rule || (waiver_rule && id == "untraced");
    let all = run(dir).rules.rules;
    let severity = all
        .iter()
        .filter(|r| !on(r.id.as_str()))
        .map(|r| (r.id.as_str().to_owned(), Severity::Off))
        .collect();
    run_with(dir, severity)
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
    insta::assert_snapshot!(format!("{rule}.json"), placed(&fires));

    let passes = run_only(&fixtures().join(rule).join("passes"), rule);
    let wrong: Vec<_> = passes.findings.iter().filter(|f| f.rule == rule).collect();
    assert!(
        wrong.is_empty(),
        "{rule} fires on its passing fixture: {wrong:#?}"
    );
}

/// Each finding's rule, severity, item, plan and places, from the JSON report: what waivers,
/// baselines and SARIF fingerprints match on, which the human report does not all show.
fn placed(outcome: &Outcome) -> String {
    let report: Value = serde_json::from_str(&json::render(&outcome.into())).unwrap();
    let keep = |finding: &Value, keys: &[&str]| -> Value {
        keys.iter()
            .map(|&key| (key.to_owned(), finding[key].clone()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let findings: Vec<Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut kept = keep(
                f,
                &[
                    "rule",
                    "severity",
                    "item",
                    "plan",
                    "file",
                    "line",
                    "column",
                    "end_line",
                    "end_column",
                ],
            );
            let related = f["related"].as_array().unwrap();
            kept["related"] = related
                .iter()
                .map(|r| keep(r, &["file", "line", "column", "message"]))
                .collect();
            kept
        })
        .collect();
    serde_json::to_string_pretty(&findings).unwrap()
}

/// Every shipped rule against its two fixtures, so that a new rule needs only its fixtures
/// (and a row in the README) to be tested.
#[test]
fn every_rule_fires_on_its_fixture_and_not_on_its_passing_one() {
    for rule in shipped_rules() {
        fixture(rule.id.as_str());
    }
}

/// The built-in and default rules: every rule but a repository's own.
fn shipped_rules() -> Vec<RuleInfo> {
    let outcome = run(&fixtures().join("untraced/passes"));
    let shipped: Vec<RuleInfo> = outcome
        .rules
        .rules
        .into_iter()
        .filter(|r| !matches!(r.origin, Origin::File(_)))
        .collect();
    assert!(shipped.len() >= 20, "only {} rules found", shipped.len());
    shipped
}

/// The rows of README.md's table under "## What each finding means": id and severity.
fn readme_rows() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_, section) = readme
        .split_once("\n## What each finding means\n")
        .expect("README.md has no section \"## What each finding means\"");
    let section = section.split("\n## ").next().unwrap();
    let rows: Vec<(String, String)> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|row| {
            let (id, rest) = row
                .split_once("` |")
                .unwrap_or_else(|| panic!("a README.md row that is not \"| `id` |\": {row}"));
            let severity = rest.split('|').next().unwrap().trim();
            (id.to_owned(), severity.to_owned())
        })
        .collect();
    assert!(
        !rows.is_empty(),
        "no rows under \"## What each finding means\""
    );
    rows
}

#[test]
fn every_rule_is_tested_explained_and_unique() {
    let shipped = shipped_rules();
    let mut ids: Vec<&str> = shipped.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), shipped.len(), "rule ids are not unique");
    for rule in &shipped {
        let id = rule.id.as_str();
        for case in ["fires", "passes"] {
            assert!(
                fixtures().join(id).join(case).is_dir(),
                "{id} has no folder tests/fixtures/{id}/{case}"
            );
        }
        // A rule file without `explain` falls back to its title.
        assert!(
            rule.explain.len() > 80 && rule.explain != rule.title,
            "{id} has no real explanation"
        );
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is not kebab-case"
        );
    }
    // A fixture with a firing case is a rule's.
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.join("fires").is_dir() {
            assert!(
                ids.contains(&name.as_str()),
                "{name} is tested but not a rule"
            );
        }
    }
}

#[test]
fn the_readme_has_a_row_for_every_rule_and_only_for_rules() {
    let shipped = shipped_rules();
    let rows = readme_rows();
    for rule in &shipped {
        let id = rule.id.as_str();
        let row = rows.iter().find(|(row, _)| row == id).unwrap_or_else(|| {
            panic!("{id} has no row in README.md's \"What each finding means\"")
        });
        assert_eq!(
            row.1,
            rule.severity.as_str(),
            "README.md gives {id} another severity than the rule has"
        );
    }
    for (i, (id, _)) in rows.iter().enumerate() {
        assert!(
            shipped.iter().any(|r| r.id.as_str() == id.as_str()),
            "README.md has a row for {id}, which is not a rule"
        );
        assert!(
            !rows[..i].iter().any(|(earlier, _)| earlier == id),
            "README.md has two rows for {id}"
        );
    }
}

#[test]
fn every_default_rule_file_is_embedded() {
    let dir = root().join("rules");
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

#[test]
fn reached_by_with_a_minimum_counts_distinct_items_and_other_plans_only() {
    let outcome = run(&fixtures().join("reached-by-min"));
    let invalid: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "invalid-rule")
        .collect();
    assert!(invalid.is_empty(), "{invalid:#?}");
    let reported = |rule: &str| -> Vec<&str> {
        outcome
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.item.as_deref().unwrap())
            .collect()
    };
    // CP-O1 has two lines of its own, CP-O2 one of its own and one through a service action.
    // BUD-5 reaches CP-O3 both directly and through SP-A2, and is one line; CP-O4 has only
    // BUD-6; nothing funds CP-O5 or CP-O6.
    assert_eq!(
        reported("two-budget-lines"),
        ["CP-O3", "CP-O4", "CP-O5", "CP-O6"]
    );
    // CP-P1 has two service actions (one plan is enough: items are counted, not plans) and
    // CP-P3 one item from each of two plans. CP-P2 has one workforce objective besides the
    // Corporate Plan's own objective and action, which do not count; CP-P4 has nothing.
    // CP-P5 is reached through CP-O5 by one action of the Corporate Plan and six of four
    // other plans, more than the search keeps for CP-O5: it must keep enough from plans
    // other than CP. CP-P6 is reached through CP-O6 by one workforce action and two of the
    // Corporate Plan's.
    assert_eq!(
        reported("two-from-other-plans"),
        ["CP-P2", "CP-P4", "CP-P6"]
    );
    let message = &outcome
        .findings
        .iter()
        .find(|f| f.rule == "two-budget-lines")
        .unwrap()
        .message;
    assert_eq!(
        message,
        "Objective CP-O3 \"Young carers supported\" has fewer than two budget lines behind it"
    );
}

/// Loads the built-in rules and `defaults` as the default rule files, with no repository rules.
fn load_defaults(defaults: &[(&str, &str)]) -> (Vec<planalign::finding::Finding>, Vec<String>) {
    let mut sources = planalign::source::Sources::default();
    let mut findings = Vec::new();
    let set = planalign::rules::RuleSet::load(
        &planalign::vocabulary::Schema::default(),
        defaults,
        &[],
        &mut sources,
        &mut findings,
    );
    let ids = set.ids().map(str::to_owned).collect();
    (findings, ids)
}

#[test]
fn the_embedded_default_rules_load_without_a_problem() {
    let (findings, ids) = load_defaults(planalign::rules::DEFAULT_RULES);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(
        ids.len(),
        planalign::rule_id::Builtin::ALL.len() + planalign::rules::DEFAULT_RULES.len()
    );
}

#[test]
fn two_default_rule_files_with_one_id_are_an_error() {
    let rule = |title: &str| {
        format!(
            "id: owner-missing\ntitle: {title}\nseverity: warning\nmessage: '{{id}} has no owner'\n\
             require:\n  fields: [owner]\n"
        )
    };
    let (first, second) = (rule("First"), rule("Second"));
    let (findings, ids) = load_defaults(&[("a.yaml", &first), ("b.yaml", &second)]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, "invalid-rule");
    assert_eq!(
        findings[0].message,
        "There are two rules with the id `owner-missing`, so this one is left out"
    );
    assert_eq!(findings[0].related.len(), 1);
    assert_eq!(
        ids.iter().filter(|id| *id == "owner-missing").count(),
        1,
        "{ids:?}"
    );
}

/// A superseded plan is history. With every rule on, nothing in it is reported (it is late,
/// unreviewed, outside the Corporate Plan's period, has an unreadable date, a link to nothing,
/// untraced items and a waiver that waives nothing), its budget line adds no money to the
/// current Corporate Plan, and a current plan's links into it are reported and do not trace.
/// Marked current, the same files have findings of their own.
#[test]
fn a_superseded_plan_is_not_checked_and_nothing_traces_through_it() {
    let fixture = fixtures().join("superseded-reference/fires");
    let history = ["plans/council-plan-2019.md", "plans/budget-2022.yaml"];
    let outcome = run(&fixture);
    let style = Style {
        color: false,
        width: 100,
    };
    insta::assert_snapshot!(
        "superseded-plans-with-every-rule",
        human::text(&(&outcome).into(), style)
    );
    let report: Value = serde_json::from_str(&json::render(&(&outcome).into())).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let in_history = |f: &&Value| history.contains(&f["file"].as_str().unwrap());
    assert!(!findings.iter().any(|f| in_history(&f)), "{report:#}");
    let about = |rule: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["item"].as_str().unwrap())
            .collect()
    };
    assert_eq!(about("superseded-reference"), ["ECON-O1", "ECON-O2"]);
    // ECON-O2 also supports a current objective, so it traces. ECON-O1 does not, and its
    // superseded-reference finding says so once, with no untraced finding of its own.
    assert_eq!(about("untraced"), Vec::<&str>::new());
    // Only the superseded budget funds CP23-O2.1.
    assert!(
        about("unfunded-objective").contains(&"CP23-O2.1"),
        "{report:#}"
    );

    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture, dir.path());
    for (file, from, to) in [
        ("council-plan-2019.md", "type: corporate", "type: service"),
        (
            "council-plan-2019.md",
            "status: superseded",
            "status: approved",
        ),
        ("budget-2022.yaml", "status: superseded", "status: approved"),
    ] {
        common::edit(&dir.path().join("plans").join(file), from, to);
    }
    let current = run(dir.path());
    let report: Value = serde_json::from_str(&json::render(&(&current).into())).unwrap();
    let findings = report["findings"].as_array().unwrap();
    for file in history {
        assert!(
            findings.iter().any(|f| f["file"] == file),
            "{file} has no finding when current: {report:#}"
        );
    }
    assert!(!findings.iter().any(|f| f["rule"] == "superseded-reference"));
}
