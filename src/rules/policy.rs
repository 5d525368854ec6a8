//! Policy rules written in YAML: their file format, how they are checked when loaded, and
//! how they are run against the graph. The default rules in `rules/` use exactly this.

use marked_yaml::Spanned;
use petgraph::graph::NodeIndex;
use serde::Deserialize;

use crate::config::{KindId, RelationId, Schema};
use crate::finding::{Finding, Severity};
use crate::graph::Model;
use crate::reach::{self, End, Query, Stops, Toward};
use crate::text::capitalise;

/// A rule as written in a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub title: String,
    pub severity: Spanned<String>,
    pub message: Spanned<String>,
    pub help: Option<String>,
    pub explain: Option<String>,
    #[serde(default)]
    pub select: SelectDef,
    #[serde(default)]
    pub require: RequireDef,
}

/// Which items a rule looks at.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectDef {
    pub kind: Option<Names>,
    #[serde(rename = "plan-type")]
    pub plan_type: Option<Names>,
    /// `root` or `not-root`.
    pub plan: Option<Spanned<String>>,
}

/// What must hold of each selected item.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequireDef {
    pub reaches: Option<ReachDef>,
    #[serde(rename = "reached-by")]
    pub reached_by: Option<ReachDef>,
    pub fields: Option<Names>,
}

/// The far end of a `reaches` or `reached-by` assertion.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReachDef {
    pub kind: Option<Names>,
    /// `root`, `other` (a plan other than the item's own) or `any`.
    pub plan: Option<Spanned<String>>,
    pub via: Option<Names>,
    pub min: Option<usize>,
}

/// One name or a list of names, with the span of what was written.
pub type Names = Spanned<OneOrMany>;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Which plans an assertion's far end may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    Root,
    Other,
}

/// An assertion ready to run.
#[derive(Debug)]
pub struct Reach {
    pub kinds: Option<Vec<KindId>>,
    pub scope: Scope,
    pub via: Option<Vec<bool>>,
    pub min: usize,
}

/// A policy rule checked and resolved against the schema, ready to run.
#[derive(Debug)]
pub struct Policy {
    pub id: String,
    pub message: String,
    pub help: Option<String>,
    pub kinds: Option<Vec<KindId>>,
    pub plan_types: Option<Vec<String>>,
    /// `Some(true)`: only root plan items; `Some(false)`: only items of other plans.
    pub in_root: Option<bool>,
    pub reaches: Option<Reach>,
    pub reached_by: Option<Reach>,
    pub fields: Vec<String>,
}

/// The placeholders a message may use.
pub const PLACEHOLDERS: [&str; 6] = ["id", "title", "kind", "plan", "plan_title", "missing"];

/// A problem in a rule definition: what is wrong, and the span (within the rule file's YAML)
/// of the value at fault.
pub struct DefError {
    pub at: Option<marked_yaml::Marker>,
    pub message: String,
    pub help: String,
}

impl RuleDef {
    /// Resolves names against the schema. Problems are returned, not thrown: each becomes an
    /// `invalid-rule` finding at the value at fault.
    pub fn compile(&self, schema: &Schema) -> Result<Policy, DefError> {
        let kinds = |names: &Option<Names>| -> Result<Option<Vec<KindId>>, DefError> {
            names
                .as_ref()
                .map(|n| {
                    n.names()
                        .into_iter()
                        .map(|k| {
                            schema.kind(k).ok_or_else(|| DefError {
                                at: n.span().start().copied(),
                                message: format!("`{k}` is not a known kind of item"),
                                help: format!(
                                    "Use one of: {}.",
                                    schema.kind_names().collect::<Vec<_>>().join(", ")
                                ),
                            })
                        })
                        .collect()
                })
                .transpose()
        };
        let reach = |def: &Option<ReachDef>| -> Result<Option<Reach>, DefError> {
            let Some(def) = def else { return Ok(None) };
            let scope = match def.plan.as_ref().map(|p| (p.as_str(), p.span())) {
                None | Some(("any", _)) => Scope::Any,
                Some(("root", _)) => Scope::Root,
                Some(("other", _)) => Scope::Other,
                Some((other, span)) => {
                    return Err(DefError {
                        at: span.start().copied(),
                        message: format!("`plan: {other}` is not a plan scope planalign knows"),
                        help: "Use `root` (the Corporate Plan), `other` (a plan other than the \
                               item's own) or `any`."
                            .into(),
                    });
                }
            };
            let via = def.via.as_ref().map(|v| relations(schema, v)).transpose()?;
            Ok(Some(Reach {
                kinds: kinds(&def.kind)?,
                scope,
                via,
                min: def.min.unwrap_or(1).max(1),
            }))
        };
        if Severity::parse(&self.severity).is_none() {
            return Err(DefError {
                at: self.severity.span().start().copied(),
                message: format!("`{}` is not a severity", self.severity.as_str()),
                help: "Use error, warning, note or off.".into(),
            });
        }
        check_placeholders(&self.message)?;
        let in_root = match self.select.plan.as_ref().map(|p| p.as_str()) {
            None => None,
            Some("root") => Some(true),
            Some("not-root") => Some(false),
            Some(other) => {
                return Err(DefError {
                    at: self
                        .select
                        .plan
                        .as_ref()
                        .and_then(|p| p.span().start().copied()),
                    message: format!("`plan: {other}` is not a plan selection planalign knows"),
                    help: "Use `root` (items of the Corporate Plan) or `not-root`.".into(),
                });
            }
        };
        Ok(Policy {
            id: self.id.to_string(),
            message: self.message.to_string(),
            help: self.help.clone(),
            kinds: kinds(&self.select.kind)?,
            plan_types: self
                .select
                .plan_type
                .as_ref()
                .map(|t| t.names().into_iter().map(str::to_owned).collect()),
            in_root,
            reaches: reach(&self.require.reaches)?,
            reached_by: reach(&self.require.reached_by)?,
            fields: self
                .require
                .fields
                .as_ref()
                .map(|f| f.names().into_iter().map(str::to_owned).collect())
                .unwrap_or_default(),
        })
    }
}

fn relations(schema: &Schema, names: &Names) -> Result<Vec<bool>, DefError> {
    let mut allowed = vec![false; schema.relations.len()];
    for name in names.names() {
        let id: RelationId = schema.relation(name).ok_or_else(|| DefError {
            at: names.span().start().copied(),
            message: format!("`{name}` is not a known relation"),
            help: format!(
                "Use one of: {}.",
                schema
                    .relations
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
        allowed[id] = true;
    }
    Ok(allowed)
}

fn check_placeholders(message: &Spanned<String>) -> Result<(), DefError> {
    let mut rest = message.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(DefError {
                at: message.span().start().copied(),
                message: format!("The message uses `{{{name}}}`, which planalign cannot fill in"),
                help: format!(
                    "Use only {}.",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ),
            });
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

impl Policy {
    /// Runs the rule over every item it selects.
    pub fn run(&self, model: &Model, findings: &mut Vec<Finding>) {
        let needs_root = self.in_root.is_some()
            || [&self.reaches, &self.reached_by]
                .iter()
                .any(|r| r.as_ref().is_some_and(|r| r.scope == Scope::Root));
        if needs_root && model.root.is_none() {
            return;
        }
        let reaches = self.reaches.as_ref().map(|r| answer(model, r, Toward::Up));
        let reached_by = self
            .reached_by
            .as_ref()
            .map(|r| answer(model, r, Toward::Down));
        let mut stops = self
            .reaches
            .as_ref()
            .map(|r| Stops::new(model, r.via.as_deref()));
        for (i, node) in model.nodes.iter().enumerate() {
            if !self.selects(model, i) {
                continue;
            }
            let index = NodeIndex::new(i);
            let missing: Vec<&str> = self
                .fields
                .iter()
                .filter(|f| node.item.fields.get(*f).is_none_or(|v| v.value.is_empty()))
                .map(String::as_str)
                .collect();
            let finding = if reaches.as_ref().is_some_and(|r| !r[i]) {
                let chain = stops.as_mut().map(|s| s.chain(model, index, 3));
                let mut f = self.finding(model, index, &missing);
                if let Some(chain) = chain {
                    let (label, stop) = describe(model, index, &chain, self.reaches.as_ref());
                    f = f.label(label);
                    if let Some((span, message)) = stop {
                        f = f.related(span, message);
                    }
                }
                f
            } else if reached_by.as_ref().is_some_and(|r| !r[i]) {
                let label = self
                    .reached_by
                    .as_ref()
                    .map_or_else(String::new, |r| reached_label(model, r));
                self.finding(model, index, &missing).label(label)
            } else if !missing.is_empty() {
                self.finding(model, index, &missing)
                    .label(format!("no {}", missing.join(", no ")))
            } else {
                continue;
            };
            findings.push(finding);
        }
    }

    fn selects(&self, model: &Model, i: usize) -> bool {
        let node = &model.nodes[i];
        let plan = &model.plans[node.plan];
        self.kinds
            .as_ref()
            .is_none_or(|k| node.kind.is_some_and(|nk| k.contains(&nk)))
            && self
                .plan_types
                .as_ref()
                .is_none_or(|t| t.contains(&plan.plan_type))
            && self
                .in_root
                .is_none_or(|r| (model.root == Some(node.plan)) == r)
    }

    fn finding(&self, model: &Model, index: NodeIndex, missing: &[&str]) -> Finding {
        let node = model.node(index);
        let plan = model.plan_of(index);
        let message = fill(&self.message, |name| match name {
            "id" => node.item.id.clone(),
            "title" => node.item.title.clone(),
            "kind" => capitalise(&node.item.kind),
            "plan" => plan.id.clone(),
            "plan_title" => plan.title.clone(),
            "missing" => missing.join(", "),
            _ => String::new(),
        });
        let mut finding = Finding::new(&self.id, node.item.span, message)
            .item(&node.item.id)
            .plan(&plan.id);
        finding.help.clone_from(&self.help);
        finding
    }
}

fn answer(model: &Model, reach: &Reach, toward: Toward) -> Vec<bool> {
    let seeds: Vec<bool> = model
        .nodes
        .iter()
        .map(|n| {
            reach
                .kinds
                .as_ref()
                .is_none_or(|k| n.kind.is_some_and(|nk| k.contains(&nk)))
                && (reach.scope != Scope::Root || model.root == Some(n.plan))
        })
        .collect();
    reach::answer(
        model,
        &Query {
            seeds: &seeds,
            via: reach.via.as_deref(),
            toward,
            min: reach.min,
            other_plan: reach.scope == Scope::Other,
        },
    )
}

/// The chain of links from an item as the label under it ("WFS-T4 measures WFS-O3, which
/// links to nothing"), and, when the chain has links, where and why it stops.
fn describe(
    model: &Model,
    start: NodeIndex,
    chain: &reach::Chain,
    reach: Option<&Reach>,
) -> (String, Option<(crate::source::Span, String)>) {
    let name = |n: NodeIndex| model.node(n).item.id.as_str();
    let mut label = name(start).to_owned();
    for (i, &(edge, to)) in chain.links.iter().enumerate() {
        let relation = &model.schema.relations[model.graph[edge].relation].name;
        let joint = if i == 0 { " " } else { ", which " };
        label.push_str(&format!("{joint}{relation} {}", name(to)));
    }
    if chain.length > chain.links.len() {
        let more = chain.length - chain.links.len();
        label.push_str(&format!(
            ", and {more} more links up to {}",
            name(chain.last)
        ));
    }
    let last = model.node(chain.last);
    let last_plan = &model.plans[last.plan];
    let why = match chain.end {
        End::Nothing => {
            let wrong_plan = reach.is_some_and(|r| {
                r.scope == Scope::Root
                    && r.kinds
                        .as_ref()
                        .is_none_or(|k| last.kind.is_some_and(|lk| k.contains(&lk)))
            });
            match (wrong_plan, model.root) {
                (true, Some(root)) => format!(
                    "is a {} of {} \"{}\", not of the Corporate Plan {}",
                    last.item.kind, last_plan.id, last_plan.title, model.plans[root].id
                ),
                _ => "links to nothing".to_owned(),
            }
        }
        End::Missing => "links only to ids that do not exist".to_owned(),
        End::Circle => "leads back round in a circle".to_owned(),
    };
    let joint = if chain.links.is_empty() {
        " "
    } else {
        ", which "
    };
    label.push_str(joint);
    label.push_str(&why);
    let related = (chain.last != start).then(|| {
        (
            last.item.span,
            format!(
                "the chain stops here: {} \"{}\" {why}",
                last.item.id, last.item.title
            ),
        )
    });
    (label, related)
}

fn reached_label(model: &Model, reach: &Reach) -> String {
    let what = reach.kinds.as_ref().map_or_else(
        || "item".to_owned(),
        |k| {
            k.iter()
                .map(|&k| model.schema.kinds[k].name.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        },
    );
    let from = if reach.scope == Scope::Other {
        " in another plan"
    } else {
        ""
    };
    if reach.min > 1 {
        format!("fewer than {} of: {what}{from}, link up to this", reach.min)
    } else {
        format!("no {what}{from} links up to this")
    }
}

/// Replaces `{name}` placeholders in a message.
fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
