//! Seeing the golden thread: trace, coverage (with money that adds up), graph, and the
//! Cabinet report's escaping. The report's accessibility is checked in a real browser by
//! `tests/a11y/axe.mjs`, which `.ci/run` runs.

mod common;

use serde_json::Value;

use common::{copy_plans, edit, planalign, root};

/// The command with `--as-of 2011-01-04`, run from the repository's folder.
fn view(args: &[&str]) -> (i32, String, String) {
    let run = common::run(
        planalign()
            .args(args)
            .args(["--as-of", "2011-01-04"])
            .current_dir(root()),
    );
    (run.code, run.stdout, run.stderr)
}

fn coverage(path: &str) -> Value {
    let (code, out, err) = view(&["coverage", path, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn priority_money(coverage: &Value) -> Vec<(String, i64)> {
    coverage["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["priority"].is_null())
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["money"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn money_per_priority_adds_up_to_the_budget_that_traces_in_the_worked_example() {
    let c = coverage("plans");
    let money = priority_money(&c);
    let total: i64 = money.iter().map(|(_, m)| m).sum();
    // The six departments of the 2011/12 revenue budget, £271.7m in pence, all of which trace.
    assert_eq!(total, 27_170_000_000);
    assert_eq!(c["traced_budget"], 27_170_000_000_i64);
    assert_eq!(
        money[2],
        ("CP-P3".to_owned(), 0),
        "nothing funds Your Economy"
    );
}

#[test]
fn money_is_divided_at_each_fork_and_never_counted_twice() {
    let c = coverage("tests/fixtures/money");
    let money = priority_money(&c);
    // BUD-1 £1,000,000.01 split equally (the odd penny to the first link); BUD-2 £3m split
    // 60/40; BUD-3 £2m once, not again for its breakdown; BUD-4 £400k all to CP-O1; BUD-5
    // does not trace.
    let family = 50_000_001 + 180_000_000 + 40_000_000;
    let economy = 50_000_000 + 120_000_000 + 200_000_000;
    assert_eq!(
        money,
        [("CP-P1".to_owned(), family), ("CP-P2".to_owned(), economy)]
    );
    assert_eq!(c["traced_budget"].as_i64().unwrap(), family + economy);
}

#[test]
fn coverage_counts_items_per_plan_and_the_share_that_traces() {
    let c = coverage("plans");
    let plans = c["plans"].as_array().unwrap();
    let wfs = plans.iter().find(|p| p["id"] == "WFS").unwrap();
    assert_eq!(
        (wfs["items"].as_u64(), wfs["traced"].as_u64()),
        (Some(9), Some(9))
    );
    let rows = c["rows"].as_array().unwrap();
    let council = rows.iter().find(|r| r["id"] == "CP-P4").unwrap();
    let wfs_column = plans.iter().position(|p| p["id"] == "WFS").unwrap();
    assert_eq!(council["items"][wfs_column], 9);
    assert_eq!(council["targets"], 5);
    let (code, text, _) = view(&["coverage", "tests/fixtures/money"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("SP          0 of    1 items (0%) Service Plan"),
        "{text}"
    );
}

#[test]
fn coverage_as_csv() {
    let (code, text, _) = view(&["coverage", "plans", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert!(header.iter().any(|h| h == "items in WFS"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let family = rows.iter().find(|r| &r[0] == "CP-P1").unwrap();
    assert_eq!(&family[2], "Your Family");
    assert_eq!(family.iter().next_back(), Some("142700000.00"));
}

#[test]
fn trace_shows_every_path_up_and_what_leads_down() {
    let (code, text, _) = view(&["trace", "WFS-T1", "plans"]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("WFS-T1 target \"Days lost to sickness absence\" (WFS)\n"),
        "{text}"
    );
    assert!(
        text.contains("└─ measures WFS-O1 objective \"Reduce sickness absence\" (WFS)"),
        "{text}"
    );
    assert!(
        text.contains("└─ supports CP-P4 priority \"Your Council\" (CP), £68,900,000"),
        "{text}"
    );

    let (_, json, _) = view(&["trace", "CP-O4.1", "plans", "--format", "json"]);
    let t: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(t["traces"], true);
    let below: Vec<&str> = t["down"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for id in ["WFS-O1", "WFS-O2", "WFS-O3", "BUD-LHR", "AAP-3"] {
        assert!(below.contains(&id), "{id} not below CP-O4.1: {below:?}");
    }
    // An objective funded by two budget lines under two priorities: both paths up.
    let (_, json, _) = view(&["trace", "BUD-1", "tests/fixtures/money", "--format", "json"]);
    let t: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(t["up"].as_array().unwrap().len(), 2);

    let (code, _, err) = view(&["trace", "WFS-T9", "plans"]);
    assert_eq!(code, 2);
    // WFS-T1 to WFS-T4 are all one edit away: the first in alphabetical order is offered.
    assert!(
        err.contains("there is no item WFS-T9: did you mean WFS-T1?"),
        "{err}"
    );
}

#[test]
fn graph_as_dot_and_mermaid_marks_untraced_items() {
    let (code, dot, _) = view(&["graph", "tests/fixtures/money"]);
    assert_eq!(code, 0);
    assert!(dot.starts_with("digraph planalign {"));
    assert!(
        dot.contains("\"BUD-1\" -> \"CP-O1\" [label=\"funds\"];"),
        "{dot}"
    );
    assert!(
        dot.contains("(untraced)") && dot.contains("style=dashed"),
        "{dot}"
    );
    let (_, mermaid, _) = view(&["graph", "tests/fixtures/money", "--format", "mermaid"]);
    assert!(mermaid.starts_with("flowchart BT\n"));
    assert!(mermaid.contains("-->|funds|"));
    assert!(mermaid.contains("class ") && mermaid.contains(" untraced"));
    let (_, around, _) = view(&["graph", "plans", "--around", "WFS-T1", "--depth", "1"]);
    assert!(around.contains("\"WFS-O1\""));
    assert!(
        !around.contains("\"CP-P4\""),
        "depth 1 stops before the priority"
    );
}

/// The Cabinet report of the plans at `path`, written to a scratch file and read back.
fn report_html(path: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let (code, _, err) = view(&["report", path, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn the_report_is_one_file_and_escapes_all_plan_text() {
    let html = report_html("tests/fixtures/report-xss");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Safe &lt;img src=x onerror=alert(2)&gt; streets"));
    assert!(
        html.contains("Budget &amp; &quot;savings&quot; &lt;/table&gt;")
            || html.contains("Budget &amp; \"savings\" &lt;/table&gt;")
    );
    for forbidden in [
        "<script", "<img", "<link", "http://", "https://", "<iframe", "url(",
    ] {
        assert!(!html.contains(forbidden), "the report contains {forbidden}");
    }
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\">"));
}

/// Asserts that a part of the report shows `text`.
fn shows(part: &str, text: &str) {
    assert!(part.contains(text), "{text} not in {part}");
}

/// The text of the report between the element with id `from` and the next `<h2` or `<h3`.
fn part<'a>(html: &'a str, from: &str) -> &'a str {
    let start = html.find(&format!("id=\"{from}\"")).unwrap();
    let rest = &html[start + 1..];
    let end = ["<h2", "<h3"]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The worked example with two budget lines that do not trace: BUD-FIN funds an id that does
/// not exist, BUD-LHR funds nothing.
#[test]
fn the_report_reads_as_a_cabinet_paper_appendix() {
    let dir = tempfile::tempdir().unwrap();
    copy_plans(dir.path());
    let budget = dir.path().join("plans/revenue-budget.md");
    edit(&budget, "| £26.6m | CP-O4.2 ", "| £26.6m | CP-O4.9 ");
    edit(
        &budget,
        "| £16.3m | CP-O4.1, CP-O4.3 |",
        "| £16.3m |                  |",
    );
    let html = report_html(dir.path().to_str().unwrap());
    // Code in messages and help is shown as code, never as Markdown backticks.
    assert!(!html.contains('`'), "{html}");
    shows(&html, "with <code>funds</code>.");
    // The money that does not trace: how much, and which lines.
    shows(
        &html,
        "£228,800,000 (84%) traces to a Corporate Plan priority and £42,900,000 (15%), in 2 lines, does not",
    );
    let untraced = part(&html, "untraced-money");
    for line in ["BUD-FIN Finance", "BUD-LHR Law, HR and Asset Management"] {
        assert!(untraced.contains(line), "{line} not in {untraced}");
    }
    assert!(!untraced.contains("BUD-ASS"), "{untraced}");
    assert!(untraced.contains("£26,600,000") && untraced.contains("£16,300,000"));
    // Shares of the whole budget beside shares of what traces.
    let money = part(&html, "money");
    shows(money, "Share of the whole budget");
    shows(
        money,
        "Does not trace to a priority</th><td class=\"n\">£42,900,000</td><td class=\"n\">-</td><td class=\"n\">15%</td>",
    );
    // Each plan's status and owner.
    let plans = part(&html, "plans");
    shows(
        plans,
        "WFS Workforce Development Strategy 2010-13</th><td>approved</td><td>Head of HR/OD</td>",
    );
    // Where a finding is: the plan's title and line, then the file.
    shows(
        &html,
        "Revenue Budget 2011/12, line\u{a0}26<br><span class=\"meta\">plans/revenue-budget.md</span>",
    );
    // Printed, headings stay with what follows and tables repeat their header rows
    // (tests/a11y/print.mjs checks the printed pages in Chromium).
    for rule in [
        "@media print",
        "h1, h2, h3, caption { break-after: avoid;",
        "tr, p, svg, .counts li { break-inside: avoid;",
        "thead { display: table-header-group; break-after: avoid; }",
    ] {
        assert!(html.contains(rule), "{rule} not in the style");
    }
}

/// A superseded plan is listed as not checked, is no column of the coverage, and neither its
/// items nor its budget count in the summary.
#[test]
fn the_report_shows_a_superseded_plan_as_history() {
    let html = report_html("tests/fixtures/superseded-reference/fires");
    let plans = part(&html, "plans");
    shows(
        plans,
        "CP19 Council Plan 2019-23</th><td>superseded</td><td>Chief Executive</td><td class=\"n\">3</td><td class=\"n\">-</td><td class=\"n\">not checked</td>",
    );
    shows(
        plans,
        "BUD22 Revenue Budget 2022/23</th><td>superseded</td><td>not given</td>",
    );
    let coverage = part(&html, "coverage");
    shows(coverage, ">ECON</abbr>");
    assert!(!coverage.contains(">CP19</abbr>") && !coverage.contains(">BUD22</abbr>"));
    let summary = part(&html, "summary");
    shows(summary, "3 of 4 items of the current plans (75%) trace");
    shows(summary, "No current plan has a budget line with an amount.");
}
