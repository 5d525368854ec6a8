//! The command as a user runs it: exit codes, JSON output, positions of findings, and
//! inputs that must not make planalign panic.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{copy_plans, edit, findings, planalign, root};

/// The date every check here runs on.
const AS_OF: &str = "2026-01-01";

fn check_json(path: &Path) -> (i32, Value) {
    common::check_json(path, AS_OF)
}

/// The 1-based line and character column where `needle` first occurs in a file.
fn position_of(path: &Path, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {path:?}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

#[test]
fn the_worked_example_has_no_errors() {
    planalign()
        .current_dir(root())
        .args(["check", "plans", "--as-of", "2011-01-04"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "planalign: 5 warnings in 6 plans",
        ));
}

#[test]
fn phase_timings_go_to_stderr_only_when_asked_for() {
    let run = |timings: bool| {
        let mut cmd = planalign();
        if timings {
            cmd.env("PLANALIGN_TIMINGS", "1");
        }
        cmd.args(["check", "--format", "json", "--as-of", "2011-01-04"])
            .arg(root().join("plans"))
            .output()
            .unwrap()
    };
    let (plain, timed) = (run(false), run(true));
    assert_eq!(
        plain.stdout, timed.stdout,
        "timings must not change the report"
    );
    let stderr = String::from_utf8_lossy(&timed.stderr);
    for phase in [
        "read and parse the files",
        "build the graph",
        "run the rules and check values",
    ] {
        assert!(
            stderr.contains(&format!("planalign: timing: {phase}: ")),
            "{stderr}"
        );
    }
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("timing"));
}

#[test]
fn the_worked_example_in_json() {
    let output = planalign()
        .args(["check", "--format", "json", "--as-of", "2011-01-04"])
        .arg(root().join("plans"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["as_of"], "2011-01-04");
    let summary = &report["summary"];
    assert_eq!(summary["files"], 6);
    assert_eq!(summary["plans"], 6);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["warnings"], 5);
    let warning = findings(&report, "unsupported-priority")[0];
    assert_eq!(warning["item"], "CP-P3");
    assert_eq!(warning["plan"], "CP");
    assert_eq!(warning["file"], "plans/corporate-plan.md");
    let (line, column) = position_of(&root().join("plans/corporate-plan.md"), "CP-P3");
    assert_eq!(
        (warning["line"].as_u64(), warning["column"].as_u64()),
        (Some(line), Some(column))
    );
    assert_eq!(warning["end_column"].as_u64(), Some(column + 5));
    // "Summer 2010", from the audit's action plan, is not a date planalign can check.
    let date = findings(&report, "invalid-date")[0];
    assert_eq!(date["item"], "AAP-3.1");
}

#[test]
fn the_same_check_is_byte_identical_on_two_runs() {
    let run = || {
        planalign()
            .current_dir(root())
            .args(["check", "plans", "--as-of", "2026-01-01"])
            .output()
            .unwrap()
    };
    let (first, second) = (run(), run());
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.status.code(), second.status.code());
}

#[test]
fn a_broken_link_fails_with_its_position_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    let file = dir.path().join("plans/workforce-strategy.md");
    edit(
        &file,
        "supports=CP-O4.1,CP-O4.4",
        "supports=CP-O4.1,CP-04.4",
    );

    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);
    let dangling = findings(&report, "dangling-reference");
    assert_eq!(dangling.len(), 1, "{report:#}");
    let finding = dangling[0];
    assert_eq!(finding["file"], "plans/workforce-strategy.md");
    let (line, column) = position_of(&file, "CP-04.4");
    assert_eq!(finding["line"].as_u64(), Some(line));
    assert_eq!(finding["column"].as_u64(), Some(column));
    assert_eq!(finding["item"], "WFS-O2");
    let help = finding["help"].as_str().unwrap();
    assert!(help.contains("Did you mean CP-O4.4"), "{help}");
}

#[test]
fn values_are_located_exactly_in_every_form() {
    let dir = root().join("tests/fixtures/locations");
    let (code, report) = check_json(&dir);
    assert_eq!(code, 1);
    let dangling = findings(&report, "dangling-reference");
    // A heading attribute, a YAML block, a table cell and a YAML plan file.
    for (id, file) in [
        ("CP-X1", "plans/workforce.md"),
        ("CP-X2", "plans/workforce.md"),
        ("CP-X3", "plans/workforce.md"),
        ("CP-X4", "plans/risks.yaml"),
    ] {
        let finding = dangling
            .iter()
            .find(|f| f["message"].as_str().unwrap().contains(id))
            .unwrap_or_else(|| panic!("no finding for {id}: {report:#}"));
        let (line, column) = position_of(&dir.join(file), id);
        assert_eq!(finding["file"], file);
        assert_eq!(
            (finding["line"].as_u64(), finding["column"].as_u64()),
            (Some(line), Some(column)),
            "{id}"
        );
        assert_eq!(finding["end_column"].as_u64(), Some(column + 5), "{id}");
    }
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_keep_positions_right() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/locations");
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    for name in ["corporate.md", "workforce.md", "risks.yaml"] {
        let text = std::fs::read_to_string(fixture.join("plans").join(name)).unwrap();
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        std::fs::write(dir.path().join("plans").join(name), crlf).unwrap();
    }
    let (_, original) = check_json(&fixture);
    let (_, converted) = check_json(dir.path());
    assert_eq!(original["findings"], converted["findings"]);
    assert_eq!(original["summary"], converted["summary"]);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = root().join("tests/fixtures/untraced/fires");
    let run = |format: &str| {
        planalign()
            .args(["check", "--as-of", "2026-01-01", "--format", format])
            .arg(&dir)
            .output()
            .unwrap()
            .stdout
    };
    for format in ["human", "json"] {
        let first = run(format);
        assert!(!first.is_empty());
        assert_eq!(first, run(format), "{format} output differs between runs");
    }
}

#[test]
fn exit_code_two_when_planalign_cannot_run() {
    planalign()
        .args(["check", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such file or folder"));
    let empty = tempfile::tempdir().unwrap();
    planalign()
        .arg("check")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no plan files"));
    planalign()
        .args(["check", "--as-of", "Summer 2010"])
        .assert()
        .code(2);
    planalign()
        .args(["check", "--format", "pdf"])
        .assert()
        .code(2);
}

/// A plans repository with the root plan and one extra file, checked as JSON.
fn check_with(name: &str, contents: &[u8]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/locations/plans/corporate.md"),
        dir.path().join("plans/corporate.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("plans").join(name), contents).unwrap();
    check_json(dir.path())
}

#[test]
fn malformed_yaml_is_a_finding_and_other_files_are_still_checked() {
    let (code, report) = check_with("bad.yaml", b"id: RR\ntype: risk\nitems: [\n  - id: x\n");
    assert_eq!(code, 1);
    let errors = findings(&report, "parse-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["file"], "plans/bad.yaml");
    assert!(errors[0]["line"].as_u64().unwrap() >= 3);
    // The corporate plan was still read: its priorities are reported as unsupported.
    assert!(!findings(&report, "unsupported-priority").is_empty());
}

#[test]
fn an_untraced_chain_follows_the_first_link_as_written() {
    // `supports` is written before `delivers`: the chain shown follows it, not the link
    // whose field name comes first in the alphabet.
    let (_, report) = check_with(
        "service.md",
        b"---\nid: SP\ntype: service\n---\n# Service Plan\n\n\
## Fewer complaints {#SP-O1 .objective}\n\n## Quicker answers {#SP-O2 .objective}\n\n\
### Call back within a day {#SP-A1 .action supports=SP-O1 delivers=SP-O2}\n",
    );
    let untraced = findings(&report, "untraced");
    let action = untraced.iter().find(|f| f["item"] == "SP-A1").unwrap();
    let stop = action["related"][0]["message"].as_str().unwrap();
    assert!(stop.contains("SP-O1 \"Fewer complaints\""), "{stop}");
}

#[test]
fn an_item_written_inside_one_its_relation_cannot_reach_is_a_kind_mismatch() {
    // A target measures what it is written inside; a risk is not something it can measure.
    let (_, report) = check_with(
        "service.md",
        b"---\nid: SP\ntype: service\n---\n# Service Plan\n\n\
## Flooding {#SP-R1 .risk}\n\n### Homes protected {#SP-T1 .target}\n",
    );
    let mismatched = findings(&report, "relation-kind-mismatch");
    assert_eq!(mismatched.len(), 1, "{mismatched:#?}");
    let message = mismatched[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Target SP-T1 \"Homes protected\" is written inside risk SP-R1 \"Flooding\", \
             so it measures it, but"
        ),
        "{message}"
    );
    assert_eq!(mismatched[0]["item"], "SP-T1");
}

#[test]
fn unterminated_front_matter_is_a_finding() {
    let (code, report) = check_with("open.md", b"---\nid: SP\ntype: service\n# Service plan\n");
    assert_eq!(code, 1);
    let errors = findings(&report, "parse-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("never closed")
    );
}

#[test]
fn non_utf8_bytes_are_a_finding_at_the_bad_byte() {
    let (code, report) = check_with(
        "latin1.md",
        b"---\nid: SP\ntype: service\ntitle: Caf\xe9\n---\n",
    );
    assert_eq!(code, 1);
    let errors = findings(&report, "parse-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(4), Some(11))
    );
}

#[test]
fn an_empty_file_is_a_plan_without_a_header() {
    for name in ["empty.md", "empty.yaml"] {
        let (code, report) = check_with(name, b"");
        assert_eq!(code, 1, "{name}");
        assert_eq!(findings(&report, "missing-plan-header").len(), 1, "{name}");
    }
}

#[test]
fn a_folder_named_like_a_plan_file_is_searched_not_read() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    std::fs::create_dir_all(dir.path().join("plans/archive.md")).unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["files"], 6);
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused_quickly() {
    let bomb = b"id: RR\ntype: risk\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
    let (code, report) = check_with("bomb.yaml", bomb);
    assert_eq!(code, 1);
    assert_eq!(findings(&report, "parse-error").len(), 1);
    let deep = format!(
        "id: RR\ntype: risk\nx: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let (code, report) = check_with("deep.yaml", deep.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(findings(&report, "parse-error").len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    std::os::unix::fs::symlink(dir.path().join("plans"), dir.path().join("plans/loop")).unwrap();
    let output = planalign().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("skipped"), "{stderr}");
}

#[test]
fn excluded_files_and_readmes_are_not_read() {
    let files = |report: &Value| -> Vec<String> {
        let findings = report["findings"].as_array().unwrap().iter();
        findings
            .map(|f| f["file"].as_str().unwrap().to_owned())
            .collect()
    };
    let fixture = root().join("tests/fixtures/excluded");
    let (code, report) = check_json(&fixture);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["files"], 2, "{report:#}");
    assert!(
        files(&report)
            .iter()
            .all(|f| f == "plans/corporate.md" || f == "plans/workforce.md"),
        "{report:#}"
    );
    // Without `exclude:`, the archived draft and the notes are read, and are wrong: no plan
    // header, a duplicate id, a link to nothing, an untraced objective. The README is still
    // not read.
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture, dir.path());
    std::fs::remove_file(dir.path().join("planalign.yaml")).unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["summary"]["files"], 4, "{report:#}");
    let files = files(&report);
    for read in [
        "plans/archive/workforce-2008.md",
        "plans/notes/away-day-notes.md",
    ] {
        assert!(
            files.iter().any(|f| f == read),
            "{read} not read: {files:?}"
        );
    }
    assert!(!files.iter().any(|f| f == "plans/README.md"), "{files:?}");
}

#[test]
fn an_exclude_that_leaves_nothing_or_is_not_a_glob_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("tests/fixtures/excluded"), dir.path());
    let config = dir.path().join("planalign.yaml");
    std::fs::write(&config, "exclude: [\"plans/**\"]\n").unwrap();
    let run = common::run(planalign().arg("check").arg(dir.path()));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("left out by `exclude:`"),
        "{}",
        run.stderr
    );
    std::fs::write(&config, "exclude: [\"plans/[archive\"]\n").unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let invalid = findings(&report, "invalid-config");
    assert_eq!(invalid.len(), 1, "{report:#}");
    assert_eq!(invalid[0]["line"], 1);
    assert!(
        invalid[0]["message"]
            .as_str()
            .unwrap()
            .contains("`plans/[archive` in `exclude:` is not a glob"),
        "{report:#}"
    );
}

#[test]
fn a_councils_own_rule_works_from_a_yaml_file_alone() {
    let (code, report) = check_json(&root().join("tests/fixtures/council-rule"));
    assert_eq!(code, 1);
    let found = findings(&report, "cabinet-minute");
    let items: Vec<&str> = found.iter().map(|f| f["item"].as_str().unwrap()).collect();
    // £67.4m names its minute; £250k is under the limit; £1.2m is over it and names none.
    assert_eq!(items, ["BUD-2"]);
    assert_eq!(
        found[0]["message"],
        "Budget line BUD-2 \"Children's Centres\" is £1,200,000, over £1m, but names no Cabinet minute"
    );
}

#[test]
fn planalign_yaml_sets_folders_root_kinds_relations_and_severities() {
    let dir = root().join("tests/fixtures/configured/council");
    let (code, report) = check_json(&dir);
    assert_eq!(code, 0, "{report:#}");
    // Two corporate plans, but planalign.yaml names the root: no no-root-plan finding, and
    // the draft's priority is not the one the partnership must support.
    assert!(findings(&report, "no-root-plan").is_empty());
    // The milestone kind, its `delivers` link and the partnership plan type are known.
    assert!(findings(&report, "unknown-kind").is_empty(), "{report:#}");
    assert!(findings(&report, "relation-kind-mismatch").is_empty());
    assert!(findings(&report, "untraced").is_empty());
    // The repository's own rule in `checks/` ran; severities set to off are gone.
    assert_eq!(findings(&report, "milestone-date").len(), 1);
    assert!(findings(&report, "stale-review").is_empty());
    assert_eq!(report["summary"]["files"], 3);
}

#[test]
fn severity_on_the_command_line_wins_over_planalign_yaml() {
    let dir = root().join("tests/fixtures/configured/council");
    let output = planalign()
        .args([
            "check",
            "--format",
            "json",
            "--severity",
            "milestone-date=error",
        ])
        .args(["--severity", "stale-review=note"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings(&report, "milestone-date")[0]["severity"], "error");
    assert_eq!(findings(&report, "stale-review")[0]["severity"], "note");

    planalign()
        .args(["check", "--severity", "untraced=loud"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a severity"));
    planalign()
        .args(["check", "--severity", "untrace=off"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `untraced`?"));
}

#[test]
fn rules_lists_every_rule_with_its_origin() {
    let output = planalign()
        .args(["rules", "--path"])
        .arg(root().join("tests/fixtures/configured/council"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let columns = |id: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id));
        let line = line.unwrap_or_else(|| panic!("{id} not listed:\n{text}"));
        line.split_whitespace().take(3).map(str::to_owned).collect()
    };
    assert_eq!(columns("untraced"), ["untraced", "error", "default"]);
    assert_eq!(
        columns("dangling-reference"),
        ["dangling-reference", "error", "built"]
    );
    assert_eq!(
        columns("owner-missing"),
        ["owner-missing", "off", "default"]
    );
    assert_eq!(
        columns("milestone-date"),
        ["milestone-date", "warning", "checks/milestones.yaml"]
    );
    assert!(text.contains("Milestones have a date"));
}

#[test]
fn explain_shows_a_rule_in_full() {
    planalign()
        .args(["explain", "budget-total-mismatch"])
        .current_dir(root().join("tests/fixtures/untraced/passes"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "budget-total-mismatch: Declared totals add up",
        ))
        .stdout(predicates::str::contains("severity: error · from: default"))
        .stdout(predicates::str::contains("savings are\nnegative amounts"));
    planalign()
        .args(["explain", "untrace"])
        .current_dir(root())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `untraced`?"));
}

#[test]
fn a_rule_file_that_is_not_utf8_is_a_finding_at_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/latin1.yaml"),
        b"id: r\ntitle: Caf\xe9\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);
    let found = findings(&report, "invalid-rule");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["file"], "rules/latin1.yaml");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(2), Some(11))
    );
}
