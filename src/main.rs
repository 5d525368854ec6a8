//! The planalign command: arguments in, report out, exit code back.

#![allow(
    clippy::print_stderr,
    reason = "main is where planalign tells the user it could not run"
)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use planalign::cli::{CheckArgs, Cli, Color, Command, Format};
use planalign::engine::{self, CheckOptions};
use planalign::report;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { path } => rules(&path, None),
        Command::Explain { id, path } => rules(&path, Some(&id)),
    }
}

/// `planalign rules` and `planalign explain ID`.
fn rules(path: &std::path::Path, explain: Option<&str>) -> ExitCode {
    let (rules, sources, problems) = match engine::rules_for(path) {
        Ok(found) => found,
        Err(error) => {
            eprintln!("planalign: error: {error}");
            return ExitCode::from(2);
        }
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
    let outcome = match engine::check(&options) {
        Ok(outcome) => outcome,
        Err(error) => {
            eprintln!("planalign: error: {error}");
            return ExitCode::from(2);
        }
    };
    for skipped in &outcome.skipped {
        eprintln!("planalign: warning: skipped {skipped}");
    }
    let text = match args.format {
        Format::Human => {
            let stdout = std::io::stdout();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = terminal_width().unwrap_or(100);
            report::human::render(&outcome, report::human::Style { color, width })
        }
        Format::Json => report::json::render(&outcome),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // The reader went away (a closed pipe): nothing more to say.
        return ExitCode::from(2);
    }
    if outcome.summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
