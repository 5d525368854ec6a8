//! The rule file format: what a policy rule may say, as serde types (from which the JSON
//! Schema is derived), and how a rule is checked against the schema and compiled into a
//! [`Policy`] ready to run.

use marked_yaml::{Marker, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;

use super::compiled::{Block, Policy, Reach, Scope};
use crate::finding::{Severity, SeverityName};
use crate::model::Name;
use crate::rules::condition::Condition;
use crate::source::Span;
use crate::vocabulary::{KindId, RelationId, Schema};

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
        if e.over_limit {
            let start: String = text.as_str().chars().take(40).collect();
            return def_error(
                text.span().start(),
                format!(
                    "The condition starting `{start}` is too costly to check: {}",
                    e.message
                ),
                "Write a shorter, simpler condition, or split the check into several rules.",
            );
        }
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
                    .map(|f| f.names().into_iter().map(Name::from).collect())
                    .unwrap_or_default(),
                check: condition(&def.check)?,
                within_period: def.within_period.as_ref().map(|f| Name::from(f.as_str())),
                at: def.at.as_ref().map(|f| Name::from(f.as_str())),
            });
        }
        Ok(Policy {
            id: Name::from(self.id.as_str()),
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
            shipped: false,
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
