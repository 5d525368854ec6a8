//! The planalign command: arguments in, report out, exit code back.

#![allow(
    clippy::print_stderr,
    reason = "main is where planalign tells the user it could not run"
)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use planalign::baseline::{self, Baseline};
use planalign::cli::{
    CheckArgs, Cli, Color, Command, CoverageFormat, Format, GraphFormat, TraceFormat, ViewArgs,
};
use planalign::engine::{self, CheckOptions};
use planalign::report;

// Parsing builds many small strings and maps; mimalloc makes that markedly cheaper than the
// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { path } => rules(&path, None),
        Command::Explain { id, path } => rules(&path, Some(&id)),
        Command::Init { dir } => init(&dir),
        Command::Trace { id, view, format } => show(&view, |outcome, money| {
            let Some(node) = outcome.model.lookup(&id) else {
                let known: Vec<&str> = outcome
                    .model
                    .nodes
                    .iter()
                    .map(|n| n.item.id.as_str())
                    .collect();
                let suggestion = planalign::suggest::suggest_ids(&known, &[(id.as_str(), &[])])[0]
                    .map(|s| format!(": did you mean {s}?"))
                    .unwrap_or_default();
                return Err(format!("there is no item {id}{suggestion}"));
            };
            let t = planalign::view::trace::trace(&outcome.model, money, node);
            Ok(match format {
                TraceFormat::Human => report::trace::human(&t),
                TraceFormat::Json => report::trace::json(&t),
            })
        }),
        Command::Coverage { view, format } => show(&view, |outcome, money| {
            let c = planalign::view::coverage::coverage(&outcome.model, money);
            Ok(match format {
                CoverageFormat::Human => report::coverage::human(&outcome.model, &c),
                CoverageFormat::Json => report::coverage::json(&c),
                CoverageFormat::Csv => report::coverage::csv(&outcome.model, &c),
            })
        }),
        Command::Graph {
            view,
            format,
            around,
            depth,
        } => show(&view, |outcome, money| {
            let start = match &around {
                Some(id) => Some(
                    outcome
                        .model
                        .lookup(id)
                        .ok_or_else(|| format!("there is no item {id}"))?,
                ),
                None => None,
            };
            let keep = report::graph::select(outcome, start, depth);
            Ok(match format {
                GraphFormat::Dot => report::graph::dot(outcome, money, &keep),
                GraphFormat::Mermaid => report::graph::mermaid(outcome, money, &keep),
            })
        }),
        Command::Report { view, output } => show(&view, |outcome, money| {
            let c = planalign::view::coverage::coverage(&outcome.model, money);
            let page = report::html::render(outcome, money, &c);
            std::fs::write(&output, page)
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            Ok(format!(
                "planalign: wrote the report to {}\n",
                output.display()
            ))
        }),
    }
}

/// Checks the plans, attributes money, and prints what `view` makes of them.
fn show(
    args: &ViewArgs,
    view: impl FnOnce(&engine::Outcome, &planalign::view::money::Attribution) -> Result<String, String>,
) -> ExitCode {
    let options = CheckOptions {
        paths: args.paths.clone(),
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        severity: Vec::new(),
    };
    let outcome = match engine::check(&options) {
        Ok(outcome) => outcome,
        Err(error) => return fail(&error),
    };
    let money = planalign::view::money::attribute(&outcome.model);
    match view(&outcome, &money) {
        Ok(text) => write_stdout(&text),
        Err(error) => fail(&error),
    }
}

/// `planalign rules` and `planalign explain ID`.
fn rules(path: &std::path::Path, explain: Option<&str>) -> ExitCode {
    let (rules, sources, problems) = match engine::rules_for(path) {
        Ok(found) => found,
        Err(error) => return fail(&error),
    };
    for problem in &problems {
        let at = report::location(&sources, problem.span);
        eprintln!(
            "planalign: warning: {}:{}:{}: {}",
            at.file, at.line, at.column, problem.message
        );
    }
    let text = match explain {
        None => report::rules::list(&rules),
        Some(id) => match report::rules::explain(&rules, id) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("planalign: error: {error}");
                return ExitCode::from(2);
            }
        },
    };
    write_stdout(&text)
}

/// Prints the report; a closed pipe is not an error worth a message.
fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn check(args: &CheckArgs) -> ExitCode {
    let options = CheckOptions {
        paths: args.paths.clone(),
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        severity: args.severity.clone(),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(error) => return fail(&error),
    };
    let mut outcome = match engine::check(&options) {
        Ok(outcome) => outcome,
        Err(error) => return fail(&error),
    };
    for skipped in &outcome.skipped {
        eprintln!("planalign: warning: skipped {skipped}");
    }
    if let Some(path) = &args.write_baseline {
        if let Err(error) = baseline::write(path, &outcome.sources, &outcome.findings) {
            return fail(&error);
        }
        eprintln!(
            "planalign: recorded {} findings in {}",
            outcome.findings.len(),
            path.display()
        );
    }
    if let Some(baseline) = baseline {
        outcome.apply_baseline(baseline);
    }
    let summary = report::human::summary(&outcome);
    let text = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let width = terminal_width().unwrap_or(100);
            let style = report::human::Style { color, width };
            format!("{}{summary}", report::human::render(&outcome, style))
        }
        Format::Json => report::json::render(&outcome),
        Format::Sarif => report::sarif::render(&outcome),
        Format::Junit => report::junit::render(&outcome),
        Format::Github => report::github::render(&outcome),
        Format::Markdown => report::markdown::render(&outcome),
    };
    if args.format != Format::Human {
        // Machine formats keep stdout for the format alone.
        eprint!("{summary}");
    }
    if write_stdout(&text) != ExitCode::SUCCESS {
        return ExitCode::from(2);
    }
    let warnings_fail = args.deny_warnings && outcome.summary.warnings > 0;
    let failed = outcome.summary.errors > 0 || warnings_fail;
    // The process ends here: freeing a hundred thousand items one by one would only delay it.
    std::mem::forget(outcome);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reports what stopped planalign from running.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("planalign: error: {error}");
    ExitCode::from(2)
}

/// `planalign init DIR`.
fn init(dir: &std::path::Path) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    match planalign::init::create(dir, today) {
        Ok(done) => write_stdout(&report::init(&done, dir)),
        Err(error) => fail(&error),
    }
}

fn terminal_width() -> Option<usize> {
    std::io::stdout().is_terminal().then(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100)
    })
}
