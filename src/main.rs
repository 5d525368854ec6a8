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
    CheckArgs, Cli, Color, Command, DiffArgs, DiffFormat, FailOn, Format, ViewArgs,
};
use planalign::engine::{self, CheckOptions};
use planalign::report::{self, Render, Report};
use planalign::snapshot::Snapshot;
use planalign::snapshot::disk::Disk;
use planalign::snapshot::git;
use planalign::view::trace::{self, NoItem};

// Parsing builds many small strings and maps; mimalloc makes that markedly cheaper than the
// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Diff(args) => diff(&args),
        Command::Rules { path } => rules(&path, None),
        Command::Explain { id, path } => rules(&path, Some(&id)),
        Command::Init { dir } => init(&dir),
        Command::Lsp => match planalign::lsp::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        },
        Command::Trace { id, view, format } => show(&view, |r| {
            Ok(report::trace(format, trace::find(r.model, &id)?))
        }),
        Command::Coverage { view, format } => show(&view, |_| Ok(report::coverage(format))),
        Command::Graph {
            view,
            format,
            around,
            depth,
        } => show(&view, |r| {
            let start = around
                .as_deref()
                .map(|id| trace::find(r.model, id).map_err(NoItem::without_suggestion))
                .transpose()?;
            Ok(report::graph(format, start, depth))
        }),
        Command::Report { view, output } => show(&view, |r| {
            planalign::output::write_file(&output, report::html::render(r).as_bytes())?;
            Ok(Box::new(format!(
                "planalign: wrote the report to {}\n",
                output.display()
            )))
        }),
    }
}

/// Checks the plans and prints what `view` makes of them.
fn show(
    args: &ViewArgs,
    view: impl FnOnce(&Report) -> Result<Box<dyn Render>, Box<dyn std::error::Error>>,
) -> ExitCode {
    let snapshot = match Disk::open(&args.paths) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(&error),
    };
    let options = CheckOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        severity: Vec::new(),
    };
    let outcome = match engine::check(&snapshot, &options) {
        Ok(outcome) => outcome,
        Err(error) => return fail(&error),
    };
    let report = Report::from(&outcome);
    match view(&report) {
        Ok(format) => write_stdout(|out| format.render(&report, out)),
        Err(error) => fail(&error),
    }
}

/// `planalign rules` and `planalign explain ID`.
fn rules(path: &std::path::Path, explain: Option<&str>) -> ExitCode {
    let snapshot = match Disk::open(&[path.to_path_buf()]) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(&error),
    };
    let (rules, sources, problems) = engine::rules_for(&snapshot);
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
    write_stdout(|out| out.write_all(text.as_bytes()))
}

/// Prints the report; a closed pipe is not an error worth a message.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if write(&mut stdout).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn check(args: &CheckArgs) -> ExitCode {
    let options = CheckOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        severity: args.severity.clone(),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(error) => return fail(&error),
    };
    let snapshot = match Disk::open(&args.paths) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(&error),
    };
    let mut outcome = match engine::check(&snapshot, &options) {
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
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = report::human::Style {
        color,
        width: terminal_width().unwrap_or(100),
    };
    let report = Report::from(&outcome);
    if args.format != Format::Human {
        // Machine formats keep stdout for the format alone.
        eprint!("{}", report::human::summary(&report));
    }
    let format = report::check(args.format, style);
    if write_stdout(|out| format.render(&report, out)) != ExitCode::SUCCESS {
        return ExitCode::from(2);
    }
    drop(report);
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

/// `planalign diff OLD NEW`: the refresh worklist, and exit 1 at the `--fail-on` level.
fn diff(args: &DiffArgs) -> ExitCode {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if args.format == DiffFormat::Html && args.output.is_none() {
        return fail(&"--format html writes a file: name it with -o FILE.html");
    }
    let (old, new) = match sides(args) {
        Ok(sides) => sides,
        Err(error) => return fail(&*error),
    };
    let result = planalign::diff::diff((&*old.0, old.1), (&*new.0, new.1), as_of);
    let diff = match result {
        Ok(diff) => diff,
        Err(error) => return fail(&error),
    };
    for side in [&diff.old, &diff.new] {
        for skipped in &side.outcome.skipped {
            eprintln!("planalign: warning: skipped {skipped} (in {})", side.source);
        }
    }
    let text = match args.format {
        DiffFormat::Human => report::diff::human(&diff),
        DiffFormat::Json => report::diff::json(&diff),
        DiffFormat::Markdown => report::diff::markdown_report(&diff),
        DiffFormat::Html => report::diff::html(&diff),
    };
    let written = match &args.output {
        Some(path) => match planalign::output::write_file(path, text.as_bytes()) {
            Ok(()) => {
                eprintln!("planalign: wrote the refresh report to {}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => return fail(&error),
        },
        None => write_stdout(|out| out.write_all(text.as_bytes())),
    };
    if written != ExitCode::SUCCESS {
        return written;
    }
    let threshold = match args.fail_on {
        FailOn::Breaking => Some(planalign::diff::Level::Breaking),
        FailOn::Review => Some(planalign::diff::Level::Review),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|t| diff.changes.iter().any(|c| c.level >= t));
    std::mem::forget(diff);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A side of a diff and the name it is shown by.
type Side = (Box<dyn Snapshot>, String);

/// The two sides of `planalign diff`: two folders, or with `--git` two revisions of the
/// repository holding the current folder (the new side by default the files on disk).
fn sides(args: &DiffArgs) -> Result<(Side, Side), Box<dyn std::error::Error>> {
    let folder = |path: &str| -> Result<Side, Box<dyn std::error::Error>> {
        let snapshot = Disk::open(&[std::path::PathBuf::from(path)])?;
        Ok((Box::new(snapshot), path.to_owned()))
    };
    if !args.git {
        let Some(new) = args.new.as_deref() else {
            return Err(
                "name both sides, `planalign diff OLD NEW`, or compare revisions with \
                        `planalign diff --git OLD [NEW]`"
                    .into(),
            );
        };
        return Ok((folder(&args.old)?, folder(new)?));
    }
    let repository = git::Repository::discover(&std::env::current_dir()?)?;
    let revision = |spec: &str| -> Result<Side, Box<dyn std::error::Error>> {
        Ok((Box::new(repository.snapshot(spec)?), spec.to_owned()))
    };
    let old = revision(&args.old)?;
    let new = match args.new.as_deref() {
        Some(spec) => revision(spec)?,
        None => {
            let (snapshot, _) = folder(".")?;
            (snapshot, "work tree".to_owned())
        }
    };
    Ok((old, new))
}

/// Reports what stopped planalign from running.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("planalign: error: {error}");
    ExitCode::from(2)
}

/// `planalign init DIR`.
fn init(dir: &std::path::Path) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    if let Some(found) = planalign::init::existing(dir) {
        let text = format!(
            "{} is already a plans repository (it has {found}), so planalign init wrote \
             nothing.\nRun `planalign check {}` to check it.\n",
            dir.display(),
            dir.display()
        );
        return write_stdout(|out| out.write_all(text.as_bytes()));
    }
    match planalign::init::create(dir, today) {
        Ok(done) => {
            let text = report::init(&done, dir);
            write_stdout(|out| out.write_all(text.as_bytes()))
        }
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
