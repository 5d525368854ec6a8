//! `planalign diff --git`: two revisions of a repository made here with the git command,
//! read from the object database. The same changes as two folders, the work tree and index
//! left as they were, and a clear error (exit 2) for what cannot be read.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::{copy_dir, planalign, root, run};

const AS_OF: &str = "2011-04-01";

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Policy Officer")
        .env("GIT_AUTHOR_EMAIL", "policy@example.org")
        .env("GIT_COMMITTER_NAME", "Policy Officer")
        .env("GIT_COMMITTER_EMAIL", "policy@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A plans repository in git: last year's worked example tagged `refresh-2010`, then this
/// year's committed on top.
fn repository(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    copy_dir(&root().join("plans"), &dir.join("plans"));
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "Plans for 2010/11"]);
    git(dir, &["tag", "refresh-2010"]);
    std::fs::remove_dir_all(dir.join("plans")).unwrap();
    copy_dir(
        &root().join("examples/refresh/2011/plans"),
        &dir.join("plans"),
    );
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "Plans for 2011/12"]);
}

fn diff_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let run = run(planalign()
        .current_dir(dir)
        .args(["diff", "--format", "json", "--as-of", AS_OF])
        .args(args));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    (run.code, report)
}

#[test]
fn two_revisions_give_the_same_changes_as_two_folders() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (code, from_git) = diff_json(dir.path(), &["--git", "refresh-2010", "HEAD"]);
    let (folder_code, from_folders) = diff_json(&root(), &["plans", "examples/refresh/2011"]);
    assert_eq!(code, folder_code);
    assert!(!from_git["changes"].as_array().unwrap().is_empty());
    assert_eq!(from_git["changes"], from_folders["changes"]);
    assert_eq!(from_git["summary"], from_folders["summary"]);
    assert_eq!(from_git["old"]["source"], "refresh-2010");
    // A folder inside the revision, and the work tree as the new side.
    let (_, named) = diff_json(dir.path(), &["--git", "refresh-2010:", "HEAD:"]);
    assert_eq!(named["changes"], from_folders["changes"]);
    let (_, work_tree) = diff_json(dir.path(), &["--git", "refresh-2010"]);
    assert_eq!(work_tree["changes"], from_folders["changes"]);
    assert_eq!(work_tree["new"]["source"], "work tree");
}

#[test]
fn the_work_tree_and_index_are_left_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    // An edit not yet committed is what the work tree side reads.
    let plan = dir.path().join("plans/workforce-strategy.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replace("target: 90%", "target: 85%")).unwrap();
    let status = git(dir.path(), &["status", "--porcelain"]);
    let index = std::fs::read(dir.path().join(".git/index")).unwrap();
    let files: Vec<_> = walkdir::WalkDir::new(dir.path())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().path().to_owned())
        .collect();
    let (_, report) = diff_json(dir.path(), &["--git", "HEAD"]);
    let weakened: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "target-weakened")
        .collect();
    assert_eq!(weakened.len(), 1, "{report:#}");
    assert_eq!(weakened[0]["new_value"], 85.0);
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), status);
    assert_eq!(std::fs::read(dir.path().join(".git/index")).unwrap(), index);
    let after: Vec<_> = walkdir::WalkDir::new(dir.path())
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().path().to_owned())
        .collect();
    assert_eq!(after, files, "no file came or went");
}

#[test]
fn what_cannot_be_read_is_exit_2_saying_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let fails = |cwd: &Path, args: &[&str], says: &str| {
        let run = run(planalign().current_dir(cwd).arg("diff").args(args));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    };
    fails(
        dir.path(),
        &["--git", "refresh-2009", "HEAD"],
        "git fetch --tags",
    );
    fails(
        dir.path(),
        &["--git", "HEAD:council", "HEAD"],
        "has no plans in `council`",
    );
    let outside = tempfile::tempdir().unwrap();
    fails(
        outside.path(),
        &["--git", "HEAD"],
        "not inside a git repository",
    );
    // A shallow clone has only the last commit.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    fails(
        &clone.path().join("shallow"),
        &["--git", "HEAD~1", "HEAD"],
        "git fetch --unshallow",
    );
}
