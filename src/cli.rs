//! The command line, as clap derive types.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

/// Checks that a council's plans trace back to its Corporate Plan: the golden thread.
#[derive(Debug, Parser)]
#[command(name = "planalign", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans and report every break in the golden thread (the CI gate).
    Check(CheckArgs),
    /// The golden thread through one item: up to the priorities, down to what leads to it.
    Trace {
        /// The item's id, such as WFS-T1.
        id: String,
        #[command(flatten)]
        view: ViewArgs,
        #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
        format: TraceFormat,
    },
    /// Each Corporate Plan priority and objective against each plan: items, targets, money.
    Coverage {
        #[command(flatten)]
        view: ViewArgs,
        #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
        format: CoverageFormat,
    },
    /// The graph of items and links, as Graphviz DOT or Mermaid.
    Graph {
        #[command(flatten)]
        view: ViewArgs,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Draw only the items around this one.
        #[arg(long, value_name = "ID")]
        around: Option<String>,
        /// With --around: how many links away to draw.
        #[arg(long, default_value_t = 2)]
        depth: usize,
    },
    /// Write the Cabinet report: one self-contained, accessible HTML file.
    Report {
        #[command(flatten)]
        view: ViewArgs,
        /// The HTML file to write.
        #[arg(short, long, value_name = "FILE.html")]
        output: PathBuf,
    },
    /// The annual refresh: last year's plans against this year's, as a worklist.
    Diff(DiffArgs),
    /// List every rule: id, severity, where it comes from, and what it checks.
    Rules {
        /// The plans repository whose own rules and planalign.yaml to include.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Create a new plans repository: configuration, an example plan of every type, an
    /// example rule and CI workflows. Existing files are never overwritten.
    Init {
        /// The folder to create it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// The language server: findings as you type, and the golden thread in the editor
    /// (definition, references, hover, completion, quick fixes, rename), over standard input
    /// and output. Editors start it; see the README.
    Lsp,
    /// Explain one rule in full: what it checks, why it matters, how to fix what it finds.
    Explain {
        /// The rule id, such as `untraced`.
        id: String,
        /// The plans repository whose own rules and planalign.yaml to include.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plans repository (a folder holding planalign.yaml or plans/), any folder, or plan files.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The date that date-aware rules check against (default: today): 2011-01-04, 04/01/2011
    /// or 4 January 2011.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Change a rule's severity for this run: RULE=error|warning|note|off (repeatable; wins
    /// over planalign.yaml).
    #[arg(long, value_name = "RULE=LEVEL", value_parser = parse_severity)]
    pub severity: Vec<(String, Severity)>,

    /// Exit 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report only findings not recorded in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every current finding in this baseline file, replacing it.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Last year's plans: a folder, or with --git a revision (a tag, branch, commit, HEAD~1),
    /// optionally with a folder inside it (REV:council/plans).
    pub old: String,

    /// This year's plans: a folder, or with --git a revision (default: the files on disk).
    pub new: Option<String>,

    /// Read OLD and NEW as revisions of the git repository holding the current folder.
    #[arg(long)]
    pub git: bool,

    /// How to give the changes (html needs -o FILE).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Write the report to this file instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The date for the date-aware changes (default: today): 2011-01-04, 04/01/2011 or 4
    /// January 2011.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Exit 1 when a change of this level or above is found.
    #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A refresh worklist grouped by plan, the Corporate Plan first.
    Human,
    /// One JSON object, for tools.
    Json,
    /// Markdown for a pull request or a committee paper, with money per priority.
    Markdown,
    /// A self-contained, accessible HTML report (needs -o FILE).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    Review,
    Never,
}

/// Where the plans are, and the date to check them as of.
#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// A plans repository, any folder, or plan files.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// The date that date-aware rules check against (default: today): 2011-01-04, 04/01/2011
    /// or 4 January 2011.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    Human,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with the plan text underlined, for people.
    Human,
    /// One JSON object, for tools.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI systems: one test case per rule.
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// A Markdown summary for a pull-request comment.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// A day, in any form a plan may write one.
/// A day as `--as-of` takes it (and the language server's `asOf` option).
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    match crate::parse::values::parse_period(text) {
        Some(p) if p.start == p.end => Ok(p.start),
        _ => Err(format!(
            "`{text}` is not a day: write it as 2011-01-04, 04/01/2011 (day first) or 4 January \
             2011"
        )),
    }
}

fn parse_severity(text: &str) -> Result<(String, Severity), String> {
    let (rule, level) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not RULE=LEVEL, for example untraced=warning"))?;
    let severity = Severity::parse(level.trim())
        .ok_or_else(|| format!("`{level}` is not a severity: use error, warning, note or off"))?;
    Ok((rule.trim().to_owned(), severity))
}
