//! Files held in memory as a snapshot: a name for each file and its bytes, laid out like a
//! plans repository on disk (`planalign.yaml` at the root, plans in the plans folder, rule
//! files in the rules folder). The fuzz targets check a repository made up on the spot this
//! way, and a language server can check an editor's unsaved buffers without writing them out.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Entry, Error, Listing, MAX_FILE_SIZE, ReadError, Snapshot};
use crate::parse::is_plan_file;

/// A plans repository in memory: file names (relative to the repository root, with `/`) to
/// their bytes. Names are kept sorted, so listings come out in name order as on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    /// Files known only by their size, which is over [`MAX_FILE_SIZE`]: listed, never read.
    oversized: BTreeMap<String, u64>,
}

impl Memory {
    /// An empty repository.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the file `name`, or replaces its bytes if it is already there.
    pub fn insert(&mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let name = name.into();
        self.oversized.remove(&name);
        self.files.insert(name, bytes.into());
    }

    /// Takes the file `name` out, giving back its bytes.
    pub fn remove(&mut self, name: &str) -> Option<Vec<u8>> {
        self.oversized.remove(name);
        self.files.remove(name)
    }

    /// Adds the file `name` of `size` bytes, more than planalign reads, without its bytes:
    /// reading it is a `parse-error` giving its size, as for a file on disk.
    pub fn insert_oversized(&mut self, name: impl Into<String>, size: u64) {
        let name = name.into();
        self.files.insert(name.clone(), Vec::new());
        self.oversized.insert(name, size);
    }

    fn entry(name: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            path: PathBuf::from(name),
        }
    }

    /// The names directly or further inside `dir`, with the rest of each name.
    fn inside<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let dir = dir.trim_end_matches('/');
        self.files.keys().filter_map(move |name| {
            let rest = name.strip_prefix(dir)?.strip_prefix('/')?;
            Some((name.as_str(), rest))
        })
    }
}

impl<N: Into<String>, B: Into<Vec<u8>>> FromIterator<(N, B)> for Memory {
    fn from_iter<I: IntoIterator<Item = (N, B)>>(files: I) -> Self {
        let mut memory = Memory::new();
        for (name, bytes) in files {
            memory.insert(name, bytes);
        }
        memory
    }
}

impl Snapshot for Memory {
    fn config(&self) -> Option<Entry> {
        self.files
            .contains_key("planalign.yaml")
            .then(|| Self::entry("planalign.yaml"))
    }

    /// The plan files anywhere inside `plans_dir`, by name, leaving out hidden files and
    /// anything in a hidden folder, as on disk.
    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error> {
        let files: Vec<Entry> = self
            .inside(plans_dir)
            .filter(|(name, rest)| {
                is_plan_file(std::path::Path::new(name))
                    && !rest.split('/').any(|part| part.starts_with('.'))
            })
            .map(|(name, _)| Self::entry(name))
            .collect();
        if files.is_empty() {
            return Err(Error::NoPlanFiles(plans_dir.to_owned()));
        }
        Ok(Listing {
            files,
            skipped: Vec::new(),
        })
    }

    /// A folder is inside unless it is absolute or its `..` lead above the root.
    fn is_inside(&self, dir: &str) -> bool {
        let mut depth = 0usize;
        for part in std::path::Path::new(dir).components() {
            match part {
                std::path::Component::Normal(_) => depth += 1,
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir if depth > 0 => depth -= 1,
                _ => return false,
            }
        }
        true
    }

    /// The YAML files directly in `rules_dir`, by name.
    fn rule_files(&self, rules_dir: &str) -> Listing {
        let files = self
            .inside(rules_dir)
            .filter(|(name, rest)| {
                !rest.contains('/')
                    && matches!(
                        std::path::Path::new(name)
                            .extension()
                            .and_then(|e| e.to_str()),
                        Some("yaml" | "yml")
                    )
            })
            .map(|(name, _)| Self::entry(name))
            .collect();
        Listing {
            files,
            skipped: Vec::new(),
        }
    }

    fn read(&self, entry: &Entry) -> Result<Vec<u8>, ReadError> {
        let bytes = self.files.get(&entry.name).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no such file in memory", entry.name),
            )
        })?;
        let size = self
            .oversized
            .get(&entry.name)
            .copied()
            .unwrap_or(bytes.len() as u64);
        if size > MAX_FILE_SIZE {
            return Err(ReadError::TooLarge { size });
        }
        Ok(bytes.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    fn repository() -> Memory {
        [
            ("planalign.yaml", "plans_dir: plans\n"),
            ("plans/b.yaml", "id: B\n"),
            ("plans/a.md", "---\nid: A\n---\n"),
            ("plans/sub/c.markdown", ""),
            ("plans/notes.txt", ""),
            ("plans/.hidden.md", ""),
            ("plans/.drafts/d.md", ""),
            ("plansx/e.md", ""),
            ("rules/r.yaml", ""),
            ("rules/s.yml", ""),
            ("rules/readme.md", ""),
            ("rules/old/t.yaml", ""),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn plan_files_are_those_in_the_plans_folder_by_name() {
        let listing = repository().plan_files("plans").unwrap();
        assert_eq!(
            names(&listing.files),
            ["plans/a.md", "plans/b.yaml", "plans/sub/c.markdown"]
        );
        assert!(listing.skipped.is_empty());
        // A trailing slash names the same folder.
        let listing = repository().plan_files("plans/").unwrap();
        assert_eq!(listing.files.len(), 3);
    }

    #[test]
    fn no_plan_files_is_the_error_disk_gives() {
        let error = repository().plan_files("elsewhere").unwrap_err();
        assert!(matches!(error, Error::NoPlanFiles(_)));
        assert!(Memory::new().plan_files("plans").is_err());
    }

    #[test]
    fn rule_files_are_the_yaml_files_directly_in_the_rules_folder() {
        let rules = repository().rule_files("rules").files;
        assert_eq!(names(&rules), ["rules/r.yaml", "rules/s.yml"]);
        assert!(repository().rule_files("policies").files.is_empty());
    }

    #[test]
    fn config_is_planalign_yaml_at_the_root() {
        let mut memory = repository();
        assert_eq!(memory.config().unwrap().name, "planalign.yaml");
        assert!(memory.remove("planalign.yaml").is_some());
        assert!(memory.config().is_none());
    }

    #[test]
    fn read_gives_the_bytes_and_a_missing_file_is_not_found() {
        let mut memory = repository();
        memory.insert("plans/b.yaml", "id: B2\n");
        let entry = Memory::entry("plans/b.yaml");
        assert_eq!(memory.read(&entry).unwrap(), b"id: B2\n");
        let error = memory.read(&Memory::entry("plans/zz.md")).unwrap_err();
        assert!(
            matches!(&error, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound),
            "{error:?}"
        );
    }

    #[test]
    fn a_check_reads_the_files_in_memory() {
        let memory: Memory = [
            (
                "plans/corporate.md",
                "---\nid: CP\ntype: corporate\nstatus: approved\n---\n\
                 ## Your Council {#CP-P1 .priority}\n",
            ),
            (
                "plans/workforce.md",
                "---\nid: WFS\ntype: workforce\n---\n\
                 ## Sickness {#WFS-O1 .objective supports=CP-P9}\n",
            ),
        ]
        .into_iter()
        .collect();
        let options = crate::engine::CheckOptions {
            as_of: chrono::NaiveDate::from_ymd_opt(2011, 1, 4).unwrap(),
            severity: Vec::new(),
        };
        let outcome = crate::engine::check(&memory, &options).unwrap();
        assert_eq!(outcome.summary.files, 2);
        let dangling: Vec<_> = outcome
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == "dangling-reference")
            .collect();
        assert_eq!(dangling.len(), 1);
        let file = outcome.sources.get(dangling[0].span.file);
        assert_eq!(file.name, "plans/workforce.md");
        assert_eq!(&file.text[dangling[0].span.range()], "CP-P9");
    }
}
