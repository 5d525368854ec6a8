//! The requests that write: completion of ids in link fields and the quick fixes (the
//! did-you-mean of a dangling reference, a waiver with a reason to fill in).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionList, CompletionTextEdit, Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use petgraph::graph::NodeIndex;

use super::navigate::View;
use crate::finding::Finding;
use crate::model::{Value, names};
use crate::rule_id::{Builtin, RuleId};
use crate::source::{FileId, Span};

/// The most ids one completion offers; the editor asks again as more is typed.
const MOST_OFFERED: usize = 200;

/// The reason of a new waiver: empty, so that the waiver does not apply until someone says
/// why the finding is accepted (`waiver-without-reason` reminds them).
const REASON: &str = "reason: # say why this is accepted; the waiver applies once it has a reason";

/// The rules about waivers, which no waiver can waive.
const NOT_WAIVABLE: [Builtin; 3] = [
    Builtin::WaiverWithoutReason,
    Builtin::ExpiredWaiver,
    Builtin::UnusedWaiver,
];

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')
}

impl View<'_> {
    /// The ids that may be written at the cursor, if it stands in a link field: only those
    /// of the kinds the relation may point to.
    pub fn completion(&self, file: FileId, position: Position) -> Option<CompletionList> {
        let text = self.source(file).text.as_str();
        let offset = self.offset(file, position);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..offset];
        let typed_len = before.len() - before.trim_end_matches(is_id_char).len();
        let typed = &before[before.len() - typed_len..];
        let relation = relation_at(text, line_start, &before[..before.len() - typed_len])?;
        let schema = &self.outcome.model.schema;
        let allowed = &schema.relations[schema.relation(&relation)?].to;
        let range = self.range(Span::new(file, offset - typed_len, offset));
        let wanted = typed.to_lowercase();
        let mut items = Vec::new();
        let mut complete = true;
        for node in &self.outcome.model.nodes {
            let item = &node.item;
            if !item.kind_id.is_some_and(|k| allowed.contains(&k))
                || !item.id.to_lowercase().starts_with(&wanted)
            {
                continue;
            }
            if items.len() == MOST_OFFERED {
                complete = false;
                break;
            }
            let plan = &self.outcome.model.plans[node.plan];
            items.push(CompletionItem {
                label: item.id.to_string(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!("{} ({} in {})", item.title, item.kind, plan.id)),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    item.id.to_string(),
                ))),
                ..CompletionItem::default()
            });
        }
        Some(CompletionList {
            is_incomplete: !complete,
            items,
        })
    }

    /// The quick fixes for the findings in `range` of `file`.
    #[allow(
        clippy::mutable_key_type,
        reason = "lsp-types keys a workspace edit's changes by Uri, which caches its parts inside"
    )]
    pub fn code_actions(&self, file: FileId, range: Range, uri: &Uri) -> Vec<CodeActionOrCommand> {
        let start = self.offset(file, range.start);
        let end = self.offset(file, range.end).max(start);
        let mut actions = Vec::new();
        let here = self
            .outcome
            .findings
            .iter()
            .filter(|f| f.span.file == file && f.span.start() <= end && f.span.end() >= start);
        for finding in here {
            if let Some(replacement) = &finding.replacement {
                let written = self.outcome.sources.text(finding.span);
                let edit = TextEdit::new(self.range(finding.span), replacement.clone());
                actions.push(action(
                    format!("Replace {written} with {replacement}"),
                    HashMap::from([(uri.clone(), vec![edit])]),
                    true,
                ));
            }
            if let Some((node, edit)) = self.waiver(finding) {
                let Some(location) = self.location(self.outcome.model.node(node).item.span) else {
                    continue;
                };
                actions.push(action(
                    format!(
                        "Waive {} for {} (a reason must be given)",
                        finding.rule.as_str(),
                        self.outcome.model.node(node).item.id
                    ),
                    HashMap::from([(location.uri, vec![edit])]),
                    false,
                ));
            }
        }
        actions
    }

    /// The edit that adds a waiver of the finding's rule to its item: to the item's `waive:`
    /// list, or its YAML block or map. An item in a table row has nowhere to write one.
    fn waiver(&self, finding: &Finding) -> Option<(NodeIndex, TextEdit)> {
        if matches!(finding.rule, RuleId::Builtin(b) if NOT_WAIVABLE.contains(&b)) {
            return None;
        }
        let node = self.outcome.model.lookup(finding.item.as_deref()?)?;
        let item = &self.outcome.model.node(node).item;
        let source = self.source(item.span.file);
        let text = source.text.as_str();
        let rule = finding.rule.as_str();
        let line_after = |offset: usize| text[offset..].find('\n').map(|i| offset + i + 1);
        let (at, insert) = match item.fields.get(*names::WAIVE).map(|f| &f.value) {
            Some(Value::List(entries, span)) => {
                let first = entries.first()?.span().start();
                let lead = &text[text[..first].rfind('\n').map_or(0, |i| i + 1)..first];
                if lead.trim() != "-" {
                    return None;
                }
                let blank = lead.replace('-', " ");
                let entry = format!("{lead}rule: {rule}\n{blank}{REASON}\n");
                match line_after(span.end()) {
                    Some(at) => (at, entry),
                    None => (text.len(), format!("\n{entry}")),
                }
            }
            Some(_) => return None,
            None => {
                let (_, line_start) = source.line_of(item.span.start());
                let line = &text[line_start..item.span.start()];
                let after = line_after(item.span.start());
                if line.trim_start().starts_with('#') {
                    heading_waiver(text, after, rule)
                } else if line.trim_start().starts_with('|') {
                    return None;
                } else {
                    let key = line.rfind("id:")?;
                    let indent = line[..key].replace('-', " ");
                    let block =
                        format!("{indent}waive:\n{indent}  - rule: {rule}\n{indent}    {REASON}\n");
                    match after {
                        Some(at) => (at, block),
                        None => (text.len(), format!("\n{block}")),
                    }
                }
            }
        };
        let range = self.range(Span::at(item.span.file, at));
        Some((node, TextEdit::new(range, insert)))
    }
}

/// Where and what to write for a waiver of an item declared by a Markdown heading: at the top
/// of the YAML block that follows the heading, or in a new block.
fn heading_waiver(text: &str, after: Option<usize>, rule: &str) -> (usize, String) {
    let entry = format!("waive:\n  - rule: {rule}\n    {REASON}\n");
    let Some(after) = after else {
        return (text.len(), format!("\n\n```yaml\n{entry}```\n"));
    };
    let mut at = after;
    for line in text[after..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            at += line.len();
            continue;
        }
        if matches!(trimmed, "```yaml" | "```yml") {
            return (at + line.len(), entry);
        }
        break;
    }
    (after, format!("\n```yaml\n{entry}```\n"))
}

#[allow(
    clippy::mutable_key_type,
    reason = "lsp-types keys a workspace edit's changes by Uri, which caches its parts inside"
)]
fn action(
    title: String,
    changes: HashMap<Uri, Vec<TextEdit>>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit::new(changes)),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The relation whose value the cursor stands in, from the text before it on its line (and,
/// for a YAML list or a table, the lines above): `supports=` in a heading's attributes,
/// `supports:` in YAML, or a table column headed `supports`.
fn relation_at(text: &str, line_start: usize, before: &str) -> Option<String> {
    let trimmed = before.trim_start();
    let key = if trimmed.starts_with('#') {
        let attributes = &before[before.rfind('{')?..];
        if attributes.contains('}') {
            return None;
        }
        let token = attributes.rsplit(char::is_whitespace).next()?;
        token.split_once('=')?.0.to_owned()
    } else if trimmed.starts_with('|') {
        let column = trimmed.matches('|').count() - 1;
        let above = text[..line_start].lines().rev();
        let header = above
            .take_while(|l| l.trim_start().starts_with('|'))
            .last()
            .unwrap_or(trimmed);
        header.split('|').nth(column + 1)?.trim().to_owned()
    } else if let Some((key, _)) = trimmed.trim_start_matches("- ").split_once(':') {
        key.trim().to_owned()
    } else if trimmed.starts_with('-') || trimmed.is_empty() {
        // A YAML list under its key: the nearest line above that is not an entry.
        let above = text[..line_start].lines().rev();
        let key_line = above
            .map(str::trim)
            .find(|l| !l.starts_with('-') && !l.is_empty())?;
        let (key, value) = key_line.split_once(':')?;
        if !value.trim().is_empty() {
            return None;
        }
        key.trim().to_owned()
    } else {
        return None;
    };
    let key = key.trim_start_matches('{').trim();
    (!key.is_empty()).then(|| key.to_owned())
}
