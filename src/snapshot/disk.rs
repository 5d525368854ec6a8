//! The folder on disk as a snapshot: finding the plans repository root from the paths given,
//! the plan files below them, and the repository's own rules folder.
//!
//! Only what lies inside the repository root is read. Links are never followed while
//! listing: a link to a file inside the repository is read under the link's name, a link to
//! a folder is passed over with a warning (so a loop of links cannot hang a check), and a
//! link leading outside is not read at all but becomes an `outside-repository` finding.
//! FIFOs, sockets and devices are passed over with a warning, never opened.

use std::fs::FileType;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use super::{Entry, Error, Listing, MAX_FILE_SIZE, ReadError, Snapshot};
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

/// What listing does with one thing it finds.
enum Found {
    /// A file to read (it may still turn out to lead outside: `read` says so).
    Read,
    /// Passed over, with why.
    Skip(String),
    /// Not a file that was looked for.
    Ignore,
}

impl Disk {
    /// The snapshot of the paths given.
    ///
    /// A folder holding `planalign.yaml` or `plans/` is a plans repository. The root is the
    /// nearest such folder at or above the first path; without one, the first path's folder.
    pub fn open(paths: &[PathBuf]) -> Result<Self, Error> {
        let mut absolute = Vec::with_capacity(paths.len());
        for path in paths {
            let canonical = absolute_path(path).map_err(|_| Error::NotFound(path.clone()))?;
            if canonical.is_file() && !is_plan_file(&canonical) {
                return Err(Error::NotAPlanFile(path.clone()));
            }
            absolute.push(canonical);
        }
        let first = absolute
            .first()
            .ok_or_else(|| Error::NotFound(PathBuf::from(".")))?;
        // A link given is found in its own folder, whatever it leads to.
        let start = if first.is_dir() && !first.is_symlink() {
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

    /// Whether `path`, with every link in it followed, lies inside the root.
    fn leads_inside(&self, path: &Path) -> std::io::Result<bool> {
        Ok(self.may_read(&path.canonicalize()?))
    }

    /// Whether a path without links lies inside the root, or inside a path given on the
    /// command line (the user named those, wherever they are).
    fn may_read(&self, real: &Path) -> bool {
        real.starts_with(&self.root) || self.paths.iter().any(|p| real.starts_with(p))
    }

    /// What to do with `path`, of `file_type` (not following links), found while listing;
    /// `wanted` says whether its name is that of a file being looked for.
    fn classify(&self, path: &Path, file_type: FileType, wanted: bool) -> Found {
        let shown = display_name(path, &self.root);
        if file_type.is_dir() {
            return Found::Ignore;
        }
        if file_type.is_file() {
            return if wanted { Found::Read } else { Found::Ignore };
        }
        if !file_type.is_symlink() {
            return if wanted {
                Found::Skip(format!(
                    "{shown}: not a regular file (a FIFO, socket or device), so it is not read"
                ))
            } else {
                Found::Ignore
            };
        }
        match path.canonicalize() {
            Err(error) if wanted => {
                Found::Skip(format!("{shown}: a link that leads nowhere ({error})"))
            }
            Err(_) => Found::Ignore,
            Ok(target) if !self.may_read(&target) => {
                if wanted || target.is_dir() {
                    Found::Read
                } else {
                    Found::Ignore
                }
            }
            Ok(target) if target.is_dir() => Found::Skip(format!(
                "{shown}: a link to a folder, which planalign does not follow"
            )),
            Ok(_) if !wanted => Found::Ignore,
            Ok(target) if target.is_file() => Found::Read,
            Ok(_) => Found::Skip(format!(
                "{shown}: a link to something that is not a regular file, so it is not read"
            )),
        }
    }

    /// Adds the plan files at or below `path`, skipping hidden files and folders.
    fn collect(&self, path: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<String>) {
        let walker = WalkDir::new(path)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let wanted = is_plan_file(entry.path());
                    match self.classify(entry.path(), entry.file_type(), wanted) {
                        Found::Read => files.push(entry.path().to_path_buf()),
                        Found::Skip(why) => skipped.push(why),
                        Found::Ignore => {}
                    }
                }
                Err(error) => skipped.push(error.to_string()),
            }
        }
    }
}

impl Snapshot for Disk {
    fn config(&self) -> Option<Entry> {
        Some(self.root.join("planalign.yaml"))
            .filter(|p| self.is_repository && (p.is_file() || p.is_symlink()))
            .map(|p| self.entry(p))
    }

    fn is_inside(&self, dir: &str) -> bool {
        let path = self.root.join(dir);
        match self.leads_inside(&path) {
            Ok(inside) => inside,
            // A folder that does not exist is read from nowhere; where it would be still
            // says whether planalign.yaml names a place outside.
            Err(_) => normalize(&path).starts_with(&self.root),
        }
    }

    /// The plan files at or below the paths given, sorted by display name, each once. A path
    /// that is the repository root itself is read from its plans folder.
    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error> {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        for path in &self.paths {
            let plans = path.join(plans_dir);
            if self.is_repository && *path == self.root && plans.is_dir() {
                if matches!(self.leads_inside(&plans), Ok(true)) {
                    self.collect(&plans, &mut files, &mut skipped);
                } else {
                    // The plans folder is a link leading outside: the finding is on it.
                    files.push(plans);
                }
            } else if path.is_symlink() && !matches!(self.leads_inside(path), Ok(true)) {
                // A link given (`check plans/*.md` in a shell) that leads outside.
                files.push(path.clone());
            } else {
                self.collect(path, &mut files, &mut skipped);
            }
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
    fn rule_files(&self, rules_dir: &str) -> Listing {
        let dir = self.root.join(rules_dir);
        let mut listing = Listing::default();
        if !self.is_repository || !dir.is_dir() {
            return listing;
        }
        if !matches!(self.leads_inside(&dir), Ok(true)) {
            // The rules folder is a link leading outside: the finding is on it.
            listing.files.push(self.entry(dir));
            return listing;
        }
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, file_type) in found {
            let wanted = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            match self.classify(&path, file_type, wanted) {
                Found::Read => listing.files.push(self.entry(path)),
                Found::Skip(why) => listing.skipped.push(why),
                Found::Ignore => {}
            }
        }
        listing
    }

    /// The file's bytes, after checking, without opening it, that it is a regular file inside
    /// the repository and not larger than [`MAX_FILE_SIZE`]; the read itself is bounded too,
    /// in case the file grows meanwhile.
    fn read(&self, entry: &Entry) -> Result<Vec<u8>, ReadError> {
        let real = entry.path.canonicalize()?;
        if !self.may_read(&real) {
            let target = std::fs::read_link(&entry.path).unwrap_or(real);
            return Err(ReadError::Outside {
                target: target.display().to_string(),
            });
        }
        let not_a_file = |what: &str| ReadError::Io(std::io::Error::other(what.to_owned()));
        let metadata = std::fs::symlink_metadata(&real)?;
        if metadata.is_dir() {
            return Err(not_a_file("it is a folder"));
        }
        if !metadata.is_file() {
            return Err(not_a_file(
                "it is not a regular file (a FIFO, socket or device)",
            ));
        }
        if metadata.len() > MAX_FILE_SIZE {
            return Err(ReadError::TooLarge {
                size: metadata.len(),
            });
        }
        let file = std::fs::File::open(&real)?;
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
        file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
        let read = bytes.len() as u64;
        if read > MAX_FILE_SIZE {
            return Err(ReadError::TooLarge { size: read });
        }
        Ok(bytes)
    }

    /// The nearest folder at or above the root that holds `.git` (a folder, or the file
    /// a worktree or submodule has) is the git repository's root.
    fn git_prefix(&self) -> String {
        let Some(git_root) = self.root.ancestors().find(|d| d.join(".git").exists()) else {
            return String::new();
        };
        let inside = display_name(&self.root, git_root);
        if inside.is_empty() {
            inside
        } else {
            format!("{inside}/")
        }
    }
}

/// `path` made absolute without links, but for its last part when that is a link: a link
/// given on the command line is judged by where it leads, like any link in the repository.
fn absolute_path(path: &Path) -> std::io::Result<PathBuf> {
    match (path.is_symlink(), path.file_name()) {
        (true, Some(name)) => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            Ok(parent.unwrap_or(Path::new(".")).canonicalize()?.join(name))
        }
        _ => path.canonicalize(),
    }
}

fn is_repository(dir: &Path) -> bool {
    dir.join("planalign.yaml").is_file() || dir.join("plans").is_dir()
}

/// `path` with `.` and `..` worked out from the words alone, for a path that does not exist.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// A path as shown to users: relative to the repository root when inside it, with `/`.
fn display_name(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let names: Vec<_> = shown
        .components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    // A file outside the root keeps its absolute path: `/tmp/x.md`, never `//tmp/x.md`.
    let lead = if shown.has_root() { "/" } else { "" };
    format!("{lead}{}", names.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_to_the_root_and_absolute_outside_it() {
        let root = Path::new("/work/council");
        assert_eq!(
            display_name(Path::new("/work/council/plans/cp.md"), root),
            "plans/cp.md"
        );
        assert_eq!(display_name(Path::new("/tmp/x.md"), root), "/tmp/x.md");
    }
}
