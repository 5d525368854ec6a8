//! Inputs written to break planalign (issue 13): each must end with a report or a clear
//! error (exit 0, 1 or 2), never a panic, a stack overflow or a run that does not end.
//! Big inputs are generated here into a scratch folder.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{findings, planalign};

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

const CORPORATE: &str = "---\nid: CP\ntype: corporate\n---\n# Corporate Plan\n\n\
## Your Family {#CP-P1 .priority}\n\n";

#[test]
fn an_attribute_block_at_the_start_of_a_file_is_read() {
    let dir = plans(&[("a.md", "Title\n{#ID .objective}\n---\n")]);
    check(dir.path());
}

/// A budget line dividing £1,000,000.01 among `CP-O1`, `CP-O2` and `CP-O3` by `shares`.
fn funded(shares: &str) -> tempfile::TempDir {
    let corporate = format!(
        "{CORPORATE}### A {{#CP-O1 .objective}}\n\n### B {{#CP-O2 .objective}}\n\n\
         ### C {{#CP-O3 .objective}}\n"
    );
    let budget = format!(
        "id: BUD\ntype: budget\ntitle: Budget\nitems:\n  - id: BUD-1\n    kind: budget-line\n    \
         title: Line\n    amount: £1,000,000.01\n    funds: {shares}\n"
    );
    plans(&[("corporate.md", &corporate), ("budget.yaml", &budget)])
}

/// Shares that are not finite numbers are not shares: the money is divided equally, and
/// every view that attributes money still adds up to the penny.
#[test]
fn shares_too_large_to_be_numbers_divide_money_equally() {
    let dir = funded("{CP-O1: 1e400%, CP-O2: 1e400%, CP-O3: 0.02%}");
    let coverage = run(dir.path(), &["coverage", "--format", "json", "plans"]);
    let coverage: serde_json::Value = serde_json::from_str(&coverage.stdout).unwrap();
    let money: Vec<i64> = coverage["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["priority"].is_null())
        .map(|r| r["money"].as_i64().unwrap())
        .collect();
    assert_eq!(money, [33_333_334, 33_333_334, 33_333_333]);
    assert_eq!(coverage["traced_budget"], 100_000_001);
    run(dir.path(), &["trace", "BUD-1", "plans"]);
    run(dir.path(), &["graph", "plans"]);
    run(dir.path(), &["report", "plans", "-o", "report.html"]);
}

/// Amounts whose sum passes the largest number of pence planalign holds stop there.
#[test]
fn budgets_too_large_to_add_up_do_not_overflow() {
    let dir = funded("[CP-O1, CP-O2]");
    let budget = dir.path().join("plans/budget.yaml");
    let line = "  - id: BUD-2\n    kind: budget-line\n    title: Line\n    \
                amount: £90,000,000,000,000,000\n    funds: [CP-O1, CP-O2]\n";
    let text = std::fs::read_to_string(&budget).unwrap();
    std::fs::write(&budget, text + line + &line.replace("BUD-2", "BUD-3")).unwrap();
    for view in ["coverage", "graph"] {
        run(dir.path(), &[view, "plans"]);
    }
    run(dir.path(), &["trace", "BUD-2", "plans"]);
    check(dir.path());
}

/// `count` objectives in one plan, each supporting the one before it; the first supports
/// `first`, and a budget line funds the last, so that money and traces walk the chain.
fn chain(count: usize, first: &str) -> tempfile::TempDir {
    use std::fmt::Write;
    let mut service = String::from("---\nid: SP\ntype: service\n---\n# Service Plan\n\n");
    for i in 0..count {
        let up = if i == 0 {
            first.to_owned()
        } else {
            format!("SP-{}", i - 1)
        };
        writeln!(service, "## O {{#SP-{i} .objective owner=O supports={up}}}").unwrap();
    }
    let last = count - 1;
    writeln!(
        service,
        "## B {{#SP-B .budget-line amount=£1m funds=SP-{last}}}"
    )
    .unwrap();
    let corporate = format!("{CORPORATE}### A {{#CP-O1 .objective}}\n");
    plans(&[("corporate.md", &corporate), ("service.md", &service)])
}

#[test]
fn a_chain_of_100000_items_is_walked_without_recursion() {
    let dir = chain(100_000, "CP-O1");
    let report = check(dir.path());
    assert!(findings(&report, "cycle").is_empty());
    run(dir.path(), &["coverage", "plans"]);
    run(dir.path(), &["trace", "SP-50000", "plans"]);
}

#[test]
fn a_cycle_of_100000_items_is_one_finding() {
    let dir = chain(100_000, "SP-99999");
    let report = check(dir.path());
    assert_eq!(findings(&report, "cycle").len(), 1);
    run(dir.path(), &["coverage", "plans"]);
}

/// The human report of a circle of 1,000 items shows ten of its other places and counts the
/// rest, rather than laying out a thousand labels.
#[test]
fn the_human_report_shows_ten_places_of_a_long_circle() {
    let dir = chain(1_000, "SP-999");
    let human = run(dir.path(), &["check", "plans"]).stdout;
    assert_eq!(human.matches("is in the circle").count(), 10, "{human}");
    assert!(human.contains("SP-19, and 980 more"), "{human}");
    assert!(
        human.contains("989 more places are not shown here; `--format json` lists them all."),
        "{human}"
    );
}

/// A line longer than a terminal is shown cut to the text near what is underlined. Here an
/// unknown id is 70,000 characters into its line, past where miette's layout can reach, and
/// there are 2,000 more on one line: each is shown with its own part of the line, at its
/// column counted in characters.
#[test]
fn findings_on_a_very_long_line_show_the_text_near_them() {
    let title = "£".repeat(70_000);
    let service = format!(
        "id: SP\ntype: service\ntitle: Service\nitems:\n  \
         - {{id: SP-1, kind: objective, title: {title}, owner: O, supports: XFAR}}\n"
    );
    let dir = plans(&[("corporate.md", CORPORATE), ("service.yaml", &service)]);
    let human = run(dir.path(), &["check", "plans"]).stdout;
    let column = service.lines().nth(4).unwrap().find("XFAR").unwrap() - title.len() + 70_000 + 1;
    assert!(
        human.contains(&format!("[plans/service.yaml:5:{column}]")),
        "{human:.3000}"
    );
    assert!(
        human.lines().all(|l| l.chars().count() < 300),
        "a long line was shown whole"
    );

    let dir = many_unknown(2_000, 8);
    let human = run(dir.path(), &["check", "plans"]).stdout;
    assert_eq!(human.matches("no item has this id").count(), 2_000);
    // `    supports: [` then each id and `, `: the last starts at column 16 + 1,999 × 11.
    let last = format!("[plans/service.yaml:9:{}]", 16 + 1_999 * 11);
    assert!(human.contains(&last), "{human:.3000}");
    assert!(
        human.lines().all(|l| l.chars().count() < 300),
        "a long line was shown whole"
    );
}

/// A rule for priorities with the given `when:` condition, written as a YAML string.
fn rule_when(condition: &str) -> tempfile::TempDir {
    let dir = plans(&[("corporate.md", CORPORATE)]);
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    let rule = format!(
        "- id: costly\n  title: A costly condition\n  severity: warning\n  message: m\n  \
         select:\n    kind: priority\n    when: '{condition}'\n  require:\n    fields: [owner]\n"
    );
    std::fs::write(dir.path().join("rules/costly.yaml"), rule).unwrap();
    dir
}

/// The one `invalid-rule` finding for the condition, which must say what limit it is over.
fn over_limit(dir: &Path, says: &str) {
    let report = check(dir);
    let found = findings(&report, "invalid-rule");
    assert_eq!(found.len(), 1, "{report:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains(says), "{message}");
    assert!(message.len() < 400, "the whole condition is not quoted");
    run(dir, &["rules"]);
}

#[test]
fn a_condition_of_1500_terms_is_too_long() {
    let terms = vec!["1"; 1_500].join(" + ");
    over_limit(
        rule_when(&format!("{terms} > 0")).path(),
        "a condition may have at most 1000",
    );
}

#[test]
fn a_condition_of_100000_terms_is_too_long_even_to_list() {
    let terms = vec!["1"; 100_000].join("+");
    let dir = rule_when(&format!("{terms} > 0"));
    let rules = run(dir.path(), &["rules"]);
    assert!(rules.stderr.contains("at most 1000"), "{}", rules.stderr);
    over_limit(dir.path(), "at most 1000");
}

#[test]
fn comprehensions_nested_deep_are_too_costly() {
    let mut condition = String::from("true");
    for var in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        condition = format!("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all({var}, {condition})");
    }
    over_limit(rule_when(&condition).path(), "may nest at most 2");
}

#[test]
fn comprehensions_nested_twice_are_allowed() {
    let dir = rule_when("[1, 2].all(a, [3, 4].exists(b, a < b)) && [5].map(c, c).size() == 1");
    let report = check(dir.path());
    assert!(findings(&report, "invalid-rule").is_empty(), "{report:#}");
}

/// A plan whose one item links, in one field, to `count` ids that name nothing.
fn many_unknown(count: usize, length: usize) -> tempfile::TempDir {
    let ids: Vec<String> = (0..count).map(|i| format!("X{i:0>length$}")).collect();
    let service = format!(
        "id: SP\ntype: service\ntitle: Service\nitems:\n  - id: SP-1\n    kind: objective\n    \
         title: O\n    owner: O\n    supports: [{}]\n",
        ids.join(", ")
    );
    plans(&[("corporate.md", CORPORATE), ("service.yaml", &service)])
}

#[test]
fn a_field_naming_20000_unknown_ids_is_reported_once_per_id() {
    let dir = many_unknown(20_000, 8);
    let report = check(dir.path());
    assert_eq!(findings(&report, "dangling-reference").len(), 20_000);
}

#[test]
fn an_id_of_a_million_characters_is_too_long_and_not_suggested() {
    let long = format!("A{}", "b".repeat(1 << 20));
    let near = format!("A{}c", "b".repeat(1 << 20));
    let service = format!(
        "id: SP\ntype: service\ntitle: Service\nitems:\n  - id: {long}\n    kind: objective\n    \
         title: O\n    owner: O\n    supports: {near}\n"
    );
    let dir = plans(&[("corporate.md", CORPORATE), ("service.yaml", &service)]);
    let report = check(dir.path());
    let too_long = findings(&report, "invalid-id");
    assert_eq!(too_long.len(), 1);
    let message = too_long[0]["message"].as_str().unwrap();
    assert!(
        message.contains("1048577 characters long; an id may have at most 100"),
        "{message}"
    );
    let dangling = findings(&report, "dangling-reference");
    assert_eq!(dangling.len(), 1);
    assert!(!format!("{}", dangling[0]).contains("Did you mean"));
}

#[test]
fn an_id_of_100_characters_is_suggested() {
    let id = format!("A{}", "b".repeat(99));
    let typo = format!("A{}c", "b".repeat(98));
    let service = format!(
        "id: SP\ntype: service\ntitle: Service\nitems:\n  - id: {id}\n    kind: objective\n    \
         title: O\n    owner: O\n    supports: {typo}\n"
    );
    let dir = plans(&[("corporate.md", CORPORATE), ("service.yaml", &service)]);
    let report = check(dir.path());
    assert!(findings(&report, "invalid-id").is_empty());
    let dangling = findings(&report, "dangling-reference");
    assert!(format!("{}", dangling[0]).contains("Did you mean"));
}

/// 50,000 items, each linking to an id that names nothing, where the 100,000 ids are all
/// one insertion away from a few hundred others: every did-you-mean hash is shared by
/// dozens of known and unknown ids at once.
#[test]
fn ids_written_to_collide_do_not_make_suggestions_quadratic() {
    use std::fmt::Write;
    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').collect();
    let mut ids = Vec::new();
    for base in 0.. {
        let base = format!("Q{base:06}");
        for at in 1..=base.len() {
            for &c in &letters {
                ids.push(format!("{}{c}{}", &base[..at], &base[at..]));
            }
        }
        if ids.len() >= 100_000 {
            break;
        }
    }
    // Inserting a letter at two places can give the same id: each is written once.
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    let ids = &ids[..ids.len() & !1];
    let mut service = String::from("---\nid: SP\ntype: service\n---\n# Service Plan\n\n");
    for pair in ids.chunks(2) {
        let (k, u) = (&pair[0], &pair[1]);
        writeln!(service, "## O {{#{k} .objective owner=O supports={u}}}").unwrap();
    }
    let dir = plans(&[("corporate.md", CORPORATE), ("service.md", &service)]);
    let report = check(dir.path());
    assert_eq!(findings(&report, "dangling-reference").len(), ids.len() / 2);
}
