//! Policy rules written in YAML: their file format, how they are checked when loaded, and
//! how they run. The default rules in `rules/` are written in exactly this format.

use marked_yaml::{Marker, Spanned};
use petgraph::graph::NodeIndex;
use schemars::JsonSchema;
use serde::Deserialize;

use super::condition::{Condition, Env, MONEY_FIELDS, Verdict};
use crate::config::{KindId, RelationId, Schema, SeverityName};
use crate::finding::{Finding, Severity};
use crate::graph::{Model, PlanId};
use crate::model::Fields;
use crate::parse::values::{format_money, parse_money, parse_period};
use crate::reach::{self, End, Query, Stops, Toward};
use crate::source::Span;
use crate::text::{capitalise, or_list};

/// A rule as written in a rule file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "planalign rule",
    description = "One policy rule; a rule file holds one rule or a list of them."
)]
pub struct RuleDef {
    /// A kebab-case name of the problem the rule finds, such as `untraced`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// One line saying what the rule checks.
    pub title: String,
    #[schemars(with = "SeverityName")]
    pub severity: Spanned<String>,
    /// The finding, with placeholders: {id}, {title}, {kind}, {plan}, {plan_title},
    /// {missing}, {as_of}, and {item.FIELD}, {plan.FIELD}, {root.FIELD}.
    #[schemars(with = "String")]
    pub message: Spanned<String>,
    /// What to do about a finding.
    pub help: Option<String>,
    /// The longer text `planalign explain` shows.
    pub explain: Option<String>,
    #[serde(default)]
    pub select: SelectDef,
    #[serde(default)]
    #[schemars(with = "RequirementsSchema")]
    pub require: Requirements,
}

/// What a rule looks at.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelectDef {
    /// `items` (the default) or `plans`.
    #[schemars(with = "Option<SubjectName>")]
    pub subject: Option<Spanned<String>>,
    /// Item kinds: one or a list.
    #[schemars(with = "Option<OneOrMany>")]
    pub kind: Option<Names>,
    /// Plan types: one or a list.
    #[schemars(with = "Option<OneOrMany>")]
    pub plan_type: Option<Names>,
    /// `root` (the Corporate Plan) or `not-root`.
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
    /// A CEL condition; only items (or plans) for which it is true are looked at.
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code, reason = "only describes the JSON Schema")]
enum SubjectName {
    Items,
    Plans,
}

/// What must hold of each selected item or plan.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequireDef {
    /// A CEL condition: this block applies only where it is true.
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
    /// A chain of links leads up from the item to an item like this.
    pub reaches: Option<ReachDef>,
    /// At least `min` items like this lead up to the item.
    pub reached_by: Option<ReachDef>,
    /// Fields that must be present and not empty.
    #[schemars(with = "Option<OneOrMany>")]
    pub fields: Option<Names>,
    /// A CEL condition that must be true.
    #[schemars(with = "Option<String>")]
    pub check: Option<Spanned<String>>,
    /// A date field that must lie within the plan's period (for plans: a plan field within
    /// the root plan's period).
    #[schemars(with = "Option<String>")]
    pub within_period: Option<Spanned<String>>,
    /// The field whose value a finding from this block points at (by default, the item's id
    /// or the plan's).
    #[schemars(with = "Option<String>")]
    pub at: Option<Spanned<String>>,
}

/// `require` is one block of assertions or a list of them.
#[derive(Debug, Default)]
pub struct Requirements(pub Vec<RequireDef>);

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "only describes the JSON Schema")]
enum RequirementsSchema {
    One(Box<RequireDef>),
    Many(Vec<RequireDef>),
}

impl<'de> Deserialize<'de> for Requirements {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Requirements;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a block of assertions or a list of them")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Requirements, A::Error> {
                let one =
                    RequireDef::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Requirements(vec![one]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Requirements, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element()? {
                    all.push(one);
                }
                Ok(Requirements(all))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The far end of a `reaches` or `reached-by` assertion.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReachDef {
    /// Item kinds: one or a list; any kind when left out.
    #[schemars(with = "Option<OneOrMany>")]
    pub kind: Option<Names>,
    /// `root` (the Corporate Plan), `other` (a plan other than the item's own) or `any`.
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
    /// Only chains of these relations count; all when left out.
    #[schemars(with = "Option<OneOrMany>")]
    pub via: Option<Names>,
    /// For `reached-by`: how many such items at least (default 1).
    pub min: Option<usize>,
}

/// One name or a list of names, with the span of what was written.
pub type Names = Spanned<OneOrMany>;

#[derive(Debug, Deserialize, JsonSchema)]
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

/// An assertion about links, ready to run.
#[derive(Debug)]
pub struct Reach {
    pub kinds: Option<Vec<KindId>>,
    pub scope: Scope,
    pub via: Option<Vec<bool>>,
    pub min: usize,
}

/// One block of `require`, ready to run.
#[derive(Debug, Default)]
pub struct Block {
    when: Option<Condition>,
    reaches: Option<Reach>,
    reached_by: Option<Reach>,
    fields: Vec<String>,
    check: Option<Condition>,
    within_period: Option<String>,
    at: Option<String>,
}

/// A policy rule checked and resolved against the schema, ready to run.
#[derive(Debug)]
pub struct Policy {
    pub id: String,
    /// Where the rule's id is written, for problems found while it runs.
    pub at: Span,
    message: String,
    help: Option<String>,
    plans: bool,
    kinds: Option<Vec<KindId>>,
    plan_types: Option<Vec<String>>,
    /// `Some(true)`: only the root plan (or its items); `Some(false)`: only the others.
    in_root: Option<bool>,
    when: Option<Condition>,
    blocks: Vec<Block>,
}

/// The placeholders a message may use, besides `{item.FIELD}`, `{plan.FIELD}` and
/// `{root.FIELD}`.
pub const PLACEHOLDERS: [&str; 7] = [
    "id",
    "title",
    "kind",
    "plan",
    "plan_title",
    "missing",
    "as_of",
];

/// A problem in a rule definition: what is wrong, where (a marker in the rule file, moved on
/// by `shift` characters), and what to do.
pub struct DefError {
    pub at: Option<Marker>,
    pub shift: usize,
    pub message: String,
    pub help: String,
}

fn def_error(at: Option<&Marker>, message: String, help: impl Into<String>) -> DefError {
    DefError {
        at: at.copied(),
        shift: 0,
        message,
        help: help.into(),
    }
}

fn condition(text: &Option<Spanned<String>>) -> Result<Option<Condition>, DefError> {
    let Some(text) = text else { return Ok(None) };
    Condition::compile(text).map(Some).map_err(|e| {
        let mut error = def_error(
            text.span().start(),
            format!(
                "The condition `{}` is not valid CEL: {}",
                text.as_str(),
                e.message
            ),
            "Conditions are CEL expressions, such as `has(item.owner) && item.score > 10`.",
        );
        // Point into a one-line expression at the column CEL reports.
        if e.line == 1 {
            error.shift = e.column - 1;
        }
        error
    })
}

impl RuleDef {
    /// Resolves names and compiles conditions. Problems are returned, not thrown: each
    /// becomes an `invalid-rule` finding at the value at fault.
    pub fn compile(&self, schema: &Schema, at: Span) -> Result<Policy, DefError> {
        if Severity::parse(&self.severity).is_none() {
            return Err(def_error(
                self.severity.span().start(),
                format!("`{}` is not a severity", self.severity.as_str()),
                "Use error, warning, note or off.",
            ));
        }
        check_placeholders(&self.message)?;
        let plans = match self.select.subject.as_ref().map(|s| s.as_str()) {
            None | Some("items") => false,
            Some("plans") => true,
            Some(other) => {
                return Err(def_error(
                    self.select.subject.as_ref().and_then(|s| s.span().start()),
                    format!("`subject: {other}` is not something a rule can look at"),
                    "Use `items` or `plans`.",
                ));
            }
        };
        let in_root = match self.select.plan.as_ref().map(|p| p.as_str()) {
            None => None,
            Some("root") => Some(true),
            Some("not-root") => Some(false),
            Some(other) => {
                return Err(def_error(
                    self.select.plan.as_ref().and_then(|p| p.span().start()),
                    format!("`plan: {other}` is not a plan selection planalign knows"),
                    "Use `root` (the Corporate Plan) or `not-root`.",
                ));
            }
        };
        let mut blocks = Vec::with_capacity(self.require.0.len());
        for def in &self.require.0 {
            if plans && (def.reaches.is_some() || def.reached_by.is_some()) {
                let which = def.reaches.as_ref().or(def.reached_by.as_ref());
                return Err(def_error(
                    which
                        .and_then(|r| r.kind.as_ref())
                        .and_then(|k| k.span().start()),
                    "`reaches` and `reached-by` are about items, and this rule looks at plans"
                        .into(),
                    "Remove `subject: plans`, or use `check` or `within-period`.",
                ));
            }
            blocks.push(Block {
                when: condition(&def.when)?,
                reaches: reach(schema, def.reaches.as_ref())?,
                reached_by: reach(schema, def.reached_by.as_ref())?,
                fields: def
                    .fields
                    .as_ref()
                    .map(|f| f.names().into_iter().map(str::to_owned).collect())
                    .unwrap_or_default(),
                check: condition(&def.check)?,
                within_period: def.within_period.as_ref().map(|f| f.to_string()),
                at: def.at.as_ref().map(|f| f.to_string()),
            });
        }
        Ok(Policy {
            id: self.id.to_string(),
            at,
            message: self.message.to_string(),
            help: self.help.clone(),
            plans,
            kinds: kinds(schema, self.select.kind.as_ref())?,
            plan_types: self
                .select
                .plan_type
                .as_ref()
                .map(|t| t.names().into_iter().map(str::to_owned).collect()),
            in_root,
            when: condition(&self.select.when)?,
            blocks,
        })
    }
}

fn kinds(schema: &Schema, names: Option<&Names>) -> Result<Option<Vec<KindId>>, DefError> {
    let Some(names) = names else { return Ok(None) };
    names
        .names()
        .into_iter()
        .map(|k| {
            schema.kind(k).ok_or_else(|| {
                let known = schema.kind_names().collect::<Vec<_>>().join(", ");
                let help = match crate::suggest::closest(k, schema.kind_names()) {
                    Some(s) => format!("Did you mean `{s}`? Kinds: {known}."),
                    None => format!("Use one of: {known}."),
                };
                def_error(
                    names.span().start(),
                    format!("`{k}` is not a known kind of item"),
                    help,
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn reach(schema: &Schema, def: Option<&ReachDef>) -> Result<Option<Reach>, DefError> {
    let Some(def) = def else { return Ok(None) };
    let scope = match def.plan.as_ref().map(|p| p.as_str()) {
        None | Some("any") => Scope::Any,
        Some("root") => Scope::Root,
        Some("other") => Scope::Other,
        Some(other) => {
            return Err(def_error(
                def.plan.as_ref().and_then(|p| p.span().start()),
                format!("`plan: {other}` is not a plan scope planalign knows"),
                "Use `root` (the Corporate Plan), `other` (a plan other than the item's own) or `any`.",
            ));
        }
    };
    let via = def.via.as_ref().map(|v| relations(schema, v)).transpose()?;
    Ok(Some(Reach {
        kinds: kinds(schema, def.kind.as_ref())?,
        scope,
        via,
        min: def.min.unwrap_or(1).max(1),
    }))
}

fn relations(schema: &Schema, names: &Names) -> Result<Vec<bool>, DefError> {
    let mut allowed = vec![false; schema.relations.len()];
    for name in names.names() {
        let id: RelationId = schema.relation(name).ok_or_else(|| {
            let known: Vec<&str> = schema.relations.iter().map(|r| r.name.as_str()).collect();
            def_error(
                names.span().start(),
                format!("`{name}` is not a known relation"),
                format!("Use one of: {}.", known.join(", ")),
            )
        })?;
        allowed[id] = true;
    }
    Ok(allowed)
}

fn check_placeholders(message: &Spanned<String>) -> Result<(), DefError> {
    for name in placeholders(message) {
        let namespaced = ["item.", "plan.", "root."]
            .iter()
            .any(|p| name.starts_with(p));
        if !namespaced && !PLACEHOLDERS.contains(&name) {
            return Err(def_error(
                message.span().start(),
                format!("The message uses `{{{name}}}`, which planalign cannot fill in"),
                format!(
                    "Use {}, or a field as {{item.FIELD}}, {{plan.FIELD}} or {{root.FIELD}}.",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Why one item or plan breaks a rule.
struct Failure {
    span: Option<Span>,
    label: Option<String>,
    related: Option<(Span, String)>,
}

/// What a rule is looking at: an item (by node index) or a plan.
#[derive(Clone, Copy)]
struct Subject {
    item: Option<usize>,
    plan: PlanId,
}

/// The answers to a rule's `reaches` and `reached-by` assertions for every item, computed
/// once per run, and where failing chains stop.
struct Prepared<'a> {
    reaches: Vec<Option<Vec<bool>>>,
    reached_by: Vec<Option<Vec<bool>>>,
    stops: Vec<Option<Stops<'a>>>,
    /// The first error from a condition, reported once for the rule.
    broken: Option<String>,
}

impl Policy {
    /// Runs the rule over every item or plan it selects.
    pub fn run(&self, env: &mut Env, findings: &mut Vec<Finding>) {
        let model = env.model;
        let needs_root = self.in_root.is_some()
            || self.blocks.iter().any(|b| {
                [&b.reaches, &b.reached_by]
                    .iter()
                    .any(|r| r.as_ref().is_some_and(|r| r.scope == Scope::Root))
            });
        if needs_root && model.root.is_none() {
            return;
        }
        let mut prepared = Prepared {
            reaches: self
                .blocks
                .iter()
                .map(|b| b.reaches.as_ref().map(|r| answer(model, r, Toward::Up)))
                .collect(),
            reached_by: self
                .blocks
                .iter()
                .map(|b| {
                    b.reached_by
                        .as_ref()
                        .map(|r| answer(model, r, Toward::Down))
                })
                .collect(),
            stops: self
                .blocks
                .iter()
                .map(|b| {
                    b.reaches
                        .as_ref()
                        .map(|r| Stops::new(model, r.via.as_deref()))
                })
                .collect(),
            broken: None,
        };
        let subjects: Vec<Subject> = if self.plans {
            (0..model.plans.len())
                .map(|plan| Subject { item: None, plan })
                .collect()
        } else {
            (0..model.nodes.len())
                .map(|i| Subject {
                    item: Some(i),
                    plan: model.nodes[i].plan,
                })
                .collect()
        };
        for subject in subjects {
            if self.selects(model, subject)
                && self.applies(env, self.when.as_ref(), subject, &mut prepared)
            {
                findings.extend(self.judge(env, subject, &mut prepared));
            }
        }
        if let Some(error) = prepared.broken {
            findings.push(
                Finding::new("invalid-rule", self.at, format!("Rule {} could not be checked: {error}", self.id))
                    .label("this rule")
                    .help("Correct the rule's conditions; use has(item.FIELD) before using a field that items may lack."),
            );
        }
    }

    /// Whether a `when` condition lets the rule (or one block) look at a subject.
    fn applies(
        &self,
        env: &mut Env,
        when: Option<&Condition>,
        subject: Subject,
        prepared: &mut Prepared,
    ) -> bool {
        let Some(when) = when else { return true };
        match env.eval(when, subject.item, subject.plan) {
            Verdict::Holds => true,
            Verdict::Broken(e) => {
                prepared.broken.get_or_insert(e);
                false
            }
            Verdict::Fails | Verdict::NotApplicable => false,
        }
    }

    /// Runs every block on one item or plan: the finding, if it breaks the rule.
    fn judge(
        &self,
        env: &mut Env,
        subject: Subject,
        prepared: &mut Prepared<'_>,
    ) -> Option<Finding> {
        let model = env.model;
        let fields = subject_fields(model, subject);
        let mut missing: Vec<&str> = Vec::new();
        let mut failure: Option<Failure> = None;
        for (b, block) in self.blocks.iter().enumerate() {
            if !self.applies(env, block.when.as_ref(), subject, prepared) {
                continue;
            }
            missing.extend(
                block
                    .fields
                    .iter()
                    .filter(|f| fields.get(*f).is_none_or(|v| v.value.is_empty()))
                    .map(String::as_str),
            );
            if failure.is_none() {
                failure = self.block_failure(env, subject, b, prepared);
            }
        }
        if failure.is_none() && !missing.is_empty() {
            failure = Some(Failure {
                span: None,
                label: Some(format!("no {}", or_list(&missing))),
                related: None,
            });
        }
        failure.map(|f| self.finding(env, subject, &missing, f))
    }

    /// The first assertion of block `b` that the subject fails, other than `fields`.
    fn block_failure(
        &self,
        env: &mut Env,
        subject: Subject,
        b: usize,
        prepared: &mut Prepared,
    ) -> Option<Failure> {
        let model = env.model;
        let block = &self.blocks[b];
        if let Some(i) = subject.item {
            let index = NodeIndex::new(i);
            if prepared.reaches[b].as_ref().is_some_and(|ok| !ok[i]) {
                let chain = prepared.stops[b]
                    .as_mut()
                    .map(|s| s.chain(model, index, 3))?;
                let (label, related) = describe(model, index, &chain, block.reaches.as_ref());
                return Some(Failure {
                    span: None,
                    label: Some(label),
                    related,
                });
            }
            if let (Some(ok), Some(r)) = (&prepared.reached_by[b], &block.reached_by)
                && !ok[i]
            {
                return Some(Failure {
                    span: None,
                    label: Some(reached_label(model, r)),
                    related: None,
                });
            }
        }
        if let Some(failure) = block
            .within_period
            .as_ref()
            .and_then(|f| outside_period(model, subject, f))
        {
            return Some(failure);
        }
        let check = block.check.as_ref()?;
        match env.eval(check, subject.item, subject.plan) {
            Verdict::Fails => {
                let fields = subject_fields(model, subject);
                let span = block
                    .at
                    .as_ref()
                    .and_then(|f| fields.get(f))
                    .map(|f| f.value.span());
                Some(Failure {
                    span,
                    label: None,
                    related: None,
                })
            }
            Verdict::Broken(e) => {
                prepared.broken.get_or_insert(e);
                None
            }
            Verdict::Holds | Verdict::NotApplicable => None,
        }
    }

    fn selects(&self, model: &Model, subject: Subject) -> bool {
        let plan = &model.plans[subject.plan];
        let kind_ok = match subject.item {
            Some(i) => self
                .kinds
                .as_ref()
                .is_none_or(|k| model.nodes[i].kind.is_some_and(|nk| k.contains(&nk))),
            None => true,
        };
        kind_ok
            && self
                .plan_types
                .as_ref()
                .is_none_or(|t| t.contains(&plan.plan_type))
            && self
                .in_root
                .is_none_or(|r| (model.root == Some(subject.plan)) == r)
    }

    fn finding(&self, env: &Env, subject: Subject, missing: &[&str], failure: Failure) -> Finding {
        let model = env.model;
        let plan = &model.plans[subject.plan];
        let node = subject.item.map(|i| &model.nodes[i]);
        let message = fill(&self.message, |name| match name {
            "id" => node.map_or(&plan.id, |n| &n.item.id).clone(),
            "title" => node.map_or(&plan.title, |n| &n.item.title).clone(),
            "kind" => node.map_or_else(|| "Plan".to_owned(), |n| capitalise(&n.item.kind)),
            "plan" => plan.id.clone(),
            "plan_title" => plan.title.clone(),
            "missing" => or_list(missing),
            "as_of" => env.as_of.to_string(),
            other => field_text(env, subject, other),
        });
        let span = failure
            .span
            .unwrap_or_else(|| node.map_or(plan.span, |n| n.item.span));
        let mut finding = Finding::new(&self.id, span, message).plan(&plan.id);
        finding.item = node.map(|n| n.item.id.clone());
        finding.help.clone_from(&self.help);
        finding.label = failure.label;
        if let Some((span, message)) = failure.related {
            finding = finding.related(span, message);
        }
        finding
    }
}

fn subject_fields(model: &Model, subject: Subject) -> &Fields {
    match subject.item {
        Some(i) => &model.nodes[i].item.fields,
        None => &model.plans[subject.plan].fields,
    }
}

/// `{item.owner}`, `{plan.total}`, `{root.period}`: the field as written.
fn field_text(env: &Env, subject: Subject, name: &str) -> String {
    let model = env.model;
    // Money is shown in one form, whichever form it was written in.
    let shown = |field: &str, text: &str| match parse_money(text) {
        Some(pence) if MONEY_FIELDS.contains(&field) => format_money(pence),
        _ => text.to_owned(),
    };
    let plan_of = |p: PlanId, field: &str| {
        if field == "budget_lines_total" {
            return format_money(env.budget_totals[p]);
        }
        shown(field, model.plans[p].field_str(field).unwrap_or_default())
    };
    match name.split_once('.') {
        Some(("item", field)) => subject
            .item
            .and_then(|i| model.nodes[i].item.fields.get(field))
            .and_then(|f| f.value.as_str())
            .map(|text| shown(field, text))
            .unwrap_or_default(),
        Some(("plan", field)) => plan_of(subject.plan, field),
        Some(("root", field)) => model.root.map(|r| plan_of(r, field)).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether the date in `field` lies outside the period it must lie within: for an item, its
/// plan's period; for a plan, the root plan's. Missing or unreadable dates are not checked
/// here (`invalid-date` reports the unreadable ones).
fn outside_period(model: &Model, subject: Subject, field: &str) -> Option<Failure> {
    let plan = &model.plans[subject.plan];
    let (value, outer, outer_name) = match subject.item {
        Some(i) => (
            model.nodes[i].item.fields.get(field)?,
            plan,
            "the plan's period",
        ),
        None => {
            let root = &model.plans[model.root.filter(|&r| r != subject.plan)?];
            (plan.fields.get(field)?, root, "the Corporate Plan's period")
        }
    };
    let inner = parse_period(value.value.as_str()?)?;
    let outer_text = outer.field_str("period")?;
    let period = parse_period(outer_text)?;
    if period.contains(&inner) {
        return None;
    }
    Some(Failure {
        span: Some(value.value.span()),
        label: Some(format!(
            "outside {outer_name}, {outer_text} ({} to {})",
            period.start.format("%-d %B %Y"),
            period.end.format("%-d %B %Y")
        )),
        related: None,
    })
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
) -> (String, Option<(Span, String)>) {
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
    label.push_str(if chain.links.is_empty() {
        " "
    } else {
        ", which "
    });
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
                .map(|&k| model.schema.kinds[k].name.replace('-', " "))
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
        format!("fewer than {} of: {what}{from}, lead up to this", reach.min)
    } else {
        format!("no {what}{from} leads up to this")
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
