//! Inputs written to break planalign (issue 13): each must end with a report or a clear
//! error (exit 0, 1 or 2), never a panic, a stack overflow or a run that does not end.
//! Big inputs are generated here into a scratch folder.

mod common;

use std::path::Path;
use std::time::Duration;

use common::planalign;

/// Long enough for a debug build on a busy machine to read 100,000 items; a run that has
/// not ended by then hangs.
const TIMEOUT: Duration = Duration::from_secs(300);

/// What a hostile run gave back, once it is known to have ended normally.
struct Ended {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs planalign with `args` in `dir`; fails if it hangs, panics, overflows its stack or
/// exits other than 0, 1 or 2.
fn run(dir: &Path, args: &[&str]) -> Ended {
    let output = planalign()
        .current_dir(dir)
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "planalign ended with {:?} (killed after {TIMEOUT:?} if None): {}",
        output.status,
        &stderr[..stderr.len().min(2000)]
    );
    assert!(!stderr.contains("panicked"), "planalign panicked: {stderr}");
    Ended {
        code: code.unwrap_or_default(),
        stdout,
        stderr,
    }
}

/// `check --format json` on the folder's `plans`, parsed.
fn check(dir: &Path) -> serde_json::Value {
    let ended = run(
        dir,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "plans",
        ],
    );
    serde_json::from_str(&ended.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}), code {}: {}", ended.code, ended.stderr))
}

/// A scratch folder with the given files under `plans/`.
fn plans(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("plans").join(name), text).unwrap();
    }
    dir
}

#[test]
fn an_attribute_block_at_the_start_of_a_file_is_read() {
    let dir = plans(&[("a.md", "Title\n{#ID .objective}\n---\n")]);
    check(dir.path());
}

