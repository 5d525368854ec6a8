//! Helpers every integration test shares: where the repository and its fixtures are, running
//! the command, and copying or editing plans in a scratch folder.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The repository's own folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures`, one folder per rule and per feature.
pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// The command, without the environment variables that change what it prints.
pub fn planalign() -> Command {
    let mut cmd = Command::cargo_bin("planalign").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("PLANALIGN_TIMINGS");
    cmd
}

/// What one run of the command gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command to the end; its output must be UTF-8.
pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `check --format json --as-of AS_OF PATH` and returns the exit code and the parsed
/// report. planalign must not panic, whatever it is given.
pub fn check_json(path: &Path, as_of: &str) -> (i32, Value) {
    let output = planalign()
        .args(["check", "--format", "json", "--as-of", as_of])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "planalign panicked: {stderr}");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().unwrap(), report)
}

/// The findings of one rule in a JSON report.
pub fn findings<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// Copies the worked example's plans into `to/plans`.
pub fn copy_plans(to: &Path) {
    std::fs::create_dir_all(to.join("plans")).unwrap();
    for entry in std::fs::read_dir(root().join("plans")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join("plans").join(entry.file_name())).unwrap();
    }
}

/// Copies a folder and everything below it.
pub fn copy_dir(from: &Path, to: &Path) {
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

/// Where a folder lies in the git repository holding it (the nearest folder above with a
/// `.git`), ending in `/`, or empty at its root or outside git: SARIF and annotations name
/// files from the git repository's root. The fixtures are inside planalign's own checkout.
pub fn git_prefix(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap();
    match dir.ancestors().find(|d| d.join(".git").exists()) {
        Some(git) if git != dir => format!("{}/", dir.strip_prefix(git).unwrap().display()),
        _ => String::new(),
    }
}

/// Replaces the first `from` in a file with `to`; `from` must be there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `tests/fixtures/hostile-output/council`: plans whose text tries to be markup, formulas,
/// escape sequences or other files in each output format.
pub fn hostile() -> PathBuf {
    fixtures().join("hostile-output/council")
}

/// Runs planalign on the hostile fixture as of 2026-01-01 with these arguments before the
/// path, and returns its stdout; it must not panic.
pub fn hostile_output(args: &[&str]) -> String {
    let run = run(planalign()
        .args(args)
        .arg(hostile())
        .args(["--as-of", "2026-01-01"]));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout
}

/// The text a percent-encoded URI reference stands for.
pub fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
