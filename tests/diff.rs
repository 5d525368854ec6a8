//! `planalign diff`: each change class fires on the edit it is about and not otherwise,
//! renames and merges are inferred only from evidence, output is the same for the same two
//! sides, and a malformed file on one side is compared as far as it can be read.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{edit, planalign, root, run};

const AS_OF: &str = "2011-06-01";

const CORPORATE: &str = "---
id: CP
type: corporate
title: Corporate Plan
period: 2011/12-2013/14
status: approved
reviewed: 2011-03-01
---
# Corporate Plan

## Your Family {#CP-P1 .priority}

### Keep children safe {#CP-O1 .objective}

## Your Council {#CP-P2 .priority}

### A skilled workforce {#CP-O2 .objective}

### Sound finances {#CP-O3 .objective}
";

const WORKFORCE: &str = "---
id: WFS
type: workforce
title: Workforce Strategy
period: 2011/12-2013/14
status: approved
reviewed: 2011-03-01
---
# Workforce Strategy

## Reduce sickness absence {#WFS-O1 .objective supports=CP-O2}

Sickness absence is the first thing we will work on.

### Days lost {#WFS-T1 .target due=2012-03-31}

```yaml
measure: Days lost per FTE
baseline: 10.0
target: 9.8
polarity: down
owner: Head of HR
```

### Train managers {#WFS-A1 .action due=2012-03-31}

```yaml
owner: Head of HR
```

## Grow apprenticeships {#WFS-O2 .objective supports=CP-O2}
";

const BUDGET: &str = "id: BUD
type: budget
title: Budget
period: 2011/12
status: approved
reviewed: 2011-03-01
items:
  - id: BUD-1
    kind: budget-line
    title: Children
    amount: £10m
    funds: CP-O1
  - id: BUD-2
    kind: budget-line
    title: Human resources
    amount: £4m
    funds: [CP-O2, CP-O3]
    items:
      - id: BUD-2.1
        kind: budget-line
        title: Training
        amount: £1m
";

/// Writes the small council's plans into `dir/plans`.
fn council(dir: &Path) {
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    std::fs::write(dir.join("plans/corporate.md"), CORPORATE).unwrap();
    std::fs::write(dir.join("plans/workforce.md"), WORKFORCE).unwrap();
    std::fs::write(dir.join("plans/budget.yaml"), BUDGET).unwrap();
}

/// Last year's plans and this year's after `change`, diffed as JSON: exit code and report.
fn refresh(change: impl Fn(&Path)) -> (i32, Value) {
    refresh_with(&[], change)
}

fn refresh_with(args: &[&str], change: impl Fn(&Path)) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    council(&old);
    council(&new);
    change(&new);
    let run = run(planalign()
        .args(["diff", "--format", "json"])
        .args(if args.contains(&"--as-of") {
            &[][..]
        } else {
            &["--as-of", AS_OF][..]
        })
        .args(args)
        .arg(&old)
        .arg(&new));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    (run.code, report)
}

/// The changes of one class.
fn of<'a>(report: &'a Value, class: &str) -> Vec<&'a Value> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == class)
        .collect()
}

fn classes(report: &Value) -> Vec<String> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap().to_owned())
        .collect()
}

fn plan(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join("plans").join(name)
}

#[test]
fn order_indentation_keys_and_prose_are_no_change() {
    let (code, report) = refresh(|new| {
        // Sections swapped, a paragraph reworded, keys moved, a list re-indented.
        let path = plan(new, "workforce.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, grow) = text.split_at(text.find("## Grow apprenticeships").unwrap());
        let (front, reduce) = head.split_at(head.find("## Reduce sickness").unwrap());
        std::fs::write(&path, format!("{front}{grow}\n{reduce}")).unwrap();
        edit(
            &path,
            "is the first thing we will work on",
            "comes first this year",
        );
        edit(
            &path,
            "baseline: 10.0\ntarget: 9.8",
            "target: 9.8\nbaseline: 10.0",
        );
        edit(
            &plan(new, "budget.yaml"),
            "    title: Children\n    amount: £10m",
            "    amount: £10m\n    title: Children",
        );
        edit(
            &plan(new, "budget.yaml"),
            "    items:\n      - id: BUD-2.1\n        kind: budget-line\n        title: Training\n        amount: £1m",
            "    items:\n    - id: BUD-2.1\n      kind: budget-line\n      title: Training\n      amount: £1m",
        );
    });
    assert_eq!(classes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(code, 0);
    assert_eq!(
        report["summary"],
        serde_json::json!({"breaking": 0, "review": 0, "info": 0})
    );
}

/// Items that `check` reports and that have nothing to be matched by (one with no id, the
/// second of an id used twice) are no change when both sides have them as they were.
#[test]
fn an_item_with_no_id_or_a_taken_id_is_no_change_when_kept_as_it_was() {
    let mistakes = |dir: &Path| {
        edit(
            &plan(dir, "workforce.md"),
            "## Grow apprenticeships {#WFS-O2 .objective supports=CP-O2}",
            "## Grow apprenticeships {.objective supports=CP-O2}\n\n\
             ### Apprentices in post {#WFS-T9 .target due=2012-03-31}\n\n\
             ## Grow apprenticeships again {#WFS-O1 .objective supports=CP-O2}\n\n\
             ### Apprentice pay {#WFS-A9 .action due=2012-03-31}",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    council(&old);
    council(&new);
    mistakes(&old);
    mistakes(&new);
    let run = run(planalign()
        .args(["diff", "--format", "json", "--as-of", AS_OF])
        .arg(&old)
        .arg(&new));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(classes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_rename_is_inferred_from_the_items_that_followed_it() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### A skilled workforce {#CP-O2 .objective}",
            "### A skilled and healthy workforce {#CP-O5 .objective}",
        );
        edit(
            &plan(new, "workforce.md"),
            "supports=CP-O2}",
            "supports=CP-O5}",
        );
        edit(
            &plan(new, "workforce.md"),
            "supports=CP-O2}",
            "supports=CP-O5}",
        );
        edit(
            &plan(new, "budget.yaml"),
            "[CP-O2, CP-O3]",
            "[CP-O5, CP-O3]",
        );
    });
    let renamed = of(&report, "item-renamed");
    assert_eq!(renamed.len(), 1, "{report:#}");
    assert_eq!(renamed[0]["id"], "CP-O2");
    assert_eq!(renamed[0]["new_id"], "CP-O5");
    assert_eq!(renamed[0]["possible"], false);
    assert_eq!(renamed[0]["level"], "review");
    let evidence = renamed[0]["evidence"].as_str().unwrap();
    assert!(
        evidence.starts_with("3 of 3 items that linked to CP-O2 link to CP-O5 now"),
        "{evidence}"
    );
    // A matched rename is no removal, no orphan, and moves no money.
    for class in [
        "item-removed",
        "item-added",
        "orphaned",
        "link-retargeted",
        "money-moved",
    ] {
        assert!(of(&report, class).is_empty(), "{class}: {report:#}");
    }
}

#[test]
fn without_evidence_a_new_id_is_a_removal_and_an_addition() {
    let (code, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### Sound finances {#CP-O3 .objective}",
            "### Digital services for residents {#CP-O6 .objective}",
        );
        edit(&plan(new, "budget.yaml"), "[CP-O2, CP-O3]", "CP-O2");
    });
    assert!(of(&report, "item-renamed").is_empty(), "{report:#}");
    assert_eq!(of(&report, "item-removed")[0]["id"], "CP-O3");
    assert_eq!(of(&report, "item-added")[0]["id"], "CP-O6");
    // Nothing links to CP-O3 any more, so its removal is for review, not breaking.
    assert_eq!(of(&report, "item-removed")[0]["level"], "review");
    assert_eq!(code, 0);
}

#[test]
fn weak_evidence_is_a_possible_rename_beside_the_removal_and_addition() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### Sound finances {#CP-O3 .objective}",
            "### Sound finances and value for money {#CP-O7 .objective}",
        );
        edit(&plan(new, "budget.yaml"), "[CP-O2, CP-O3]", "CP-O2");
    });
    let renamed = of(&report, "item-renamed");
    assert_eq!(renamed.len(), 1, "{report:#}");
    assert_eq!(renamed[0]["possible"], true);
    assert!(
        renamed[0]["message"]
            .as_str()
            .unwrap()
            .contains("replaces: CP-O3")
    );
    assert_eq!(of(&report, "item-removed").len(), 1);
    assert_eq!(of(&report, "item-added").len(), 1);
}

#[test]
fn a_merge_is_inferred_when_the_followers_of_two_items_go_to_one() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### A skilled workforce {#CP-O2 .objective}\n\n### Sound finances {#CP-O3 .objective}",
            "### People and money {#CP-O8 .objective}",
        );
        edit(
            &plan(new, "workforce.md"),
            "supports=CP-O2}",
            "supports=CP-O8}",
        );
        edit(
            &plan(new, "workforce.md"),
            "supports=CP-O2}",
            "supports=CP-O8}",
        );
        edit(&plan(new, "budget.yaml"), "[CP-O2, CP-O3]", "CP-O8");
    });
    let merged = of(&report, "item-merged");
    let ids: Vec<&Value> = merged.iter().map(|c| &c["id"]).collect();
    assert_eq!(ids, ["CP-O2", "CP-O3"], "{report:#}");
    assert!(
        merged
            .iter()
            .all(|c| c["new_id"] == "CP-O8" && c["possible"] == false)
    );
    assert!(of(&report, "item-removed").is_empty(), "{report:#}");
}

#[test]
fn replaces_is_authoritative_and_a_link_to_the_old_id_names_the_new_one() {
    let (code, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### Sound finances {#CP-O3 .objective}",
            "### Money {#CP-O9 .objective replaces=CP-O3}",
        );
    });
    let renamed = of(&report, "item-renamed");
    assert_eq!(renamed[0]["new_id"], "CP-O9", "{report:#}");
    assert!(
        renamed[0]["evidence"]
            .as_str()
            .unwrap()
            .contains("replaces: CP-O3")
    );
    let link = of(&report, "link-to-removed");
    assert_eq!(link.len(), 1, "{report:#}");
    assert_eq!(link[0]["id"], "BUD-2");
    assert_eq!(link[0]["because"], serde_json::json!(["CP-O3"]));
    assert_eq!(link[0]["level"], "breaking");
    assert!(
        link[0]["message"]
            .as_str()
            .unwrap()
            .contains("renamed CP-O9")
    );
    assert_eq!(code, 1);
}

#[test]
fn an_orphan_names_its_cause_and_what_hangs_below_it_is_listed_with_it() {
    let (code, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### A skilled workforce {#CP-O2 .objective}\n",
            "",
        );
        edit(&plan(new, "budget.yaml"), "[CP-O2, CP-O3]", "CP-O3");
    });
    let orphans = of(&report, "orphaned");
    let ids: Vec<&Value> = orphans.iter().map(|c| &c["id"]).collect();
    // WFS-T1 and WFS-A1 go up only through WFS-O1: listed with it, not again.
    assert_eq!(ids, ["WFS-O1", "WFS-O2"], "{report:#}");
    assert_eq!(orphans[0]["because"], serde_json::json!(["CP-O2"]));
    let message = orphans[0]["message"].as_str().unwrap();
    assert!(
        message.contains("WFS-T1") && message.contains("WFS-A1"),
        "{message}"
    );
    let removed = of(&report, "item-removed");
    assert_eq!(removed[0]["id"], "CP-O2");
    assert_eq!(removed[0]["level"], "breaking");
    assert_eq!(of(&report, "link-to-removed").len(), 2);
    // `untraced` and `dangling-reference` for these items are not repeated as new findings.
    assert!(of(&report, "finding-new").is_empty(), "{report:#}");
    assert_eq!(code, 1);
}

#[test]
fn money_moves_on_attributed_amounts_and_a_nested_line_is_not_counted_twice() {
    let (_, report) = refresh(|new| edit(&plan(new, "budget.yaml"), "£10m", "£12m"));
    let moved = of(&report, "money-moved");
    let ids: Vec<&Value> = moved.iter().map(|c| &c["id"]).collect();
    assert_eq!(ids, ["CP-P1", "CP-O1"], "{report:#}");
    assert_eq!(moved[0]["old_value"], 10_000_000);
    assert_eq!(moved[0]["new_value"], 12_000_000);
    assert_eq!(of(&report, "budget-line-changed")[0]["id"], "BUD-1");

    // A nested line breaks its parent down: its amount moves no money up the thread.
    let (_, report) = refresh(|new| edit(&plan(new, "budget.yaml"), "£1m", "£2m"));
    assert!(of(&report, "money-moved").is_empty(), "{report:#}");
    assert_eq!(of(&report, "budget-line-changed")[0]["id"], "BUD-2.1");
}

#[test]
fn targets_changed_weakened_slipped_and_stale() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "workforce.md"),
            "baseline: 10.0",
            "baseline: 10.2",
        )
    });
    assert_eq!(classes(&report), ["target-changed"], "{report:#}");
    let (_, report) = refresh(|new| edit(&plan(new, "workforce.md"), "target: 9.8", "target: 9.9"));
    assert_eq!(classes(&report), ["target-weakened"], "{report:#}");
    assert_eq!(of(&report, "target-weakened")[0]["new_value"], 9.9);
    let (_, report) = refresh(|new| edit(&plan(new, "workforce.md"), "target: 9.8", "target: 9.5"));
    assert_eq!(classes(&report), ["target-changed"], "{report:#}");
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "workforce.md"),
            "due=2012-03-31",
            "due=2013-03-31",
        );
    });
    let slipped = of(&report, "target-slipped");
    assert_eq!(slipped[0]["old_value"], "2012-03-31", "{report:#}");
    assert_eq!(slipped[0]["new_value"], "2013-03-31");

    // Carried over as of a date after both were due: stale, unless marked complete.
    let (_, report) = refresh_with(&["--as-of", "2012-06-01"], |new| {
        edit(
            &plan(new, "workforce.md"),
            "owner: Head of HR\n```\n\n## Grow",
            "owner: Head of HR\nstatus: complete\n```\n\n## Grow",
        );
    });
    let stale: Vec<&Value> = of(&report, "target-stale")
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert_eq!(stale, ["WFS-T1"], "{report:#}");
}

#[test]
fn plans_that_came_went_or_changed_their_header() {
    let (_, report) = refresh(|new| {
        std::fs::remove_file(plan(new, "budget.yaml")).unwrap();
        let path = plan(new, "workforce.md");
        edit(&path, "title: Workforce Strategy", "title: People Strategy");
        edit(&path, "period: 2011/12-2013/14", "period: 2011/12-2014/15");
        edit(&path, "status: approved", "status: draft");
        edit(&path, "reviewed: 2011-03-01", "reviewed: 2011-05-01");
        std::fs::write(
            plan(new, "risk.yaml"),
            "id: RR\ntype: risk\ntitle: Risks\nperiod: 2011/12\nreviewed: 2011-05-01\nitems: []\n",
        )
        .unwrap();
    });
    for class in [
        "plan-removed",
        "plan-added",
        "plan-retitled",
        "period-changed",
        "status-changed",
    ] {
        assert_eq!(of(&report, class).len(), 1, "{class}: {report:#}");
    }
    assert_eq!(of(&report, "plan-removed")[0]["plan"], "BUD");
    assert_eq!(of(&report, "plan-added")[0]["plan"], "RR");
    assert!(of(&report, "plan-not-reviewed").is_empty(), "{report:#}");
}

#[test]
fn a_plan_not_reviewed_when_the_corporate_plan_was() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "reviewed: 2011-03-01",
            "reviewed: 2011-05-01",
        );
        edit(
            &plan(new, "budget.yaml"),
            "reviewed: 2011-03-01",
            "reviewed: 2011-05-01",
        );
    });
    let plans: Vec<&Value> = of(&report, "plan-not-reviewed")
        .iter()
        .map(|c| &c["plan"])
        .collect();
    assert_eq!(plans, ["WFS"], "{report:#}");
    // A year later every plan is due for review.
    let (_, report) = refresh_with(&["--as-of", "2012-06-01"], |_| {});
    assert_eq!(of(&report, "plan-not-reviewed").len(), 3, "{report:#}");
    // Reviewed again, but still over a year before: the plan not reviewed is the one change,
    // not also the `stale-review` finding that says the same.
    let (_, report) = refresh_with(&["--as-of", "2012-06-01"], |new| {
        edit(
            &plan(new, "workforce.md"),
            "reviewed: 2011-03-01",
            "reviewed: 2011-04-01",
        );
    });
    assert_eq!(of(&report, "plan-not-reviewed").len(), 3, "{report:#}");
    let said_twice: Vec<&Value> = of(&report, "finding-new")
        .into_iter()
        .filter(|c| c["message"].as_str().unwrap().contains("(stale-review)"))
        .collect();
    assert!(said_twice.is_empty(), "{report:#}");
}

#[test]
fn items_and_their_own_links() {
    let (_, report) = refresh(|new| {
        let path = plan(new, "workforce.md");
        edit(
            &path,
            "## Reduce sickness absence {#WFS-O1",
            "## Cut sickness absence {#WFS-O1",
        );
        edit(
            &path,
            "{#WFS-O2 .objective supports=CP-O2}",
            "{#WFS-O2 .outcome supports=CP-O2,CP-O3}",
        );
        edit(&plan(new, "budget.yaml"), "funds: CP-O1", "funds: CP-O2");
        // The action moves from inside WFS-O1 to inside WFS-O2.
        let text = std::fs::read_to_string(&path).unwrap();
        let action = "### Train managers {#WFS-A1 .action due=2012-03-31}\n\n```yaml\nowner: Head of HR\n```\n\n";
        std::fs::write(&path, format!("{}{action}", text.replace(action, ""))).unwrap();
    });
    assert_eq!(
        of(&report, "item-retitled")[0]["id"],
        "WFS-O1",
        "{report:#}"
    );
    assert_eq!(of(&report, "item-kind-changed")[0]["id"], "WFS-O2");
    assert_eq!(of(&report, "link-added")[0]["id"], "WFS-O2");
    assert_eq!(of(&report, "link-retargeted")[0]["id"], "BUD-1");
    assert_eq!(of(&report, "item-moved")[0]["id"], "WFS-A1");
    let (_, report) =
        refresh(|new| edit(&plan(new, "workforce.md"), "supports=CP-O2}\n\n", "}\n\n"));
    assert_eq!(of(&report, "link-removed")[0]["id"], "WFS-O1", "{report:#}");
    assert_eq!(of(&report, "orphaned")[0]["because"], serde_json::json!([]));
}

#[test]
fn newly_traced_and_new_and_resolved_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    council(&old);
    council(&new);
    edit(&plan(&old, "workforce.md"), "supports=CP-O2}\n\n", "}\n\n");
    let run = run(planalign()
        .args(["diff", "--format", "json", "--as-of", AS_OF])
        .arg(&old)
        .arg(&new));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let traced: Vec<&Value> = of(&report, "newly-traced")
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert!(traced.contains(&&Value::from("WFS-O1")), "{report:#}");
    let resolved = of(&report, "finding-resolved");
    assert!(
        resolved.iter().any(|c| c["title"] == "untraced"),
        "{report:#}"
    );
    assert_eq!(run.code, 0);
}

#[test]
fn a_malformed_file_on_one_side_is_compared_as_far_as_it_can_be_read() {
    let (code, report) = refresh(|new| {
        std::fs::write(
            plan(new, "budget.yaml"),
            "id: BUD\ntype: budget\nitems: [\n",
        )
        .unwrap();
    });
    let new_findings = of(&report, "finding-new");
    assert!(
        new_findings
            .iter()
            .any(|c| c["title"] == "parse-error" && c["level"] == "breaking"),
        "{report:#}"
    );
    // The plans that could be read are compared as usual.
    assert!(
        of(&report, "item-removed")
            .iter()
            .any(|c| c["id"] == "BUD-1")
    );
    assert_eq!(code, 1);
}

#[test]
fn fail_on_sets_the_exit_code_and_a_missing_side_is_exit_2() {
    let change = |new: &Path| edit(&plan(new, "workforce.md"), "target: 9.8", "target: 9.9");
    assert_eq!(refresh(change).0, 0);
    assert_eq!(refresh_with(&["--fail-on", "review"], change).0, 1);
    assert_eq!(
        refresh_with(&["--fail-on", "never"], |n| {
            std::fs::remove_file(plan(n, "budget.yaml")).unwrap();
            edit(&plan(n, "workforce.md"), "supports=CP-O2}\n\n", "}\n\n");
        })
        .0,
        0
    );
    let run = run(planalign()
        .args(["diff", "no-such-folder", "plans"])
        .current_dir(root()));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
}

#[test]
fn the_same_two_sides_give_byte_identical_output() {
    let args = |format: &str| {
        let mut cmd = planalign();
        cmd.current_dir(root()).args([
            "diff",
            "plans",
            "examples/refresh/2011",
            "--as-of",
            "2011-04-01",
            "--format",
            format,
        ]);
        cmd
    };
    for format in ["human", "json", "markdown"] {
        let first = run(&mut args(format));
        let second = run(&mut args(format));
        assert_eq!(first.code, 1);
        assert!(!first.stdout.is_empty());
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn every_change_class_is_explained() {
    for class in planalign::diff::Class::ALL {
        let run = run(planalign()
            .args(["explain", class.as_str()])
            .current_dir(root()));
        assert_eq!(run.code, 0, "{}", class.as_str());
        let level = class.meta().level.as_str();
        assert!(
            run.stdout.contains(&format!("level: {level}")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn the_worked_refresh_answers_the_refresh_officers_questions() {
    let run = run(planalign().current_dir(root()).args([
        "diff",
        "plans",
        "examples/refresh/2011",
        "--as-of",
        "2011-04-01",
        "--format",
        "json",
    ]));
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let one = |class: &str, id: &str| {
        of(&report, class)
            .into_iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no {class} for {id}: {report:#}"))
            .clone()
    };
    assert_eq!(one("item-renamed", "CP-P2")["new_id"], "CP-P5");
    assert!(
        one("item-renamed", "CP-O4.1")["evidence"]
            .as_str()
            .unwrap()
            .contains("4 of 5")
    );
    assert_eq!(one("item-merged", "CP-O4.2")["new_id"], "CP-O4.6");
    assert_eq!(one("item-merged", "CP-O4.4")["new_id"], "CP-O4.6");
    assert_eq!(one("item-removed", "CP-O2.2")["level"], "breaking");
    assert!(
        one("link-to-removed", "RR-01")["message"]
            .as_str()
            .unwrap()
            .contains("merged into CP-O4.6")
    );
    assert_eq!(
        one("orphaned", "AAP-3")["because"],
        serde_json::json!(["CP-O4.1"])
    );
    assert_eq!(one("money-moved", "CP-P3")["new_value"], 30_050_000);
    assert_eq!(one("target-slipped", "WFS-T2")["new_value"], "2012-03-31");
    one("target-stale", "WFS-T1");
    let not_reviewed: Vec<&Value> = of(&report, "plan-not-reviewed")
        .iter()
        .map(|c| &c["plan"])
        .collect();
    assert_eq!(not_reviewed, ["AAP", "RR"]);
    // The asset plan's rows were re-ordered and a paragraph reworded: nothing of that shows.
    let amp: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["plan"] == "AMP")
        .map(|c| &c["change"])
        .collect();
    assert_eq!(
        amp,
        ["finding-resolved", "link-to-removed", "finding-new"],
        "{report:#}"
    );
    // The JSON has DESIGN's keys.
    let mut keys: Vec<&String> = report["changes"][0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "because",
            "change",
            "evidence",
            "id",
            "kind",
            "level",
            "message",
            "new_at",
            "new_id",
            "new_title",
            "new_value",
            "old_at",
            "old_value",
            "plan",
            "possible",
            "title"
        ]
    );
    let mut top: Vec<&String> = report.as_object().unwrap().keys().collect();
    top.sort();
    assert_eq!(
        top,
        ["as_of", "changes", "new", "old", "summary", "version"]
    );
}

#[test]
fn the_html_report_is_one_file_with_plan_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("refresh.html");
    let hostile = root().join("tests/fixtures/report-xss");
    let written = run(planalign()
        .current_dir(root())
        .args(["diff", "plans"])
        .arg(&hostile)
        .args([
            "--as-of",
            AS_OF,
            "--format",
            "html",
            "--fail-on",
            "never",
            "-o",
        ])
        .arg(&out));
    assert_eq!(written.code, 0, "{}", written.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    assert!(html.contains("<caption>") && html.contains("scope=\"col\""));
    let no_file = run(planalign()
        .current_dir(root())
        .args(["diff", "plans", "plans", "--format", "html"]));
    assert_eq!(no_file.code, 2);
    assert!(
        no_file.stderr.contains("-o FILE.html"),
        "{}",
        no_file.stderr
    );
}

#[test]
fn alike_titles_are_not_enough_when_the_followers_went_elsewhere() {
    let (_, report) = refresh(|new| {
        edit(
            &plan(new, "corporate.md"),
            "### Sound finances {#CP-O3 .objective}",
            "### Sound finances {#CP-O6 .objective}",
        );
        edit(
            &plan(new, "budget.yaml"),
            "[CP-O2, CP-O3]",
            "[CP-O2, CP-O1]",
        );
    });
    let renamed = of(&report, "item-renamed");
    assert_eq!(renamed.len(), 1, "{report:#}");
    assert_eq!(renamed[0]["possible"], true);
    assert_eq!(of(&report, "item-removed")[0]["id"], "CP-O3");
}
