//! Output injection (issue 13 point 8): plan text comes out of every format as text, never as
//! table cells, markup, mentions, graph edges, spreadsheet formulas, terminal escape sequences
//! or another file's address. The plans in `tests/fixtures/hostile-output/council` carry the
//! payloads in their ids, titles, plan ids, file names and a relation name.

mod common;

use common::{hostile, hostile_output, percent_decode};
use serde_json::Value;

/// Characters that must not reach a terminal or a document: C0 controls other than newline
/// and tab, DEL and C1 controls (ESC starts colour, cursor and title sequences; BEL ends them).
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| !matches!(c, '\n' | '\t') && c.is_control())
        .collect()
}

/// The cells of one Markdown table row: split at pipes not escaped with a backslash.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in row.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count - 1
}

/// A Markdown line without its code spans, where nothing is markup.
fn outside_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let escaped = rest[..start].ends_with('\\');
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let fence = after.len() - after.trim_start_matches('`').len();
        let body = &after[fence..];
        match body.find(&"`".repeat(fence)).filter(|_| !escaped) {
            Some(end) => rest = &body[end + fence..],
            None => {
                out.push_str(&after[..fence]);
                rest = body;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn markdown_table_rows_keep_their_cells_and_carry_no_markup() {
    let out = hostile_output(&["check", "--format", "markdown"]);
    let mut columns = None;
    for line in out.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let n = cells(line);
        assert_eq!(
            *columns.get_or_insert(n),
            n,
            "a row with other cells: {line}"
        );
    }
    assert!(out.contains("CP\\|1&lt;img src=x&gt;"), "{out}");
    assert!(out.contains("pipe\\|cell.md"), "{out}");
    let text: String = out.lines().map(outside_code).collect();
    let payloads = [
        "<img", "<b>", "[plan](", "![x](", "**bold", "~~gone", "&#64;", "$x$",
    ];
    for raw in payloads.into_iter().chain(["@octocat", "@council"]) {
        assert!(
            !text.contains(raw),
            "{raw} reaches the pull request comment:\n{out}"
        );
    }
    // A mention is broken by a zero-width space, so it shows as text and notifies nobody.
    assert!(out.contains("@&#8203;octocat"), "{out}");
    assert_eq!(controls(&out), Vec::<char>::new(), "{out}");
}

#[test]
fn mermaid_edges_are_the_graphs_edges_and_labels_are_quoted() {
    let out = hostile_output(&["graph", "--format", "mermaid"]);
    let dot = hostile_output(&["graph", "--format", "dot"]);
    let edges = out.lines().filter(|l| l.contains("-->")).count();
    assert_eq!(edges, dot.lines().filter(|l| l.contains(" -> ")).count());
    for line in out.lines() {
        assert!(
            !line.trim_start().starts_with("%%"),
            "a forged line: {line}"
        );
        if let Some((_, label)) = line.split_once("-->|") {
            // A plain name, or a quoted label with nothing in it that could end it.
            let (label, _) = label.rsplit_once("| n").unwrap();
            let inner = label.strip_prefix('"').and_then(|l| l.strip_suffix('"'));
            let plain = label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            assert!(
                plain || inner.is_some_and(|l| !l.contains(['"', '|'])),
                "{line}"
            );
        }
    }
    assert!(out.contains("pays#124; n0 --#gt;#124;forged#124; n1<br/>%% #quot;x#quot;"));
    assert_eq!(controls(&out), Vec::<char>::new(), "{out}");
}

#[test]
fn dot_strings_are_quoted_and_carry_no_control_characters() {
    let out = hostile_output(&["graph", "--format", "dot"]);
    assert!(
        out.contains(r#"[label="pays| n0 -->|forged| n1\n%% \"x\" "#),
        "{out}"
    );
    assert_eq!(controls(&out), Vec::<char>::new(), "{out}");
}

#[test]
fn csv_text_cells_cannot_start_a_formula_but_numbers_stay_numbers() {
    let out = hostile_output(&["coverage", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert!(row("P|1<img src=x>")[2].starts_with("'=HYPERLINK"));
    assert_eq!(&row("O1")[2], "'+SUM(A1:A9)");
    assert_eq!(&row("O2")[2], "'-2+3");
    assert!(row("O3")[2].starts_with("'@cmd"));
    assert!(row("O4")[2].starts_with("'\t"));
    assert_eq!(&row("'=P2")[1], "priority");
    // Money is a number: a negative amount is not a formula.
    let money = row("O2").len() - 1;
    assert_eq!(&row("O2")[money], "-2500000.00");
    assert_eq!(&row("P|1<img src=x>")[money], "-2500000.00");
}

#[test]
fn terminal_output_carries_no_escape_sequences() {
    let outputs = [
        hostile_output(&["check", "--color", "never"]),
        hostile_output(&["coverage"]),
        hostile_output(&["trace", "O2"]),
        hostile_output(&["trace", "SP-1"]),
        hostile_output(&["trace", "P|1<img src=x>"]),
    ];
    for out in &outputs {
        assert_eq!(controls(out), Vec::<char>::new(), "{out}");
    }
    // Shown as what they are: the symbol for escape.
    assert!(
        outputs[0].contains("Cleared ␛[31mscreen␛[0m"),
        "{}",
        outputs[0]
    );
    // The source snippet too, with its label still under the id.
    assert!(
        outputs[0].contains("## Cleared ␛[31mscreen␛[0m {#SP-1"),
        "{}",
        outputs[0]
    );
}

#[test]
fn coverage_and_trace_rows_stay_one_line_each() {
    let coverage = hostile_output(&["coverage"]);
    assert!(
        !coverage.lines().any(|l| l.starts_with("forged line")),
        "{coverage}"
    );
    let trace = hostile_output(&["trace", "O2"]);
    assert!(!trace.lines().any(|l| l.starts_with("%%")), "{trace}");
}

#[test]
fn sarif_uris_are_percent_encoded_relative_references() {
    let out = hostile_output(&["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let mut uris: Vec<String> = Vec::new();
    collect_uris(&sarif["runs"][0]["results"], &mut uris);
    // URIs are relative to the root of the git repository holding the fixture.
    let prefix = common::git_prefix(&hostile());
    let git_root = hostile().canonicalize().unwrap();
    let git_root = git_root
        .ancestors()
        .nth(prefix.matches('/').count())
        .unwrap();
    assert!(
        uris.contains(&format!("{prefix}plans/pct%250A%2525.yaml")),
        "{uris:?}"
    );
    assert!(
        uris.contains(&format!("{prefix}plans/pipe%7Ccell.md")),
        "{uris:?}"
    );
    for uri in &uris {
        assert!(!uri.starts_with('/'), "{uri}");
        assert!(git_root.join(percent_decode(uri)).is_file(), "{uri}");
    }
}

#[test]
fn sarif_uris_of_files_outside_the_root_are_not_network_paths() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("a #1.yaml");
    std::fs::copy(hostile().join("plans/pct%0A%25.yaml"), &plan).unwrap();
    let run = common::run(
        common::planalign()
            .args(["check", "--format", "sarif", "--as-of", "2026-01-01"])
            .arg(hostile())
            .arg(&plan),
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let outside: Vec<&Value> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .filter(|a| !a["uriBaseId"].is_null())
        .collect();
    assert!(!outside.is_empty(), "{}", run.stdout);
    for location in outside {
        let uri = location["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/'), "{uri}");
        let base = location["uriBaseId"].as_str().unwrap();
        let base_uri = run0["originalUriBaseIds"][base]["uri"].as_str().unwrap();
        assert_eq!(
            format!("{base_uri}{uri}"),
            format!("file://{}", percent_path(&plan)),
        );
    }
}

/// A path's `file:` URI path, as the SARIF report should write it.
fn percent_path(path: &std::path::Path) -> String {
    path.to_str()
        .unwrap()
        .replace(' ', "%20")
        .replace('#', "%23")
}

fn collect_uris(value: &Value, uris: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::String(s) if key == "uri" => uris.push(s.clone()),
                    _ => collect_uris(v, uris),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_uris(v, uris)),
        _ => {}
    }
}

#[test]
fn github_annotations_escape_properties_and_messages() {
    let out = hostile_output(&["check", "--format", "github"]);
    let prefix = common::git_prefix(&hostile());
    assert!(
        out.contains(&format!("file={prefix}plans/pct%250A%2525.yaml,")),
        "{out}"
    );
    assert!(out.contains("Tabbed%0D%0Aforged line"), "{out}");
    // 17 findings: the two items whose only link names no item are told of once, by their
    // dangling-reference finding.
    assert_eq!(out.lines().count(), 17, "one line per finding:\n{out}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn json_and_junit_carry_the_text_through_their_serializers() {
    let json: Value =
        serde_json::from_str(&hostile_output(&["check", "--format", "json"])).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| {
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("Cleared \u{1b}[31mscreen"))
    }));
    let junit = hostile_output(&["check", "--format", "junit"]);
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(text.contains("CP|1<img src=x>"), "{junit}");
}
