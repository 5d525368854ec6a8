//! Where plan text comes from. One check reads a snapshot: the plan, rule and configuration
//! files of one plans repository, as bytes with a display name. The folder on disk is one
//! kind of snapshot (`disk`); a git revision or an editor's unsaved buffers fit behind the
//! same [`Snapshot`] interface, and parsing, the graph, the rules and the reports never know
//! which one they read.

pub mod disk;
pub mod git;
pub mod memory;

use std::path::PathBuf;

use crate::problem::{OutsideRepository, ParseError, Problem};
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

/// The largest file planalign reads: plans, rules and planalign.yaml are text that people
/// write, and the largest real plan is a few hundred KiB. A larger file is a `parse-error`
/// finding, found from its size before any of it is read.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Why one file of a snapshot was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system would not give the file.
    Io(std::io::Error),
    /// A link leading outside the plans repository, as written in the link.
    Outside { target: String },
    /// Larger than [`MAX_FILE_SIZE`].
    TooLarge { size: u64 },
}

impl From<std::io::Error> for ReadError {
    fn from(error: std::io::Error) -> Self {
        ReadError::Io(error)
    }
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
    #[error("every plan file found is a README or left out by `exclude:` in planalign.yaml")]
    AllExcluded,
}

/// The files of one plans repository, wherever they are kept. Files are read on all cores,
/// so a snapshot is shared between threads.
pub trait Snapshot: Sync {
    /// The repository's `planalign.yaml`, if it has one.
    fn config(&self) -> Option<Entry>;

    /// Whether a folder planalign.yaml names (relative to the repository root, or absolute)
    /// lies inside the repository. A folder outside is never read.
    fn is_inside(&self, dir: &str) -> bool;

    /// The plan files to check; `plans_dir` is the plans folder planalign.yaml names.
    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error>;

    /// The repository's own rule files in `rules_dir`, sorted by name.
    fn rule_files(&self, rules_dir: &str) -> Listing;

    /// A file's bytes: never more than [`MAX_FILE_SIZE`], never from outside the repository.
    fn read(&self, entry: &Entry) -> Result<Vec<u8>, ReadError>;

    /// Where the plans repository lies inside the git repository that holds it, as a path
    /// ending in `/` (empty at the git repository's root, or outside git): code scanning and
    /// pull-request annotations name files from the git repository's root.
    fn git_prefix(&self) -> String {
        String::new()
    }
}

/// Reads one file of a snapshot as `file` in the run's sources. A file that cannot be read,
/// is too large, leads outside the repository or is not UTF-8 is loaded for display (empty,
/// or with invalid bytes replaced) with the problem that says so, at the first invalid byte.
pub fn load(snapshot: &dyn Snapshot, entry: &Entry, file: FileId) -> (SourceFile, Option<Problem>) {
    let name = entry.name.clone();
    let at = Span::at(file, 0);
    let problem = |error| Some(Problem::ParseError(error));
    let bytes = match snapshot.read(entry) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = match error {
                ReadError::Io(error) => problem(ParseError::Unreadable {
                    at,
                    error: error.to_string(),
                }),
                ReadError::TooLarge { size } => problem(ParseError::TooLarge {
                    at,
                    size,
                    limit: MAX_FILE_SIZE,
                }),
                ReadError::Outside { target } => {
                    Some(Problem::OutsideRepository(OutsideRepository::Link {
                        at,
                        name: name.clone(),
                        target,
                    }))
                }
            };
            return (SourceFile::new(name, ""), problem);
        }
    };
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
