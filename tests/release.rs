//! How planalign reaches its users: the CI files `planalign init` writes install a released
//! binary of this very version (through the GitHub Action, or the GitLab job's download),
//! never a crate registry install or a compile; the Action, SARIF, the pre-commit package
//! and the README name the same repository and version as Cargo.toml. `.ci/run` runs the
//! Action's install step and the wheel for real.

mod common;

use marked_yaml::Node;
use serde_json::Value;

use common::{planalign, root, run};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn releases() -> String {
    format!("{REPOSITORY}/releases/download")
}

/// The Action as a workflow names it, at this version's tag.
fn action_at_this_version() -> String {
    let action = REPOSITORY.trim_start_matches("https://github.com/");
    format!("{action}@v{VERSION}")
}

fn yaml(text: &str) -> Node {
    planalign::marked::parse_document(text).unwrap()
}

/// The value at a path of mapping keys, as text.
fn text<'a>(node: &'a Node, path: &[&str]) -> &'a str {
    let mut node = node;
    for key in path {
        node = node
            .as_mapping()
            .and_then(|m| m.get_node(key))
            .unwrap_or_else(|| panic!("no {key} in {path:?}"));
    }
    node.as_scalar()
        .unwrap_or_else(|| panic!("{path:?} is not text"))
        .as_str()
}

/// Runs `planalign init` in a new folder and returns one file it wrote.
fn written_by_init(file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let done = run(planalign().arg("init").arg(dir.path()));
    assert_eq!(done.code, 0, "{}", done.stderr);
    std::fs::read_to_string(dir.path().join(file)).unwrap()
}

/// What no CI file for a plans repository should do: install from a crate registry, set up
/// a Rust toolchain, or compile.
fn assert_compiles_nothing(file: &str, text: &str) {
    for word in ["cargo", "rustup", "rust-toolchain", "image: rust"] {
        assert!(!text.contains(word), "{file} mentions {word}:\n{text}");
    }
}

#[test]
fn the_github_workflow_from_init_uses_the_action_at_this_version() {
    let text_of_file = written_by_init(".github/workflows/planalign.yml");
    assert_compiles_nothing("the GitHub workflow", &text_of_file);
    let workflow = yaml(&text_of_file);
    let steps = workflow
        .as_mapping()
        .and_then(|m| m.get_mapping("jobs"))
        .and_then(|m| m.get_mapping("check"))
        .and_then(|m| m.get_sequence("steps"))
        .expect("jobs.check.steps");
    let action = steps
        .iter()
        .find(|step| {
            let uses = step.as_mapping().and_then(|m| m.get_scalar("uses"));
            uses.is_some_and(|uses| uses.as_str() == action_at_this_version())
        })
        .unwrap_or_else(|| panic!("no step uses {}:\n{text_of_file}", action_at_this_version()));
    assert_eq!(text(action, &["with", "version"]), VERSION);
}

#[test]
fn the_gitlab_job_from_init_downloads_this_release_and_reports_junit() {
    let text_of_file = written_by_init(".gitlab-ci.yml");
    assert_compiles_nothing("the GitLab job", &text_of_file);
    let job = yaml(&text_of_file);
    let variable = |name| text(&job, &["planalign", "variables", name]).to_owned();
    assert_eq!(variable("PLANALIGN_VERSION"), VERSION);
    assert_eq!(variable("PLANALIGN_RELEASES"), releases());
    assert_eq!(
        variable("PLANALIGN_ARCHIVE"),
        "planalign-x86_64-unknown-linux-musl.tar.gz"
    );
    assert!(text_of_file.contains("sha256sum -c \"$PLANALIGN_ARCHIVE.sha256\""));
    assert!(text_of_file.contains("planalign check --format junit > planalign-junit.xml"));
    assert_eq!(
        text(&job, &["planalign", "artifacts", "reports", "junit"]),
        "planalign-junit.xml"
    );
}

#[test]
fn the_action_installs_from_this_repository_with_its_own_script() {
    let action = yaml(&std::fs::read_to_string(root().join("action.yml")).unwrap());
    assert_eq!(text(&action, &["runs", "using"]), "composite");
    assert_eq!(
        text(&action, &["inputs", "releases", "default"]),
        releases()
    );
    assert_eq!(text(&action, &["inputs", "version", "required"]), "true");
    let install = action
        .as_mapping()
        .and_then(|m| m.get_mapping("runs"))
        .and_then(|m| m.get_sequence("steps"))
        .and_then(|steps| steps.get_node(0))
        .expect("the install step");
    let script = "$GITHUB_ACTION_PATH/action/install.sh";
    assert!(text(install, &["run"]).contains(script));
    assert!(root().join("action/install.sh").is_file());
}

#[test]
fn sarif_names_the_repository_as_planalign_s_home() {
    let done = run(planalign()
        .args(["check", "--format", "sarif", "--as-of", "2011-01-04"])
        .arg(root().join("plans")));
    let sarif: Value = serde_json::from_str(&done.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["informationUri"],
        REPOSITORY
    );
}

#[test]
fn the_pre_commit_package_and_the_readme_name_this_version() {
    let placeholder = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(
        placeholder.contains(&format!("\"planalign=={VERSION}\"")),
        "pyproject.toml must install planalign {VERSION} for the pre-commit hook"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for wanted in [
        format!("rev: v{VERSION}"),
        format!("uses: {}", action_at_this_version()),
        format!(
            "{}/v{VERSION}/planalign-x86_64-pc-windows-msvc.zip",
            releases()
        ),
        format!(
            "{}/v{VERSION}/planalign-x86_64-unknown-linux-musl.tar.gz",
            releases()
        ),
    ] {
        assert!(readme.contains(&wanted), "the README lacks {wanted}");
    }
}
