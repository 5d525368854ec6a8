//! A git revision as a snapshot, read with gix straight from the repository's object
//! database: no checkout, no temporary files, the work tree and the index never touched. The
//! plan, rule and configuration files of the revision's plans repository are read into a
//! [`Memory`] snapshot, named as on disk (relative to the plans repository root), so that a
//! revision is checked exactly as the same files in a folder would be.

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;

use super::MAX_FILE_SIZE;
use super::memory::Memory;
use crate::parse::is_plan_file;

/// Why a revision cannot be read; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "{0} is not inside a git repository: run `planalign diff --git` inside the repository \
         that holds the plans, or compare two folders with `planalign diff OLD NEW`"
    )]
    NoRepository(PathBuf),
    #[error(
        "git does not know the revision `{0}`: check its name (`git log --oneline`, `git tag`), \
         or fetch it, for example with `git fetch origin {0}` or `git fetch --tags`"
    )]
    UnknownRevision(String),
    #[error(
        "this clone is shallow and does not have the revision `{0}`: fetch more history with \
         `git fetch --unshallow` (or `git fetch --deepen=50`), then run the diff again"
    )]
    Shallow(String),
    #[error(
        "revision `{rev}` has no plans in `{folder}`: neither a planalign.yaml nor a plans/ folder \
         is there or above it; name the folder that holds them, as `{rev}:FOLDER`"
    )]
    NoPlans { rev: String, folder: String },
    #[error("git could not read revision `{rev}`: {message}")]
    Git { rev: String, message: String },
}

/// The repository holding `cwd`, for reading revisions from.
pub struct Repository {
    repo: gix::Repository,
    /// `cwd` relative to the work tree's root, with `/`; empty at the root.
    prefix: String,
}

impl Repository {
    pub fn discover(cwd: &Path) -> Result<Self, Error> {
        let repo = gix::discover(cwd).map_err(|_| Error::NoRepository(cwd.to_owned()))?;
        let prefix = repo
            .workdir()
            .and_then(|root| {
                let root = std::fs::canonicalize(root).ok()?;
                let cwd = std::fs::canonicalize(cwd).ok()?;
                cwd.strip_prefix(root).ok().map(slashed)
            })
            .unwrap_or_default();
        Ok(Repository { repo, prefix })
    }

    /// The plans repository of a revision, `REV` or `REV:FOLDER`: FOLDER (relative to the
    /// repository's root), or else the current folder, or the nearest folder above it that
    /// holds planalign.yaml or plans/.
    pub fn snapshot(&self, spec: &str) -> Result<Memory, Error> {
        let (rev, folder) = match spec.split_once(':') {
            Some((rev, folder)) => (rev, Some(folder.trim_matches('/'))),
            None => (spec, None),
        };
        let git = |e: &dyn std::fmt::Display| Error::Git {
            rev: rev.to_owned(),
            message: e.to_string(),
        };
        let id = self.repo.rev_parse_single(rev).map_err(|_| {
            if self.repo.is_shallow().unwrap_or(false) {
                Error::Shallow(rev.to_owned())
            } else {
                Error::UnknownRevision(rev.to_owned())
            }
        })?;
        let tree = id
            .object()
            .and_then(gix::Object::peel_to_tree)
            .map_err(|e| git(&e))?;
        let files = tree.traverse().breadthfirst.files().map_err(|e| git(&e))?;
        let names: Vec<(String, &gix::traverse::tree::recorder::Entry)> = files
            .iter()
            .filter(|e| e.mode.is_blob())
            .map(|e| (e.filepath.to_str_lossy().into_owned(), e))
            .collect();
        let start = folder.unwrap_or(&self.prefix);
        let holds_plans = |dir: &str| {
            let under = |name: &str| {
                if dir.is_empty() {
                    name.to_owned()
                } else {
                    format!("{dir}/{name}")
                }
            };
            let (config, plans) = (under("planalign.yaml"), under("plans/"));
            names
                .iter()
                .any(|(n, _)| *n == config || n.starts_with(&plans))
        };
        // A folder named in the revision is the plans repository itself; the current folder
        // may lie below it, as on disk.
        let root = ancestors(start)
            .take(if folder.is_some() { 1 } else { usize::MAX })
            .find(|dir| holds_plans(dir))
            .ok_or_else(|| Error::NoPlans {
                rev: rev.to_owned(),
                folder: if start.is_empty() {
                    ".".to_owned()
                } else {
                    start.to_owned()
                },
            })?;
        let mut memory = Memory::new();
        for (name, entry) in &names {
            let inside = if root.is_empty() {
                Some(name.as_str())
            } else {
                name.strip_prefix(root).and_then(|n| n.strip_prefix('/'))
            };
            let Some(inside) = inside.filter(|n| is_plan_file(Path::new(n))) else {
                continue;
            };
            let size = self
                .repo
                .find_header(entry.oid)
                .map_err(|e| git(&e))?
                .size();
            if size > MAX_FILE_SIZE {
                memory.insert_oversized(inside, size);
            } else {
                let blob = self.repo.find_blob(entry.oid).map_err(|e| git(&e))?;
                memory.insert(inside, blob.detach().data);
            }
        }
        Ok(memory)
    }
}

/// A folder and each folder above it, up to the root (`""`).
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let dir = next?;
        next = (!dir.is_empty()).then(|| dir.rfind('/').map_or("", |i| &dir[..i]));
        Some(dir)
    })
}

fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
