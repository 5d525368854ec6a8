//! One plans repository open in the editor: its folder on disk, the buffers the editor holds
//! for its files, the outcome of the last check of both, and the diagnostics last published.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};
use rustc_hash::FxHashMap;

use super::convert::{self, Encoding};
use super::navigate::{Index, View};
use super::overlay::Overlay;
use crate::engine::{self, CheckOptions, Outcome, ParseCache};
use crate::finding::{Finding, Severity};
use crate::snapshot::Snapshot;
use crate::snapshot::disk::Disk;
use crate::source::{FileId, Span};

pub struct Workspace {
    disk: Disk,
    /// The editor's text of each open file, by name relative to the root.
    pub buffers: BTreeMap<String, Arc<String>>,
    cache: ParseCache,
    outcome: Option<Outcome>,
    /// Each file of the outcome by name.
    files: FxHashMap<String, FileId>,
    /// Where every id is written, made the first time a request needs it after a check.
    index: Option<Index>,
    /// The diagnostics last sent for each file, by name.
    published: FxHashMap<String, Vec<Diagnostic>>,
    /// Whether a buffer or a file on disk changed since the last check.
    pub dirty: bool,
    /// What stopped the last check, once it has been shown to the user.
    pub error: Option<String>,
}

impl Workspace {
    /// The plans repository holding `folder` (it or the nearest folder above it with
    /// `planalign.yaml` or `plans/`), if there is one.
    pub fn open(folder: &Path) -> Option<Self> {
        // The folder as it really is (a workspace folder may be a link), and the repository
        // read whole from its root, as `check` reads it, whichever folder inside it was
        // opened.
        let found = Disk::open(&[folder.canonicalize().ok()?]).ok()?;
        if !found.is_repository {
            return None;
        }
        let disk = Disk::open(std::slice::from_ref(&found.root)).ok()?;
        Some(Workspace {
            disk,
            buffers: BTreeMap::new(),
            cache: ParseCache::default(),
            outcome: None,
            files: FxHashMap::default(),
            index: None,
            published: FxHashMap::default(),
            dirty: true,
            error: None,
        })
    }

    pub fn root(&self) -> &Path {
        &self.disk.root
    }

    /// The name of `path` in this repository, if it lies inside it.
    pub fn name_of(&self, path: &Path) -> Option<String> {
        // A file whose folder has gone (deleted while open in the editor) is placed by the
        // path as given.
        let real = match (path.parent(), path.file_name()) {
            (Some(dir), Some(file)) => dir
                .canonicalize()
                .map_or_else(|_| path.to_path_buf(), |dir| dir.join(file)),
            _ => return None,
        };
        let inside = real.strip_prefix(&self.disk.root).ok()?;
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// Where the file `name` of a finding lies.
    pub fn path_of(&self, name: &str) -> PathBuf {
        if Path::new(name).is_absolute() {
            PathBuf::from(name)
        } else {
            self.disk.root.join(name)
        }
    }

    /// Checks the repository again, as `check` would, with the buffers over the disk.
    pub fn check(&mut self, as_of: NaiveDate) -> Result<(), engine::Error> {
        self.dirty = false;
        // The last check is let go of on another thread: freeing a large model takes a
        // noticeable part of a re-check, and the editor need not wait for it.
        let last = (self.outcome.take(), self.index.take());
        // Should no thread be had, the closure, and the last check with it, is dropped here.
        let _ = std::thread::Builder::new().spawn(move || drop(last));
        let overlay = Overlay {
            disk: &self.disk,
            buffers: &self.buffers,
        };
        let options = CheckOptions {
            as_of,
            severity: Vec::new(),
        };
        let checked = engine::check_again(&overlay as &dyn Snapshot, &options, &mut self.cache);
        let outcome = match checked {
            Ok(outcome) => outcome,
            Err(error) => {
                self.forget();
                return Err(error);
            }
        };
        self.files = (0..outcome.sources.len())
            .map(|i| {
                let file = FileId::from_index(i);
                (outcome.sources.get(file).name.clone(), file)
            })
            .collect();
        self.outcome = Some(outcome);
        Ok(())
    }

    /// Forgets the last check, so that the next diagnostics clear every file.
    pub fn forget(&mut self) {
        self.outcome = None;
        self.index = None;
        self.files.clear();
    }

    /// The diagnostics of every file whose diagnostics changed since they were last
    /// published: an empty list for a file that no longer has any.
    pub fn diagnostics(&mut self, encoding: Encoding) -> Vec<(Uri, Vec<Diagnostic>)> {
        let mut now: FxHashMap<String, Vec<Diagnostic>> = FxHashMap::default();
        if let Some(outcome) = &self.outcome {
            for finding in &outcome.findings {
                let name = &outcome.sources.get(finding.span.file).name;
                let diagnostic = self.diagnostic(outcome, finding, encoding);
                now.entry(name.clone()).or_default().push(diagnostic);
            }
        }
        let mut changed = Vec::new();
        for (name, diagnostics) in &now {
            if self.published.get(name) != Some(diagnostics) {
                changed.push((name.clone(), diagnostics.clone()));
            }
        }
        for name in self.published.keys().filter(|n| !now.contains_key(*n)) {
            changed.push((name.clone(), Vec::new()));
        }
        self.published = now;
        changed.sort_by(|a, b| a.0.cmp(&b.0));
        changed
            .into_iter()
            .filter_map(|(name, d)| Some((convert::uri_of(&self.path_of(&name))?, d)))
            .collect()
    }

    fn diagnostic(&self, outcome: &Outcome, finding: &Finding, encoding: Encoding) -> Diagnostic {
        let location = |span: Span, message: &str| {
            let file = outcome.sources.get(span.file);
            Some(DiagnosticRelatedInformation {
                location: Location::new(
                    convert::uri_of(&self.path_of(&file.name))?,
                    convert::range(file, span, encoding),
                ),
                message: message.to_owned(),
            })
        };
        let help = finding.help.iter().map(|h| (finding.span, h.as_str()));
        let related = finding.related.iter().map(|r| (r.span, r.message.as_str()));
        let information: Vec<_> = help
            .chain(related)
            .filter_map(|(span, message)| location(span, message))
            .collect();
        let file = outcome.sources.get(finding.span.file);
        Diagnostic {
            range: convert::range(file, finding.span, encoding),
            severity: Some(match finding.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Note | Severity::Off => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(finding.rule.as_str().to_owned())),
            source: Some("planalign".to_owned()),
            message: finding.message.clone(),
            related_information: (!information.is_empty()).then_some(information),
            ..Diagnostic::default()
        }
    }

    /// The last check's view of the repository, for answering the editor's requests.
    pub fn view(&mut self, encoding: Encoding) -> Option<View<'_>> {
        let outcome = self.outcome.as_ref()?;
        let index = self.index.get_or_insert_with(|| Index::build(outcome));
        Some(View {
            outcome,
            index,
            files: &self.files,
            root: &self.disk.root,
            encoding,
        })
    }
}
