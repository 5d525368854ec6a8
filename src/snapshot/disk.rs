//! The folder on disk as a snapshot: finding the plans repository root from the paths given,
//! the plan files below them, and the repository's own rules folder.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Entry, Error, Listing, Snapshot};
use crate::parse::is_plan_file;

/// Plans on disk: the plans repository root and the paths to read.
#[derive(Debug)]
pub struct Disk {
    /// The plans repository root: file names in findings are relative to it.
    pub root: PathBuf,
    /// Whether the root is a plans repository (it holds `planalign.yaml` or `plans/`) rather
    /// than just the folder that was checked.
    pub is_repository: bool,
    /// The paths given, made absolute.
    paths: Vec<PathBuf>,
}

impl Disk {
    /// The snapshot of the paths given.
    ///
    /// A folder holding `planalign.yaml` or `plans/` is a plans repository. The root is the
    /// nearest such folder at or above the first path; without one, the first path's folder.
    pub fn open(paths: &[PathBuf]) -> Result<Self, Error> {
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
        Ok(Disk {
            root: repository.unwrap_or(start).to_path_buf(),
            is_repository: repository.is_some(),
            paths: absolute,
        })
    }

    fn entry(&self, path: PathBuf) -> Entry {
        Entry {
            name: display_name(&path, &self.root),
            path,
        }
    }
}

impl Snapshot for Disk {
    fn config(&self) -> Option<Entry> {
        Some(self.root.join("planalign.yaml"))
            .filter(|p| self.is_repository && p.is_file())
            .map(|p| self.entry(p))
    }

    /// The plan files at or below the paths given, sorted by display name, each once. A path
    /// that is the repository root itself is read from its plans folder.
    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error> {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        for path in &self.paths {
            let plans = path.join(plans_dir);
            let walk_from = if self.is_repository && *path == self.root && plans.is_dir() {
                plans
            } else {
                path.clone()
            };
            collect(&walk_from, &mut files, &mut skipped);
        }
        files.sort_by_cached_key(|f| display_name(f, &self.root));
        files.dedup();
        if files.is_empty() {
            let names: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::NoPlanFiles(names.join(", ")));
        }
        Ok(Listing {
            files: files.into_iter().map(|p| self.entry(p)).collect(),
            skipped,
        })
    }

    /// The YAML files directly in the rules folder, sorted by name.
    fn rule_files(&self, rules_dir: &str) -> Vec<Entry> {
        let dir = self.root.join(rules_dir);
        if !self.is_repository || !dir.is_dir() {
            return Vec::new();
        }
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            })
            .collect();
        files.sort();
        files.into_iter().map(|p| self.entry(p)).collect()
    }

    fn read(&self, entry: &Entry) -> std::io::Result<Vec<u8>> {
        std::fs::read(&entry.path)
    }
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
fn display_name(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
