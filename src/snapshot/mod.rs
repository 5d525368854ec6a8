//! Where plan text comes from. One check reads a snapshot: the plan, rule and configuration
//! files of one plans repository, as bytes with a display name. The folder on disk is one
//! kind of snapshot (`disk`); a git revision or an editor's unsaved buffers fit behind the
//! same [`Snapshot`] interface, and parsing, the graph, the rules and the reports never know
//! which one they read.

pub mod disk;
pub mod memory;

use std::path::PathBuf;

use crate::problem::{ParseError, Problem};
use crate::source::{FileId, SourceFile, Span};

/// One file of a snapshot: its name as users see it (relative to the plans repository root,
/// with `/`), and where the snapshot finds its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
}

/// The plan files of a snapshot, sorted by name, each once; and what was passed over while
/// looking for them, with why.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Entry>,
    pub skipped: Vec<String>,
}

/// What stops planalign from reading a snapshot at all (as opposed to a problem in a plan).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    #[error("{0}: not a plan file (plan files end in .md, .markdown, .yaml or .yml)")]
    NotAPlanFile(PathBuf),
    #[error("no plan files (.md, .yaml or .yml) were found in {0}")]
    NoPlanFiles(String),
}

/// The files of one plans repository, wherever they are kept. Files are read on all cores,
/// so a snapshot is shared between threads.
pub trait Snapshot: Sync {
    /// The repository's `planalign.yaml`, if it has one.
    fn config(&self) -> Option<Entry>;

    /// The plan files to check; `plans_dir` is the plans folder planalign.yaml names.
    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error>;

    /// The repository's own rule files in `rules_dir`, sorted by name.
    fn rule_files(&self, rules_dir: &str) -> Vec<Entry>;

    /// A file's bytes.
    fn read(&self, entry: &Entry) -> std::io::Result<Vec<u8>>;
}

/// Reads one file of a snapshot as `file` in the run's sources. A file that cannot be read,
/// or is not UTF-8, is loaded for display (invalid bytes replaced) with the problem that
/// says so, at the first invalid byte.
pub fn load(snapshot: &dyn Snapshot, entry: &Entry, file: FileId) -> (SourceFile, Option<Problem>) {
    let name = entry.name.clone();
    let at = Span::at(file, 0);
    let problem = |error| Some(Problem::ParseError(error));
    let bytes = match snapshot.read(entry) {
        Ok(bytes) => bytes,
        Err(error) => {
            let error = error.to_string();
            return (
                SourceFile::new(name, ""),
                problem(ParseError::Unreadable { at, error }),
            );
        }
    };
    // Spans hold 32-bit offsets; no plan comes near this size.
    if u32::try_from(bytes.len()).is_err() {
        return (
            SourceFile::new(name, ""),
            problem(ParseError::TooLarge { at }),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let bom = usize::from(text.starts_with('\u{feff}')) * 3;
            let at = Span::at(file, valid.saturating_sub(bom));
            (
                SourceFile::new(name, text),
                problem(ParseError::NotUtf8 { at }),
            )
        }
    }
}
