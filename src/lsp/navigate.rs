//! Where every id is written, and the requests that read it: definition, references, hover,
//! rename and symbols.

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use lsp_types::{
    Hover, HoverContents, Location, MarkupContent, MarkupKind, Position, PrepareRenameResponse,
    Range, SymbolInformation, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};
use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap;

use super::convert::{self, Encoding};
use crate::engine::Outcome;
use crate::model::{Item, Text};
use crate::parse::values::format_money;
use crate::source::{FileId, SourceFile, Span};
use crate::view::money::{self, Attribution};

/// One place an id is written: where an item declares it, or a link names it.
pub struct Occurrence {
    pub id: Text,
    pub span: Span,
    /// Whether this is the item's own id rather than a link to it.
    pub declares: bool,
}

/// Every id written in the plans, sorted by place, with the money attributed to each item.
pub struct Index {
    occurrences: Vec<Occurrence>,
    by_id: FxHashMap<Text, Vec<usize>>,
    money: Attribution,
}

impl Index {
    pub fn build(outcome: &Outcome) -> Self {
        let model = &outcome.model;
        let mut occurrences = Vec::new();
        for node in &model.nodes {
            let item = &node.item;
            // An item with no id (reported as such) declares none, but may still link.
            if !item.id.is_empty() {
                occurrences.push(Occurrence {
                    id: item.id.clone(),
                    span: item.span,
                    declares: true,
                });
            }
            for (name, field) in item.fields.iter() {
                if model.schema.relation(name.as_str()).is_none() {
                    continue;
                }
                for (id, span) in field.value.ids() {
                    occurrences.push(Occurrence {
                        id: Text::from(id),
                        span,
                        declares: false,
                    });
                }
            }
        }
        occurrences.sort_by_key(|o| (o.span.file, o.span.start()));
        let mut by_id: FxHashMap<Text, Vec<usize>> = FxHashMap::default();
        for (i, o) in occurrences.iter().enumerate() {
            by_id.entry(o.id.clone()).or_default().push(i);
        }
        Index {
            occurrences,
            by_id,
            money: money::attribute(model),
        }
    }

    /// The id written at byte `offset` of `file` (its end counts, as the cursor may stand
    /// just after it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let after = self
            .occurrences
            .partition_point(|o| (o.span.file, o.span.start()) <= (file, offset));
        self.occurrences[..after]
            .iter()
            .rev()
            .take_while(|o| o.span.file == file)
            .find(|o| o.span.end() >= offset && o.span.start() <= offset)
    }

    /// Every place `id` is written.
    pub fn of(&self, id: &str) -> impl Iterator<Item = &Occurrence> {
        self.by_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.occurrences[i])
    }
}

/// The last check of one repository, as the requests read it.
pub struct View<'a> {
    pub outcome: &'a Outcome,
    pub index: &'a Index,
    pub files: &'a FxHashMap<String, FileId>,
    pub root: &'a Path,
    pub encoding: Encoding,
}

impl View<'_> {
    pub fn source(&self, file: FileId) -> &SourceFile {
        self.outcome.sources.get(file)
    }

    pub fn file(&self, name: &str) -> Option<FileId> {
        self.files.get(name).copied()
    }

    /// The byte offset of an editor position in `file`.
    pub fn offset(&self, file: FileId, position: Position) -> usize {
        convert::offset(self.source(file), position, self.encoding)
    }

    pub fn range(&self, span: Span) -> Range {
        convert::range(self.source(span.file), span, self.encoding)
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        let name = &self.source(span.file).name;
        let path = if Path::new(name).is_absolute() {
            Path::new(name).to_path_buf()
        } else {
            self.root.join(name)
        };
        Some(Location::new(convert::uri_of(&path)?, self.range(span)))
    }

    fn item(&self, node: NodeIndex) -> &Item {
        &self.outcome.model.node(node).item
    }

    /// The id under the cursor.
    pub fn id_at(&self, file: FileId, position: Position) -> Option<&Occurrence> {
        self.index.at(file, self.offset(file, position))
    }

    pub fn definition(&self, file: FileId, position: Position) -> Option<Location> {
        let id = &self.id_at(file, position)?.id;
        let node = self.outcome.model.lookup(id)?;
        self.location(self.item(node).span)
    }

    pub fn references(&self, file: FileId, position: Position, declaration: bool) -> Vec<Location> {
        let Some(at) = self.id_at(file, position) else {
            return Vec::new();
        };
        self.index
            .of(&at.id)
            .filter(|o| declaration || !o.declares)
            .filter_map(|o| self.location(o.span))
            .collect()
    }

    pub fn hover(&self, file: FileId, position: Position) -> Option<Hover> {
        let at = self.id_at(file, position)?;
        let model = &self.outcome.model;
        let node = model.lookup(&at.id)?;
        let item = self.item(node);
        let plan = model.plan_of(node);
        let field = |name: &str| {
            let own = item.fields.get_str(name).and_then(|f| f.value.as_str());
            own.or_else(|| plan.field_str(name))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let mut text = format!("**{}** ({})", item.id, item.kind);
        if !item.title.is_empty() {
            text.push_str(&format!(": {}", item.title));
        }
        text.push_str(&format!("\n\n- Plan: {} {}", plan.id, plan.title));
        for (label, name) in [("Owner", "owner"), ("Status", "status")] {
            if let Some(value) = field(name) {
                text.push_str(&format!("\n- {label}: {value}"));
            }
        }
        text.push_str(&format!(
            "\n- Money attributed: {}",
            format_money(self.index.money.of(node))
        ));
        match self.path_up(node) {
            Some(path) => {
                let steps: Vec<String> = path
                    .iter()
                    .map(|&n| {
                        let step = self.item(n);
                        format!("{} {}", step.id, step.title)
                    })
                    .collect();
                text.push_str(&format!(
                    "\n- Path to the Corporate Plan: {}",
                    steps.join(" → ")
                ));
            }
            None => text.push_str("\n- Path to the Corporate Plan: none; it does not trace"),
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(self.range(at.span)),
        })
    }

    /// The shortest chain of links from `node` up to a Corporate Plan priority, both ends
    /// included.
    fn path_up(&self, node: NodeIndex) -> Option<Vec<NodeIndex>> {
        let model = &self.outcome.model;
        let priorities = model.root_priorities();
        let mut came_from: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([node]);
        while let Some(at) = queue.pop_front() {
            if priorities.contains(&at) {
                let mut path = vec![at];
                while let Some(&before) = came_from.get(path.last()?) {
                    path.push(before);
                }
                path.reverse();
                return Some(path);
            }
            for (_, up) in model.links_up(at, None) {
                if up != node && !came_from.contains_key(&up) {
                    came_from.insert(up, at);
                    queue.push_back(up);
                }
            }
        }
        None
    }

    pub fn prepare_rename(
        &self,
        file: FileId,
        position: Position,
    ) -> Option<PrepareRenameResponse> {
        let at = self.id_at(file, position)?;
        self.outcome.model.lookup(&at.id)?;
        Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: self.range(at.span),
            placeholder: at.id.to_string(),
        })
    }

    /// Every edit that renames the id under the cursor to `new`; why not, in plain words.
    #[allow(
        clippy::mutable_key_type,
        reason = "lsp-types keys a workspace edit's changes by Uri, which caches its parts inside"
    )]
    pub fn rename(
        &self,
        file: FileId,
        position: Position,
        new: &str,
    ) -> Result<WorkspaceEdit, String> {
        let Some(at) = self.id_at(file, position) else {
            return Err("There is no item id here to rename.".to_owned());
        };
        let new = new.trim();
        if self.outcome.model.lookup(&at.id).is_none() {
            return Err(format!(
                "No item has the id {}, so it cannot be renamed.",
                at.id
            ));
        }
        if !crate::parse::is_valid_id(new) {
            return Err(format!(
                "{new} is not a valid id: an id starts with a letter and holds only letters, \
                 digits and . _ - /"
            ));
        }
        if new != at.id && self.outcome.model.lookup(new).is_some() {
            return Err(format!("{new} is already the id of another item."));
        }
        let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for o in self.index.of(&at.id) {
            if let Some(location) = self.location(o.span) {
                changes
                    .entry(location.uri)
                    .or_default()
                    .push(TextEdit::new(location.range, new.to_owned()));
            }
        }
        Ok(WorkspaceEdit::new(changes))
    }

    /// The items declared in `file`, in the order written.
    pub fn document_symbols(&self, file: FileId) -> Vec<SymbolInformation> {
        let nodes = self.outcome.model.nodes.iter().enumerate();
        nodes
            .filter(|(_, n)| n.item.span.file == file)
            .filter_map(|(i, _)| self.symbol(NodeIndex::new(i)))
            .collect()
    }

    /// The items whose id or title holds `query`, ignoring case; at most `limit`.
    pub fn workspace_symbols(&self, query: &str, limit: usize) -> Vec<SymbolInformation> {
        let query = query.to_lowercase();
        let nodes = self.outcome.model.nodes.iter().enumerate();
        nodes
            .filter(|(_, n)| {
                n.item.id.to_lowercase().contains(&query)
                    || n.item.title.to_lowercase().contains(&query)
            })
            .filter_map(|(i, _)| self.symbol(NodeIndex::new(i)))
            .take(limit)
            .collect()
    }

    fn symbol(&self, node: NodeIndex) -> Option<SymbolInformation> {
        let item = self.item(node);
        // An item with no id (reported as such) is named by its title; an editor shows no
        // symbol without a name.
        let name = match (item.id.is_empty(), item.title.is_empty()) {
            (true, true) => return None,
            (true, false) => item.title.to_string(),
            (false, true) => item.id.to_string(),
            (false, false) => format!("{} {}", item.id, item.title),
        };
        #[allow(
            deprecated,
            reason = "`deprecated` is a field lsp-types still requires"
        )]
        Some(SymbolInformation {
            name,
            kind: symbol_kind(&item.kind),
            tags: None,
            deprecated: None,
            location: self.location(item.span)?,
            container_name: Some(self.outcome.model.plan_of(node).id.to_string()),
        })
    }
}

fn symbol_kind(kind: &str) -> SymbolKind {
    match kind {
        "priority" => SymbolKind::NAMESPACE,
        "outcome" => SymbolKind::PACKAGE,
        "objective" => SymbolKind::CLASS,
        "action" => SymbolKind::FUNCTION,
        "target" => SymbolKind::FIELD,
        "budget-line" => SymbolKind::NUMBER,
        "risk" => SymbolKind::EVENT,
        "asset" => SymbolKind::STRUCT,
        _ => SymbolKind::OBJECT,
    }
}
