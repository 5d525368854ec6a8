//! Which files a check reads: finding the plans repository root from the paths given, the
//! plan files below them, and the repository's own rules folder.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::parse::is_plan_file;

/// What stops planalign from running at all (as opposed to a problem in a plan).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    #[error("{0}: not a plan file (plan files end in .md, .markdown, .yaml or .yml)")]
    NotAPlanFile(PathBuf),
    #[error("no plan files (.md, .yaml or .yml) were found in {0}")]
    NoPlanFiles(String),
}

/// The files of one check.
#[derive(Debug)]
pub struct Workspace {
    /// The plans repository root: file names in findings are relative to it.
    pub root: PathBuf,
    /// The repository's own rules folder, if it has one.
    pub rules_dir: Option<PathBuf>,
    /// The plan files, sorted by display name, each once.
    pub files: Vec<PathBuf>,
    /// Paths passed over while walking folders (symlink loops, unreadable folders), with why.
    pub skipped: Vec<String>,
}

/// Finds the repository root and the plan files for the given paths.
///
/// A folder holding `planalign.yaml` or `plans/` is a plans repository: its plans are read
/// from `plans/` and its rules from `rules/`. Any other folder is read whole, and a single
/// file is read alone; either way the nearest enclosing plans repository, if any, is the root.
pub fn discover(paths: &[PathBuf]) -> Result<Workspace, Error> {
    let mut absolute = Vec::with_capacity(paths.len());
    for path in paths {
        let canonical = path
            .canonicalize()
            .map_err(|_| Error::NotFound(path.clone()))?;
        if canonical.is_file() && !is_plan_file(&canonical) {
            return Err(Error::NotAPlanFile(path.clone()));
        }
        absolute.push(canonical);
    }
    let first = &absolute[0];
    let start = if first.is_dir() {
        first.as_path()
    } else {
        first.parent().unwrap_or(first)
    };
    let repository = start.ancestors().find(|dir| is_repository(dir));
    let root = repository.map_or_else(|| start.to_path_buf(), Path::to_path_buf);
    let rules_dir = repository.map(|r| r.join("rules")).filter(|r| r.is_dir());
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in &absolute {
        let walk_from = if Some(path.as_path()) == repository && path.join("plans").is_dir() {
            path.join("plans")
        } else {
            path.clone()
        };
        collect(&walk_from, &mut files, &mut skipped);
    }
    files.sort_by_cached_key(|f| display_name(f, &root));
    files.dedup();
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NoPlanFiles(names.join(", ")));
    }
    Ok(Workspace {
        root,
        rules_dir,
        files,
        skipped,
    })
}

fn is_repository(dir: &Path) -> bool {
    dir.join("planalign.yaml").is_file() || dir.join("plans").is_dir()
}

/// Adds the plan files at or below `path`, skipping hidden files and folders.
fn collect(path: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<String>) {
    let walker = WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_plan_file(entry.path()) => {
                files.push(entry.path().to_path_buf());
            }
            Ok(_) => {}
            Err(error) => skipped.push(error.to_string()),
        }
    }
}

/// A path as shown to users: relative to the repository root when inside it, with `/`.
pub fn display_name(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
