//! Generates a plans repository of about N items for benchmarks: a Corporate Plan, Markdown
//! service plans (objectives with nested actions and targets), YAML budget plans with nested
//! lines, and YAML risk registers, about 50 items a file. It is clean (checked `--as-of
//! 2026-01-01`) except for the defects it injects, whose expected counts it prints:
//! untraced actions, and with `--dangling PERCENT` that share of items with a dangling
//! reference (each beside a link that traces, so it adds no untraced finding).
//!
//! With `--refresh`, the same corpus a year on, for `planalign diff`: priority 1 has a new id
//! (its objectives moved inside the new one), priority 10 is gone (its objectives now sit
//! under priority 9), objective 9.10 is gone while the links to it stay, 5% of links to
//! Corporate Plan objectives point at another objective, and one budget line in ten has a new
//! amount.
//!
//!   cargo run --release --example corpus -- N DIR [--dangling PERCENT] [--refresh]

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool for benchmarks"
)]

use std::fmt::Write as _;
use std::path::Path;

const PRIORITIES: usize = 10;
const OBJECTIVES: usize = 10;
/// One item in this many is an untraced action.
const UNTRACED_EVERY: usize = 500;

/// A small deterministic generator, so the same N always gives the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

fn objective(rng: &mut Lcg) -> String {
    format!(
        "CP-O{}.{}",
        rng.next(PRIORITIES) + 1,
        rng.next(OBJECTIVES) + 1
    )
}

/// The changes of a refresh, drawn from a generator of their own so that the corpus is
/// otherwise the same.
struct Refresh(Lcg);

impl Refresh {
    /// Whether a change with a chance of `percent` in a hundred happens this time.
    fn happens(refresh: &mut Option<Refresh>, percent: usize) -> bool {
        refresh.as_mut().is_some_and(|r| r.0.next(100) < percent)
    }

    /// A link to a Corporate Plan objective, re-pointed in 5% of cases.
    fn link(refresh: &mut Option<Refresh>, rng: &mut Lcg) -> String {
        let target = objective(rng);
        let Some(r) = refresh.as_mut() else {
            return target;
        };
        if r.0.next(100) < 5 {
            objective(&mut r.0)
        } else {
            target
        }
    }
}

const HEADER: &str =
    "period: 2025/26-2027/28\nowner: Head of Service\nstatus: approved\nreviewed: 2025-06-01\n";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: corpus N DIR [--dangling PERCENT] [--refresh]");
        std::process::exit(2);
    };
    let dangling_percent: usize = match args.iter().position(|a| a == "--dangling") {
        Some(i) => args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(0),
        None => 0,
    };
    let mut refresh = args
        .iter()
        .any(|a| a == "--refresh")
        .then_some(Refresh(Lcg(n as u64 ^ 0x5eed)));
    let plans = Path::new(dir).join("plans");
    if plans.exists() {
        std::fs::remove_dir_all(&plans).expect("cannot clear the old corpus");
    }
    std::fs::create_dir_all(&plans).expect("cannot create the corpus folder");
    let mut rng = Lcg(n as u64);
    let (mut items, mut files, mut untraced, mut dangling) = (0, 0, 0, 0);

    let mut cp = format!(
        "---\nid: CP\ntype: corporate\ntitle: Corporate Plan 2025-28\n{HEADER}---\n# Corporate Plan 2025-28\n\n"
    );
    let refreshed = refresh.is_some();
    for p in 1..=PRIORITIES {
        match (refreshed, p) {
            (true, 1) => {
                let _ = writeln!(cp, "## Priority {p} {{#CP-P{p}R .priority}}\n");
            }
            (true, PRIORITIES) => {}
            _ => {
                let _ = writeln!(cp, "## Priority {p} {{#CP-P{p} .priority}}\n");
            }
        }
        for o in 1..=OBJECTIVES {
            if refreshed && (p, o) == (PRIORITIES - 1, OBJECTIVES) {
                continue;
            }
            let _ = writeln!(
                cp,
                "### Objective {p}.{o} {{#CP-O{p}.{o} .objective owner=Director}}\n"
            );
        }
    }
    std::fs::write(plans.join("corporate-plan.md"), cp).unwrap();
    items += PRIORITIES * (OBJECTIVES + 1);
    files += 1;

    // Every Corporate Plan objective is funded, so that no warning hides the injected defects.
    let mut funded = String::from("id: BUD-CORE\ntype: budget\ntitle: Core budget\n");
    funded.push_str(&HEADER.replace("Head of Service", "Director of Finance"));
    funded.push_str("items:\n");
    for p in 1..=PRIORITIES {
        for o in 1..=OBJECTIVES {
            let _ = writeln!(
                funded,
                "  - {{id: BUD-CORE-{p}-{o}, kind: budget-line, title: Core {p}.{o}, amount: £1.5m, funds: CP-O{p}.{o}, owner: Director of Finance}}"
            );
        }
    }
    std::fs::write(plans.join("budget-core.yaml"), funded).unwrap();
    items += PRIORITIES * OBJECTIVES;
    files += 1;

    let next_dangling = |rng: &mut Lcg, dangling: &mut usize| -> Option<String> {
        (dangling_percent > 0 && rng.next(100) < dangling_percent).then(|| {
            *dangling += 1;
            format!("CP-X{}", rng.next(100_000))
        })
    };
    let mut f = 0;
    while items < n {
        f += 1;
        files += 1;
        match f % 10 {
            0 => {
                // A risk register.
                let mut text = format!(
                    "id: RR{f}\ntype: risk\ntitle: Risk register {f}\n{}items:\n",
                    HEADER.replace("Head of Service", "Risk Manager")
                );
                for r in 0..50 {
                    let (l, i) = (rng.next(5) + 1, rng.next(5) + 1);
                    let mut threatens = Refresh::link(&mut refresh, &mut rng);
                    if let Some(d) = next_dangling(&mut rng, &mut dangling) {
                        threatens = format!("[{threatens}, {d}]");
                    }
                    let _ = writeln!(
                        text,
                        "  - id: RR{f}-{r}\n    kind: risk\n    title: Risk {r} of register {f}\n    threatens: {threatens}\n    owner: Risk Manager\n    likelihood: {l}\n    impact: {i}\n    score: {}",
                        l * i
                    );
                    items += 1;
                }
                std::fs::write(plans.join(format!("risks-{f}.yaml")), text).unwrap();
            }
            1 | 2 => {
                // A budget plan: lines, each broken down by two nested lines.
                let mut text = format!(
                    "id: BUD{f}\ntype: budget\ntitle: Budget {f}\n{}items:\n",
                    HEADER.replace("Head of Service", "Director of Finance")
                );
                for b in 0..17 {
                    let amount = 100 + b + 5 * usize::from(Refresh::happens(&mut refresh, 10));
                    let mut funds = Refresh::link(&mut refresh, &mut rng);
                    if let Some(d) = next_dangling(&mut rng, &mut dangling) {
                        funds = format!("[{funds}, {d}]");
                    }
                    let _ = writeln!(
                        text,
                        "  - id: BUD{f}-{b}\n    kind: budget-line\n    title: Line {b} of budget {f}\n    amount: £{amount}k\n    funds: {funds}\n    owner: Director of Finance\n    items:"
                    );
                    for c in 0..2 {
                        let _ = writeln!(
                            text,
                            "      - {{id: BUD{f}-{b}.{c}, kind: budget-line, title: Part {c}, amount: £50k}}"
                        );
                    }
                    items += 3;
                }
                std::fs::write(plans.join(format!("budget-{f}.yaml")), text).unwrap();
            }
            _ => {
                // A service plan: objectives with nested actions and targets.
                let mut text = format!(
                    "---\nid: S{f}\ntype: service\ntitle: Service plan {f}\n{HEADER}---\n# Service plan {f}\n\n"
                );
                for o in 0..10 {
                    let mut supports = Refresh::link(&mut refresh, &mut rng);
                    if let Some(d) = next_dangling(&mut rng, &mut dangling) {
                        supports = format!("{supports},{d}");
                    }
                    let _ = writeln!(
                        text,
                        "## Objective {o} of plan {f} {{#S{f}-O{o} .objective supports={supports} owner=Head}}\n"
                    );
                    let delivers = next_dangling(&mut rng, &mut dangling)
                        .map(|d| format!(" delivers=S{f}-O{o},{d}"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        text,
                        "### Action {o} {{#S{f}-A{o} .action due=2026-03-31 owner=Head{delivers}}}\n"
                    );
                    for t in 0..3 {
                        let measures = next_dangling(&mut rng, &mut dangling)
                            .map(|d| format!("measures: [S{f}-O{o}, {d}]\n"))
                            .unwrap_or_default();
                        let _ = writeln!(
                            text,
                            "### Target {o}.{t} {{#S{f}-T{o}.{t} .target}}\n\n```yaml\nmeasure: Measure {t}\nbaseline: 10\ntarget: 12\ndue: 2026/27\nowner: Head\n{measures}```\n"
                        );
                    }
                    items += 5;
                    if items % UNTRACED_EVERY < 5 {
                        let _ = writeln!(
                            text,
                            "## Unlinked work {o} {{#S{f}-U{o} .action owner=Head}}\n"
                        );
                        items += 1;
                        untraced += 1;
                    }
                }
                std::fs::write(plans.join(format!("service-{f}.md")), text).unwrap();
            }
        }
    }
    println!(
        "{items} items in {files} files; injected: untraced {untraced}, dangling-reference {dangling}"
    );
}
