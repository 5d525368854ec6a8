//! The editor's unsaved buffers laid over the folder on disk, as a snapshot: a file open in
//! the editor is read from its buffer, every other file from disk. A buffer for a plan file
//! not yet saved is listed with the files on disk. A buffer is held to the same size limit as
//! a file on disk.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::parse::is_plan_file;
use crate::snapshot::disk::Disk;
use crate::snapshot::{Entry, Error, Listing, MAX_FILE_SIZE, ReadError, Snapshot};

/// The buffers, by file name relative to the plans repository root, over `disk`.
pub struct Overlay<'a> {
    pub disk: &'a Disk,
    pub buffers: &'a BTreeMap<String, Arc<String>>,
}

impl Overlay<'_> {
    fn entry(&self, name: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            path: self.disk.root.join(name),
        }
    }
}

impl Snapshot for Overlay<'_> {
    fn config(&self) -> Option<Entry> {
        self.disk.config().or_else(|| {
            self.buffers
                .contains_key("planalign.yaml")
                .then(|| self.entry("planalign.yaml"))
        })
    }

    fn is_inside(&self, dir: &str) -> bool {
        self.disk.is_inside(dir)
    }

    fn plan_files(&self, plans_dir: &str) -> Result<Listing, Error> {
        let mut listing = match self.disk.plan_files(plans_dir) {
            Ok(listing) => listing,
            Err(Error::NoPlanFiles(_)) => Listing::default(),
            Err(error) => return Err(error),
        };
        let folder = format!("{}/", plans_dir.trim_end_matches('/'));
        let unsaved: Vec<Entry> = self
            .buffers
            .keys()
            .filter(|name| {
                name.strip_prefix(&folder).is_some_and(|rest| {
                    !rest.split('/').any(|part| part.starts_with('.'))
                        && is_plan_file(Path::new(rest))
                })
            })
            .filter(|name| !listing.files.iter().any(|e| e.name == **name))
            .map(|name| self.entry(name))
            .collect();
        if !unsaved.is_empty() {
            listing.files.extend(unsaved);
            listing.files.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if listing.files.is_empty() {
            return Err(Error::NoPlanFiles(plans_dir.to_owned()));
        }
        Ok(listing)
    }

    fn rule_files(&self, rules_dir: &str) -> Listing {
        self.disk.rule_files(rules_dir)
    }

    fn read(&self, entry: &Entry) -> Result<Vec<u8>, ReadError> {
        match self.buffers.get(&entry.name) {
            Some(text) if text.len() as u64 > MAX_FILE_SIZE => Err(ReadError::TooLarge {
                size: text.len() as u64,
            }),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.disk.read(entry),
        }
    }

    fn git_prefix(&self) -> String {
        self.disk.git_prefix()
    }
}
