//! planalign as a CI gate: SARIF checked against the official SARIF 2.1.0 schema, JUnit read
//! as XML, GitHub annotations, the Markdown summary, baselines, --deny-warnings, and the
//! repository `planalign init` creates.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{Run, copy_dir, copy_plans, edit, git_prefix, planalign, root};

/// `check --as-of 2011-01-04` with more arguments, on one path.
fn check(path: &Path, args: &[&str]) -> Run {
    common::run(
        planalign()
            .arg("check")
            .args(["--as-of", "2011-01-04"])
            .args(args)
            .arg(path),
    )
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&check(path, &["--format", "json"]).stdout).unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let mut schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // The official schema's pattern for `language` has a stray `]` and is not a valid regular
    // expression, so no validator can compile it. planalign never writes `language`; that
    // pattern is corrected here, wherever it stands, and the committed file is left as
    // published.
    assert_eq!(correct_language_patterns(&mut schema), 2);
    let validator = jsonschema::validator_for(&schema).unwrap();
    // Each folder checked, and the plans repository it is in.
    for (dir, repository) in [
        (root().join("plans"), root()),
        (
            root().join("tests/fixtures/duplicate-id/fires"),
            root().join("tests/fixtures/duplicate-id/fires"),
        ),
    ] {
        let run = check(&dir, &["--format", "sarif"]);
        let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());

        let run0 = &sarif["runs"][0];
        let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(
            rules
                .iter()
                .all(|r| r["help"]["text"].as_str().is_some_and(|h| h.len() > 50))
        );
        let results = run0["results"].as_array().unwrap();
        let expected = json(&dir)["findings"].as_array().unwrap().len();
        let plans = format!("{}plans/", git_prefix(&repository));
        assert_eq!(results.len(), expected);
        for result in results {
            let location = &result["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str().unwrap();
            assert!(
                uri.starts_with(&plans),
                "{uri} is not relative to the git repository's root"
            );
            assert!(result["partialFingerprints"]["planalign/v1"].is_string());
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
    }
    // The duplicate id's other place is a related location.
    let run = check(
        &root().join("tests/fixtures/duplicate-id/fires"),
        &["--format", "sarif"],
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let duplicate = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .unwrap();
    let related = &duplicate["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        format!(
            "{}plans/assets.md",
            git_prefix(&root().join("tests/fixtures/duplicate-id/fires"))
        )
    );
    assert_eq!(related["region"]["startLine"], 7);
}

/// Replaces the schema's invalid `language` pattern; returns how many it replaced.
fn correct_language_patterns(value: &mut Value) -> usize {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::String(s) if s == BROKEN => {
            *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".to_owned();
            1
        }
        Value::Array(items) => items.iter_mut().map(correct_language_patterns).sum(),
        Value::Object(map) => map.values_mut().map(correct_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn junit_has_one_test_case_per_rule_failing_on_errors_and_listing_warnings() {
    let dir = root().join("tests/fixtures/untraced/fires");
    let run = check(&dir, &["--format", "junit"]);
    let xml = roxmltree::Document::parse(&run.stdout).unwrap();
    let cases: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let report = json(&dir);
    let rules = planalign()
        .args(["rules", "--path"])
        .arg(&dir)
        .output()
        .unwrap();
    let rule_count = String::from_utf8(rules.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .count();
    assert_eq!(cases.len(), rule_count);
    let mut names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "one test case per rule");
    for finding in report["findings"].as_array().unwrap() {
        let case = cases
            .iter()
            .find(|c| c.attribute("name") == finding["rule"].as_str())
            .unwrap();
        let place = format!(
            "{}:{}:{}",
            finding["file"].as_str().unwrap(),
            finding["line"],
            finding["column"]
        );
        let failure = case.children().find(|n| n.has_tag_name("failure"));
        // Errors fail their rule's test case; warnings and notes are listed in its output
        // and pass.
        let listed = if finding["severity"] == "error" {
            failure.expect("a failure")
        } else {
            assert!(failure.is_none(), "{} fails on a warning", finding["rule"]);
            case.children()
                .find(|n| n.has_tag_name("system-out"))
                .expect("the warnings in the output")
        };
        assert!(
            listed.text().unwrap().contains(&place),
            "{place} not in the test case of {}",
            finding["rule"]
        );
    }
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "warning"),
        "the fixture has a warning to pass"
    );
    let untraced = cases
        .iter()
        .find(|c| c.attribute("name") == Some("untraced"))
        .unwrap();
    let failure = untraced
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    // Three untraced items; the risk whose only link goes into the superseded plan is told of
    // once, by its superseded-reference finding.
    assert_eq!(failure.text().unwrap().lines().count(), 3);
    let passing = cases
        .iter()
        .find(|c| c.attribute("name") == Some("cycle"))
        .unwrap();
    assert_eq!(passing.children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn github_annotations_point_at_each_finding() {
    let dir = root().join("tests/fixtures/locations");
    let run = check(&dir, &["--format", "github"]);
    assert_eq!(run.code, 1);
    let report = json(&dir);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(lines.len(), findings.len());
    for (line, finding) in lines.iter().zip(findings) {
        let command = match finding["severity"].as_str().unwrap() {
            "error" => "::error ",
            "warning" => "::warning ",
            _ => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        let place = format!(
            "file={}{},line={},col={},",
            git_prefix(&dir),
            finding["file"].as_str().unwrap(),
            finding["line"],
            finding["column"]
        );
        assert!(line.contains(&place), "{place} not in {line}");
        assert!(!line.contains('\n'));
    }
}

#[test]
fn sarif_and_annotations_name_files_from_the_git_repositorys_root() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("council/plans-repo");
    copy_dir(
        &root().join("tests/fixtures/dangling-reference/fires"),
        &repo,
    );
    let report = json(&repo);
    let file = report["findings"][0]["file"].as_str().unwrap().to_owned();
    assert!(file.starts_with("plans/"), "{file}");
    let uri = |repo: &Path| {
        let sarif: Value =
            serde_json::from_str(&check(repo, &["--format", "sarif"]).stdout).unwrap();
        let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let annotation = |repo: &Path| check(repo, &["--format", "github"]).stdout;
    // Outside git, names are relative to the plans repository.
    assert_eq!(uri(&repo), file);
    assert!(annotation(&repo).contains(&format!("file={file},")));
    // A git repository (a `.git` folder, or the `.git` file of a worktree) two folders up.
    for git in ["folder", "file"] {
        let dot_git = dir.path().join(".git");
        if git == "folder" {
            std::fs::create_dir(&dot_git).unwrap();
        } else {
            std::fs::remove_dir(&dot_git).unwrap();
            std::fs::write(&dot_git, "gitdir: /elsewhere/.git/worktrees/plans\n").unwrap();
        }
        assert_eq!(uri(&repo), format!("council/plans-repo/{file}"), "{git}");
        let annotations = annotation(&repo);
        assert!(
            annotations.contains(&format!("file=council/plans-repo/{file},")),
            "{git}: {annotations}"
        );
        // JSON keeps names relative to the plans repository.
        assert_eq!(
            json(&repo)["findings"][0]["file"].as_str().unwrap(),
            file,
            "{git}"
        );
    }
}

#[test]
fn markdown_summary_has_counts_findings_and_priorities() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    edit(
        &dir.path().join("plans/workforce-strategy.md"),
        "supports=CP-O4.1,CP-O4.4",
        "supports=CP-O4.1,CP-O4|9",
    );
    let run = check(dir.path(), &["--format", "markdown"]);
    assert_eq!(run.code, 1);
    let md = run.stdout;
    assert!(
        md.starts_with("## planalign: 1 error, 5 warnings\n"),
        "{md}"
    );
    assert!(
        md.contains("| ✖ error | `dangling-reference` | `plans/workforce-strategy.md:44:80` |"),
        "{md}"
    );
    // A `|` from the plan text does not break the table.
    assert!(md.contains("CP-O4\\|9"), "{md}");
    assert!(
        md.contains("| CP-P3 Your Economy | 1 | 0 | 0 | none |"),
        "{md}"
    );
}

#[test]
fn machine_formats_keep_stdout_for_the_format_and_the_summary_goes_to_stderr() {
    let dir = root().join("plans");
    for format in ["json", "sarif", "junit", "github", "markdown"] {
        let run = check(&dir, &["--format", format]);
        assert!(!run.stdout.contains("in 6 plans (47 items"), "{format}");
        assert!(
            run.stderr.contains("planalign: 5 warnings in 6 plans"),
            "{format}: {}",
            run.stderr
        );
    }
    let human = check(&dir, &[]);
    assert!(human.stdout.contains("planalign: 5 warnings in 6 plans"));
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = root().join("plans");
    assert_eq!(check(&dir, &[]).code, 0);
    assert_eq!(check(&dir, &["--deny-warnings"]).code, 1);
    let clean = root().join("tests/fixtures/configured/council");
    let quiet = [
        "--deny-warnings",
        "--severity",
        "milestone-date=off",
        "--severity",
        "unfunded-objective=off",
    ];
    assert_eq!(check(&clean, &quiet).code, 0);
}

#[test]
fn a_baseline_fails_only_on_new_findings_whatever_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    let workforce = dir.path().join("plans/workforce-strategy.md");
    let budget = dir.path().join("plans/revenue-budget.md");
    let baseline = dir.path().join("planalign-baseline.json");
    edit(
        &workforce,
        "supports=CP-O4.1,CP-O4.4",
        "supports=CP-O4.1,CP-O4.9",
    );

    let written = check(
        dir.path(),
        &["--write-baseline", baseline.to_str().unwrap()],
    );
    assert_eq!(
        written.code, 1,
        "the broken link is still an error when the baseline is written"
    );
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(text.contains("\"at\": \"CP-O4.9\""), "{text}");
    assert!(!text.contains("\"line\""), "a baseline never records lines");
    assert_eq!(
        check(dir.path(), &["--baseline", baseline.to_str().unwrap()]).code,
        0
    );

    // Lines inserted above the known finding do not make it new.
    edit(
        &workforce,
        "# Workforce Development Strategy 2010-13\n",
        "# Workforce Development Strategy 2010-13\n\nA new introduction.\n\nIn two paragraphs.\n",
    );
    let moved = check(
        dir.path(),
        &["--baseline", baseline.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(moved.code, 0, "{}", moved.stdout);

    // A second broken link fails, and only it is reported.
    edit(&budget, "| CP-O1.1          |", "| CP-O1.7          |");
    let run = check(
        dir.path(),
        &["--baseline", baseline.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    // The new broken link, which stands for the budget line it leaves untraced too (one
    // mistake, one finding); nothing from the old one.
    let errors: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    let rules: Vec<&str> = errors.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["dangling-reference"], "{report:#}");
    assert!(
        errors
            .iter()
            .all(|f| f["file"] == "plans/revenue-budget.md"),
        "{report:#}"
    );
    assert!(run.stderr.contains("known finding"), "{}", run.stderr);

    // Fixing the first link leaves a baseline entry that no longer occurs, which is listed.
    edit(&workforce, "CP-O4.9", "CP-O4.4");
    let tidy = check(dir.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert!(tidy.stdout.contains("no longer occur"), "{}", tidy.stdout);
    assert!(
        tidy.stdout.contains("dangling-reference WFS-O2 CP-O4.9"),
        "{}",
        tidy.stdout
    );
}

#[test]
fn a_baseline_that_cannot_be_read_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    std::fs::write(&path, "not json").unwrap();
    let run = check(
        &root().join("plans"),
        &["--baseline", path.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a planalign baseline"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_creates_a_repository_that_passes_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("council-plans");
    let init = planalign().arg("init").arg(&repo).output().unwrap();
    assert!(init.status.success());
    for file in [
        "planalign.yaml",
        "rules/cabinet-minute.yaml",
        ".github/workflows/planalign.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(repo.join(file).is_file(), "{file} was not created");
    }
    let plans = std::fs::read_dir(repo.join("plans")).unwrap().count();
    assert_eq!(plans, 7, "one example plan per plan type");

    let checked = planalign()
        .args(["check", "--format", "json"])
        .arg(&repo)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(checked.status.code(), Some(0), "{report:#}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["plans"], 7);

    let mine = "id: MINE\n";
    std::fs::write(repo.join("plans/risk-register.yaml"), mine).unwrap();
    std::fs::remove_file(repo.join("planalign.yaml")).unwrap();
    std::fs::remove_file(repo.join("plans/service-plan.md")).unwrap();
    let again = planalign().arg("init").arg(&repo).output().unwrap();
    assert!(again.status.success());
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .contains("is already a plans repository (it has 6 plan files in plans/), so planalign init wrote nothing")
    );
    assert!(!repo.join("plans/service-plan.md").exists());
    assert!(!repo.join("planalign.yaml").exists());
    assert_eq!(
        std::fs::read_to_string(repo.join("plans/risk-register.yaml")).unwrap(),
        mine
    );
}
