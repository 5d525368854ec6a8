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

/// Where a check runs: the plans repository root and the paths to read.
#[derive(Debug)]
pub struct Located {
    /// The plans repository root: file names in findings are relative to it.
    pub root: PathBuf,
    /// Whether the root is a plans repository (it holds `planalign.yaml` or `plans/`) rather
    /// than just the folder that was checked.
    pub is_repository: bool,
    /// The paths given, made absolute.
    paths: Vec<PathBuf>,
}

impl Located {
    /// The repository's `planalign.yaml`, if it has one.
    pub fn config_file(&self) -> Option<PathBuf> {
        Some(self.root.join("planalign.yaml")).filter(|p| self.is_repository && p.is_file())
    }

    /// The repository's own rules folder, if it has one.
    pub fn rules_dir(&self, name: &str) -> Option<PathBuf> {
        Some(self.root.join(name)).filter(|p| self.is_repository && p.is_dir())
    }
}

/// Finds the plans repository root for the given paths.
///
/// A folder holding `planalign.yaml` or `plans/` is a plans repository. The root is the
/// nearest such folder at or above the first path; without one, the first path's folder.
pub fn locate(paths: &[PathBuf]) -> Result<Located, Error> {
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
    let first = absolute
        .first()
        .ok_or_else(|| Error::NotFound(PathBuf::from(".")))?;
    let start = if first.is_dir() {
        first.as_path()
    } else {
        first.parent().unwrap_or(first)
    };
    let repository = start.ancestors().find(|dir| is_repository(dir));
    Ok(Located {
        root: repository.unwrap_or(start).to_path_buf(),
        is_repository: repository.is_some(),
        paths: absolute,
    })
}

/// The plan files to check, sorted by display name, each once; and the paths passed over
/// while walking folders (symlink loops, unreadable folders), with why. A path that is the
/// repository root itself is read from its plans folder.
pub fn plan_files(
    located: &Located,
    plans_dir: &str,
) -> Result<(Vec<PathBuf>, Vec<String>), Error> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in &located.paths {
        let plans = path.join(plans_dir);
        let walk_from = if located.is_repository && *path == located.root && plans.is_dir() {
            plans
        } else {
            path.clone()
        };
        collect(&walk_from, &mut files, &mut skipped);
    }
    files.sort_by_cached_key(|f| display_name(f, &located.root));
    files.dedup();
    if files.is_empty() {
        let names: Vec<String> = located
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::NoPlanFiles(names.join(", ")));
    }
    Ok((files, skipped))
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
