//! Baselines: adopting the gate on plans that already have findings. `--write-baseline`
//! records today's findings; `--baseline` then reports only findings not recorded, and lists
//! recorded ones that no longer occur so the file can be tidied.
//!
//! A finding is recorded by its rule, plan, item and the text it points at (the unknown id of
//! a dangling reference, the unreadable date), never by line, so that editing a plan above a
//! known finding does not make it new. The file is sorted, stable JSON, written atomically.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::source::Sources;

/// One recorded finding, and how many times it occurred.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub plan: Option<String>,
    pub item: Option<String>,
    /// The text the finding points at.
    pub at: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde passes a reference"
)]
fn is_one(n: &usize) -> bool {
    *n == 1
}

/// What identifies a recorded finding: rule, plan, item and the text it points at.
pub(crate) type Key = (String, Option<String>, Option<String>, String);

impl From<(Key, usize)> for Entry {
    fn from(((rule, plan, item, at), count): (Key, usize)) -> Self {
        Entry {
            rule,
            plan,
            item,
            at,
            count,
        }
    }
}

/// The version of the baseline file this planalign writes and reads.
const VERSION: u32 = 1;

/// The largest baseline read: one for a hundred thousand findings is a few tens of MiB.
const MAX_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// What stops a baseline from being read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the baseline {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("cannot read the baseline {0}: it is not a regular file")]
    NotAFile(PathBuf),
    #[error(
        "cannot read the baseline {0}: it is {1} bytes, larger than the 64 MiB a baseline may be"
    )]
    TooLarge(PathBuf, u64),
    #[error("the baseline {0} is not a planalign baseline: {1}")]
    Parse(PathBuf, serde_json::Error),
    #[error(
        "the baseline {0} is of version {1}, which this planalign cannot read (it reads version \
         {VERSION}); write it again with --write-baseline"
    )]
    Version(PathBuf, u32),
    #[error("cannot write the baseline: {0}")]
    Write(#[from] crate::output::Error),
}

/// A baseline: recorded findings by key, with counts.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: BTreeMap<Key, usize>,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings left out because the baseline records them.
    pub known: usize,
    /// Recorded findings that no longer occur.
    pub gone: Vec<Entry>,
}

pub(crate) fn key(sources: &Sources, f: &Finding) -> Key {
    (
        f.rule.as_str().to_owned(),
        f.plan.clone(),
        f.item.clone(),
        sources.text(f.span).to_owned(),
    )
}

impl Baseline {
    /// Reads a baseline: a regular file (never a FIFO or device, which could hang or never
    /// end), of at most 64 MiB, of this version.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let read_error = |e| Error::Read(path.to_owned(), e);
        let metadata = std::fs::metadata(path).map_err(read_error)?;
        if !metadata.is_file() {
            return Err(Error::NotAFile(path.to_owned()));
        }
        if metadata.len() > MAX_SIZE {
            return Err(Error::TooLarge(path.to_owned(), metadata.len()));
        }
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_SIZE + 1).read_to_string(&mut text))
            .map_err(read_error)?;
        if text.len() as u64 > MAX_SIZE {
            return Err(Error::TooLarge(path.to_owned(), text.len() as u64));
        }
        let file: File =
            serde_json::from_str(&text).map_err(|e| Error::Parse(path.to_owned(), e))?;
        if file.version != VERSION {
            return Err(Error::Version(path.to_owned(), file.version));
        }
        let mut baseline = Baseline::default();
        for e in file.findings {
            *baseline
                .entries
                .entry((e.rule, e.plan, e.item, e.at))
                .or_default() += e.count.max(1);
        }
        Ok(baseline)
    }

    /// Removes the findings the baseline records; reports how many, and what it records that
    /// no longer occurs.
    pub fn apply(mut self, sources: &Sources, findings: &mut Vec<Finding>) -> Applied {
        let before = findings.len();
        findings.retain(|f| match self.entries.get_mut(&key(sources, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
        let gone = self
            .entries
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(Entry::from)
            .collect();
        Applied {
            known: before - findings.len(),
            gone,
        }
    }
}

/// Writes the findings as a baseline, replacing the file in one step so that a reader never
/// sees half of it (see [`crate::output`]).
pub fn write(path: &Path, sources: &Sources, findings: &[Finding]) -> Result<(), Error> {
    let mut counts: BTreeMap<_, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(key(sources, f)).or_default() += 1;
    }
    let file = File {
        version: VERSION,
        findings: counts.into_iter().map(Entry::from).collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serializes to JSON");
    text.push('\n');
    crate::output::write_file(path, text.as_bytes())?;
    Ok(())
}
