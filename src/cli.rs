//! The command line, as clap derive types.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

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
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A plans repository (a folder holding planalign.yaml or plans/), any folder, or plan files.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The date that date-aware rules check against, as YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,

    /// When to use colour in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with the plan text underlined, for people.
    Human,
    /// One JSON object, for tools.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}
