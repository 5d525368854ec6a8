//! A hostile plans repository, built in a scratch folder for each case: links leading out of
//! it, link loops, FIFOs, huge sparse files, configured folders outside it, and write targets
//! that are not regular files. Each case must end with exit 0, 1 or 2, with a finding or a
//! clear error, without showing anything from outside the repository. Every run has a time
//! limit far above what a case takes, so that a hang fails the test instead of stalling it.

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use common::{copy_plans, planalign};

/// What a file outside the repository holds; it must never be printed.
const SECRET: &str = "SECRET-TOKEN-5d41402abc4b2a76";

/// A plans repository (the worked example's plans) in `scratch/repo`, and a folder beside it,
/// `scratch/outside`, holding a plan, a rule and a plain file with the secret in each.
fn hostile() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    let repo = scratch.path().join("repo");
    copy_plans(&repo);
    let outside = scratch.path().join("outside");
    std::fs::create_dir_all(outside.join("rules")).unwrap();
    std::fs::write(outside.join("secret.txt"), format!("TOKEN={SECRET}\n")).unwrap();
    std::fs::write(
        outside.join("plan.md"),
        format!("---\nid: {SECRET}\ntype: service\ntitle: {SECRET}\n---\n# {SECRET}\n"),
    )
    .unwrap();
    std::fs::write(
        outside.join("rules/secret.yaml"),
        format!("id: secret-rule\ntitle: {SECRET}\nseverity: error\nmessage: '{SECRET}'\n"),
    )
    .unwrap();
    (scratch, repo, outside)
}

/// Runs the command with a time limit; it must end by itself with 0, 1 or 2, without
/// panicking, and print nothing of the secret.
fn run(cmd: &mut Command) -> common::Run {
    let output = cmd.timeout(Duration::from_secs(20)).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("planalign did not finish (killed after 20 s): {stderr}"));
    assert!(
        (0..=2).contains(&code),
        "exit {code}, not 0, 1 or 2: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "planalign panicked: {stderr}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains(SECRET), "the secret was printed:\n{text}");
    }
    common::Run {
        code,
        stdout,
        stderr,
    }
}

/// `check --format json` of `path`, and the report.
fn check(path: &Path) -> (common::Run, Value) {
    check_paths(&[path.to_path_buf()])
}

/// The findings of `rule`, as (file, line, message).
fn found(report: &Value, rule: &str) -> Vec<(String, u64, String)> {
    common::findings(report, rule)
        .into_iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The files of the `outside-repository` findings of a check of `path`, which exits 1.
fn outside_in(path: &Path) -> Vec<String> {
    let (run, report) = check(path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    files(&report, "outside-repository")
}

/// The files the findings of `rule` are in.
fn files(report: &Value, rule: &str) -> Vec<String> {
    found(report, rule).into_iter().map(|f| f.0).collect()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_link_to_a_file_outside_is_a_finding_and_is_not_read() {
    let (_scratch, repo, outside) = hostile();
    symlink(outside.join("secret.txt"), repo.join("plans/notes.md")).unwrap();
    symlink(outside.join("plan.md"), repo.join("plans/elsewhere.md")).unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let outside_found = found(&report, "outside-repository");
    let files: Vec<&str> = outside_found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        files,
        ["plans/elsewhere.md", "plans/notes.md"],
        "{outside_found:?}"
    );
    assert!(
        outside_found[1]
            .2
            .starts_with("plans/notes.md is a link to `")
            && outside_found[1].2.ends_with(
                "`, which is outside the plans repository, so planalign does not read it"
            ),
        "{}",
        outside_found[1].2
    );
    // The human report, which shows the file's text, shows none of it either.
    let human = run_human(&repo);
    assert!(human.contains("outside-repository"), "{human}");
}

#[test]
fn a_link_named_on_the_command_line_is_judged_by_where_it_leads() {
    let (_scratch, repo, outside) = hostile();
    symlink(outside.join("plan.md"), repo.join("plans/elsewhere.md")).unwrap();
    symlink(&outside, repo.join("plans/folder")).unwrap();
    // As a shell expands `planalign check plans/*`.
    let (run, report) = check_paths(&[
        repo.join("plans/corporate-plan.md"),
        repo.join("plans/elsewhere.md"),
        repo.join("plans/folder"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        files(&report, "outside-repository"),
        ["plans/elsewhere.md", "plans/folder"]
    );
}

/// `check --format json` of several paths, and the report.
fn check_paths(paths: &[PathBuf]) -> (common::Run, Value) {
    let run = run(planalign()
        .args(["check", "--format", "json", "--as-of", "2011-01-04"])
        .args(paths));
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run, report)
}

fn run_human(path: &Path) -> String {
    run(planalign()
        .args(["check", "--as-of", "2011-01-04", "--color", "never"])
        .arg(path))
    .stdout
}

#[test]
fn the_process_environment_is_not_read_through_a_link() {
    let (_scratch, repo, _) = hostile();
    symlink("/proc/self/environ", repo.join("plans/env.md")).unwrap();
    let (run, report) = check_env(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(found(&report, "outside-repository").len(), 1, "{report:#}");
}

fn check_env(path: &Path) -> (common::Run, Value) {
    let run = run(planalign()
        .env("PLANALIGN_TEST_SECRET", SECRET)
        .args(["check", "--format", "json", "--as-of", "2011-01-04"])
        .arg(path));
    let report = serde_json::from_str(&run.stdout).unwrap();
    (run, report)
}

#[test]
fn a_folder_that_is_not_a_repository_is_the_repository() {
    let (scratch, repo, outside) = hostile();
    // repo/plans is checked as a plain folder of plans: nothing above it is a repository.
    let folder = scratch.path().join("folder");
    std::fs::rename(repo.join("plans"), &folder).unwrap();
    symlink(outside.join("plan.md"), folder.join("elsewhere.md")).unwrap();
    assert_eq!(outside_in(&folder), ["elsewhere.md"]);
}

#[test]
fn folders_in_planalign_yaml_outside_the_repository_are_findings_and_not_read() {
    let (_scratch, repo, outside) = hostile();
    for (config, key) in [
        ("plans: ../outside\n".to_owned(), "plans"),
        (
            format!("rules: {}\n", outside.join("rules").display()),
            "rules",
        ),
        // Once, this read every file below the scratch folder's grandparent, then panicked.
        ("plans: ../../..\n".to_owned(), "plans"),
        ("plans: plans/../../outside\n".to_owned(), "plans"),
    ] {
        std::fs::write(repo.join("planalign.yaml"), &config).unwrap();
        let (run, report) = check(&repo);
        assert_eq!(run.code, 1, "{config}: {}", run.stderr);
        let outside_found = found(&report, "outside-repository");
        assert_eq!(outside_found.len(), 1, "{config}: {outside_found:?}");
        let (file, line, message) = &outside_found[0];
        assert_eq!((file.as_str(), *line), ("planalign.yaml", 1));
        let written = config.trim_end();
        assert_eq!(
            message,
            &format!(
                "`{written}` names a folder outside the plans repository, so planalign does \
                 not read it"
            ),
            "{key}"
        );
    }
}

#[test]
fn folders_and_files_inside_the_repository_are_read() {
    let (_scratch, repo, _) = hostile();
    std::fs::write(repo.join("planalign.yaml"), "plans: ./plans/../plans\n").unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(found(&report, "outside-repository").is_empty());
    assert_eq!(report["summary"]["files"], 6, "{report:#}");
}

#[test]
fn the_plans_folder_rules_folder_and_planalign_yaml_as_links_outside_are_findings() {
    let (_scratch, repo, outside) = hostile();
    symlink(outside.join("rules"), repo.join("rules")).unwrap();
    symlink(outside.join("secret.txt"), repo.join("planalign.yaml")).unwrap();
    assert_eq!(outside_in(&repo), ["planalign.yaml", "rules"]);

    std::fs::remove_dir_all(repo.join("plans")).unwrap();
    std::fs::remove_file(repo.join("planalign.yaml")).unwrap();
    symlink(&outside, repo.join("plans")).unwrap();
    assert_eq!(outside_in(&repo), ["plans", "rules"]);
}

#[test]
fn a_rule_file_linked_from_outside_is_a_finding() {
    let (_scratch, repo, outside) = hostile();
    std::fs::create_dir(repo.join("rules")).unwrap();
    symlink(
        outside.join("rules/secret.yaml"),
        repo.join("rules/secret.yaml"),
    )
    .unwrap();
    assert_eq!(outside_in(&repo), ["rules/secret.yaml"]);
}

#[test]
fn a_link_to_a_file_inside_is_read_under_the_links_name() {
    let (_scratch, repo, _) = hostile();
    std::fs::create_dir(repo.join("drafts")).unwrap();
    std::fs::write(repo.join("drafts/broken.md"), "---\nid: DRAFT\n").unwrap();
    symlink("../drafts/broken.md", repo.join("plans/draft.md")).unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let files = files(&report, "parse-error");
    assert_eq!(files, ["plans/draft.md"]);
    assert!(found(&report, "outside-repository").is_empty());
}

#[test]
fn link_loops_and_links_to_folders_end_with_a_warning() {
    let (_scratch, repo, _) = hostile();
    symlink("b.md", repo.join("plans/a.md")).unwrap();
    symlink("a.md", repo.join("plans/b.md")).unwrap();
    std::fs::create_dir(repo.join("plans/sub")).unwrap();
    symlink("..", repo.join("plans/sub/up")).unwrap();
    symlink("sub", repo.join("plans/again")).unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report["summary"]["files"], 6, "{report:#}");
    for warning in [
        "planalign: warning: skipped plans/a.md: a link that leads nowhere",
        "planalign: warning: skipped plans/b.md: a link that leads nowhere",
        "planalign: warning: skipped plans/again: a link to a folder, which planalign does not \
         follow",
        "planalign: warning: skipped plans/sub/up: a link to a folder, which planalign does \
         not follow",
    ] {
        assert!(run.stderr.contains(warning), "{warning}\n{}", run.stderr);
    }
}

#[test]
fn fifos_are_passed_over_with_a_warning_and_never_opened() {
    let (_scratch, repo, _) = hostile();
    mkfifo(&repo.join("plans/pipe.md"));
    std::fs::create_dir(repo.join("rules")).unwrap();
    mkfifo(&repo.join("rules/pipe.yaml"));
    symlink("pipe.md", repo.join("plans/to-pipe.md")).unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for warning in [
        "skipped plans/pipe.md: not a regular file (a FIFO, socket or device), so it is not read",
        "skipped rules/pipe.yaml: not a regular file (a FIFO, socket or device), so it is not \
         read",
        "skipped plans/to-pipe.md: a link to something that is not a regular file, so it is \
         not read",
    ] {
        assert!(run.stderr.contains(warning), "{warning}\n{}", run.stderr);
    }
    assert_eq!(report["summary"]["files"], 6);
}

#[test]
fn a_huge_file_is_a_finding_found_from_its_size_without_reading_it() {
    let (_scratch, repo, _) = hostile();
    let big = std::fs::File::create(repo.join("plans/big.md")).unwrap();
    big.set_len(5 << 30).unwrap();
    let (run, report) = check(&repo);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        found(&report, "parse-error"),
        [(
            "plans/big.md".to_owned(),
            1,
            "The file is 5 GiB, larger than the 64 MiB a file may be, so planalign does not \
             read it"
                .to_owned()
        )]
    );
}

/// Runs `check` on the worked example with `args`.
fn check_with(repo: &Path, args: &[&str]) -> common::Run {
    run(planalign()
        .args(["check", "--as-of", "2011-01-04"])
        .args(args)
        .arg(repo))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_baseline_replaces_only_a_regular_file_and_keeps_its_permissions() {
    let (_scratch, repo, outside) = hostile();
    let baseline = repo.join("baseline.json");
    std::fs::write(&baseline, "old").unwrap();
    std::fs::set_permissions(&baseline, std::fs::Permissions::from_mode(0o640)).unwrap();
    let done = check_with(&repo, &["--write-baseline", baseline.to_str().unwrap()]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(std::fs::read_to_string(&baseline).unwrap().starts_with('{'));
    assert_eq!(mode(&baseline), 0o640);

    let link = repo.join("link.json");
    symlink(outside.join("secret.txt"), &link).unwrap();
    let fifo = repo.join("pipe.json");
    mkfifo(&fifo);
    for target in [&link, &fifo, &outside] {
        let refused = check_with(&repo, &["--write-baseline", target.to_str().unwrap()]);
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert!(
            refused.stderr.contains(&format!(
                "planalign: error: cannot write the baseline: will not replace {}: it is",
                target.display()
            )),
            "{}",
            refused.stderr
        );
    }
    assert!(link.is_symlink());
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
        format!("TOKEN={SECRET}\n")
    );
    let fifo_type = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&fifo_type));
}

#[test]
fn the_report_is_written_beside_and_renamed_never_through_a_link() {
    let (_scratch, repo, outside) = hostile();
    let report = |to: &Path| {
        run(planalign()
            .args(["report", "--as-of", "2011-01-04", "-o"])
            .arg(to)
            .arg(&repo))
    };
    let link = repo.join("report.html");
    symlink(outside.join("secret.txt"), &link).unwrap();
    let refused = report(&link);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("it is a link"),
        "{}",
        refused.stderr
    );
    assert!(
        std::fs::read_to_string(outside.join("secret.txt"))
            .unwrap()
            .starts_with("TOKEN=")
    );

    let kept = repo.join("kept.html");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o604)).unwrap();
    let done = report(&kept);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    assert_eq!(mode(&kept), 0o604);
}

#[test]
fn a_baseline_that_is_not_a_small_regular_file_of_this_version_is_refused() {
    let (scratch, repo, _) = hostile();
    let fifo = scratch.path().join("pipe.json");
    mkfifo(&fifo);
    let sparse = scratch.path().join("huge.json");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let version = scratch.path().join("v9.json");
    std::fs::write(&version, r#"{"version": 9, "findings": []}"#).unwrap();
    let key = scratch.path().join("key.json");
    std::fs::write(&key, r#"{"version": 1, "findings": [], "extra": true}"#).unwrap();
    let entry = scratch.path().join("entry.json");
    std::fs::write(
        &entry,
        r#"{"version": 1, "findings": [{"rule": "cycle", "plan": null, "item": null, "at": "", "colour": 1}]}"#,
    )
    .unwrap();
    let at = |p: &Path| p.display().to_string();
    for (path, error) in [
        (
            "/dev/zero".to_owned(),
            "cannot read the baseline /dev/zero: it is not a regular file".to_owned(),
        ),
        (
            at(&fifo),
            format!(
                "cannot read the baseline {}: it is not a regular file",
                at(&fifo)
            ),
        ),
        (
            at(&sparse),
            format!(
                "cannot read the baseline {}: it is 68157440 bytes, larger than the 64 MiB a \
                 baseline may be",
                at(&sparse)
            ),
        ),
        (
            at(&version),
            format!(
                "the baseline {} is of version 9, which this planalign cannot read (it reads \
                 version 1)",
                at(&version)
            ),
        ),
        (
            at(&key),
            format!(
                "the baseline {} is not a planalign baseline: unknown field `extra`",
                at(&key)
            ),
        ),
        (
            at(&entry),
            format!(
                "the baseline {} is not a planalign baseline: unknown field `colour`",
                at(&entry)
            ),
        ),
    ] {
        let refused = check_with(&repo, &["--baseline", &path]);
        assert_eq!(refused.code, 2, "{path}: {}", refused.stderr);
        assert!(
            refused
                .stderr
                .starts_with(&format!("planalign: error: {error}")),
            "{path}: {}",
            refused.stderr
        );
    }
}

/// Every path below `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            e.path().strip_prefix(dir).unwrap().display().to_string()
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn init_over_a_link_names_it_and_writes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("new");
    std::fs::create_dir(&dir).unwrap();
    // Checked after the plans: a late target in the way must leave nothing behind.
    symlink("nowhere", dir.join(".gitlab-ci.yml")).unwrap();
    let refused = run(planalign().arg("init").arg(&dir));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_eq!(
        refused.stderr,
        format!(
            "planalign: error: cannot create {}: a link is already there; move it away and run \
             planalign init again (nothing was written)\n",
            dir.join(".gitlab-ci.yml").display()
        )
    );
    assert_eq!(tree(&dir), [".gitlab-ci.yml"]);

    std::fs::remove_file(dir.join(".gitlab-ci.yml")).unwrap();
    symlink(scratch.path(), dir.join("plans")).unwrap();
    let refused = run(planalign().arg("init").arg(&dir));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!(
            "cannot create {}: a link is already there",
            dir.join("plans").display()
        )),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(&dir), ["plans"]);

    std::fs::remove_file(dir.join("plans")).unwrap();
    let done = run(planalign().arg("init").arg(&dir));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(dir.join("plans/corporate-plan.md").is_file());
}
