//! The vocabulary of a plans repository (item kinds, relations, plan types) and the rest of
//! its configuration. The defaults are built in; `planalign.yaml` may add to or change them.

use marked_yaml::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::finding::{Finding, Severity};
use crate::source::{FileId, Sources, Span};

/// Index of a kind in [`Schema::kinds`].
pub type KindId = usize;
/// Index of a relation in [`Schema::relations`].
pub type RelationId = usize;

#[derive(Debug, Clone)]
pub struct KindDef {
    pub name: String,
    /// The relation an item of this kind gets to the item it is declared inside.
    pub nesting: Option<RelationId>,
}

#[derive(Debug, Clone)]
pub struct RelationDef {
    pub name: String,
    /// The kinds a relation may start from; `None` for any kind.
    pub from: Option<Vec<KindId>>,
    /// The kinds a relation may point to.
    pub to: Vec<KindId>,
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub kinds: Vec<KindDef>,
    pub relations: Vec<RelationDef>,
    pub plan_types: Vec<String>,
}

const DEFAULT_KINDS: [&str; 8] = [
    "priority",
    "outcome",
    "objective",
    "action",
    "target",
    "budget-line",
    "risk",
    "asset",
];

/// A relation name, the kinds it may come from (empty: any), the kinds it may point to, and
/// the kinds for which it is the nesting default.
type RelationSpec = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const DEFAULT_RELATIONS: [RelationSpec; 7] = [
    (
        "supports",
        &[],
        &["priority", "outcome", "objective", "action"],
        &["priority", "outcome", "objective"],
    ),
    (
        "delivers",
        &["action"],
        &["priority", "outcome", "objective"],
        &["action"],
    ),
    (
        "measures",
        &["target"],
        &["priority", "outcome", "objective", "action"],
        &["target"],
    ),
    (
        "funds",
        &["budget-line"],
        &[
            "priority",
            "outcome",
            "objective",
            "action",
            "target",
            "asset",
            "budget-line",
        ],
        &["budget-line"],
    ),
    (
        "threatens",
        &["risk"],
        &[
            "priority",
            "outcome",
            "objective",
            "action",
            "target",
            "asset",
        ],
        &["risk"],
    ),
    ("mitigates", &["action"], &["risk"], &[]),
    (
        "serves",
        &["asset"],
        &["priority", "outcome", "objective", "action"],
        &["asset"],
    ),
];

const DEFAULT_PLAN_TYPES: [&str; 7] = [
    "corporate",
    "workforce",
    "asset",
    "risk",
    "budget",
    "service",
    "action",
];

impl Default for Schema {
    fn default() -> Self {
        let kind = |name: &str| DEFAULT_KINDS.iter().position(|k| *k == name).unwrap();
        let mut kinds: Vec<KindDef> = DEFAULT_KINDS
            .iter()
            .map(|name| KindDef {
                name: (*name).to_owned(),
                nesting: None,
            })
            .collect();
        let relations = DEFAULT_RELATIONS
            .iter()
            .enumerate()
            .map(|(id, (name, from, to, nesting))| {
                for k in *nesting {
                    kinds[kind(k)].nesting = Some(id);
                }
                RelationDef {
                    name: (*name).to_owned(),
                    from: (!from.is_empty()).then(|| from.iter().map(|k| kind(k)).collect()),
                    to: to.iter().map(|k| kind(k)).collect(),
                }
            })
            .collect();
        Self {
            kinds,
            relations,
            plan_types: DEFAULT_PLAN_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

impl Schema {
    pub fn kind(&self, name: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.name == name)
    }

    pub fn relation(&self, name: &str) -> Option<RelationId> {
        self.relations.iter().position(|r| r.name == name)
    }

    /// The relation an item of kind `child` gets to the item it is written inside: its kind's
    /// nesting relation if that may point to the parent's kind, otherwise the first nesting
    /// relation that joins the two kinds (so an action inside an action `supports` it).
    pub fn nesting_relation(&self, child: KindId, parent: Option<KindId>) -> Option<RelationId> {
        let own = self.kinds[child].nesting?;
        let Some(parent) = parent else {
            return Some(own);
        };
        let fits = |r: RelationId| {
            let def = &self.relations[r];
            def.to.contains(&parent) && def.from.as_ref().is_none_or(|f| f.contains(&child))
        };
        if fits(own) {
            return Some(own);
        }
        self.kinds
            .iter()
            .filter_map(|k| k.nesting)
            .find(|&r| fits(r))
            .or(Some(own))
    }

    pub fn kind_names(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|k| k.name.as_str())
    }
}

/// `planalign.yaml` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "planalign.yaml",
    description = "The configuration of a plans repository."
)]
pub struct ConfigFile {
    /// The folder holding the plan files, relative to this file (default `plans`).
    #[schemars(with = "Option<String>")]
    pub plans: Option<Spanned<String>>,
    /// The folder holding the repository's own rules (default `rules`).
    #[schemars(with = "Option<String>")]
    pub rules: Option<Spanned<String>>,
    /// The id of the root plan, when it is not the one current plan of type `corporate`.
    #[schemars(with = "Option<String>")]
    pub root: Option<Spanned<String>>,
    /// More kinds of item, or a different nesting relation for a default kind.
    #[serde(default)]
    pub kinds: Vec<KindDecl>,
    /// More relations, or different kinds for a default relation.
    #[serde(default)]
    pub relations: Vec<RelationDecl>,
    /// More plan types.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub plan_types: Vec<Spanned<String>>,
    /// Severity per rule id: error, warning, note or off.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, SeverityName>")]
    pub severity: std::collections::BTreeMap<String, Spanned<String>>,
}

/// A severity as written in configuration and rule files.
#[derive(Debug, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code, reason = "only describes the JSON Schema")]
pub enum SeverityName {
    Error,
    Warning,
    Note,
    Off,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindDecl {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The relation an item of this kind gets to the item it is written inside.
    #[schemars(with = "Option<String>")]
    pub nesting: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationDecl {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The kinds it may start from; any kind when left out.
    #[schemars(with = "Option<Vec<String>>")]
    pub from: Option<Vec<Spanned<String>>>,
    /// The kinds it may point to.
    #[schemars(with = "Vec<String>")]
    pub to: Vec<Spanned<String>>,
}

/// The configuration of one check: the schema and everything else `planalign.yaml` says.
#[derive(Debug, Default)]
pub struct Config {
    pub schema: Schema,
    pub plans_dir: Option<String>,
    pub rules_dir: Option<String>,
    pub root: Option<(String, Span)>,
    /// Severity overrides with where they were written.
    pub severity: Vec<(String, Severity, Span)>,
}

impl Config {
    /// Reads `planalign.yaml` from `file`; every mistake is an `invalid-config` finding and is
    /// otherwise ignored.
    pub fn load(sources: &Sources, file: FileId, findings: &mut Vec<Finding>) -> Self {
        let source = sources.get(file);
        let span_of = |m: Option<&marked_yaml::Marker>| {
            m.map_or(Span::at(file, 0), |m| {
                let start = source.offset(m.line(), m.column());
                let rest = &source.text[start..];
                let end = rest.find(['\n', '\r', ',', ']', '}']).unwrap_or(rest.len());
                Span::new(file, start, start + rest[..end].trim_end().len())
            })
        };
        let mut config = Config::default();
        let node = match crate::parse::yaml::parse_document(&source.text) {
            Ok(node) => node,
            Err(error) => {
                let mut finding =
                    crate::parse::yaml::load_problem(file, &source.text, &error, "invalid-config");
                finding.message = format!("planalign.yaml cannot be read: {}", finding.message);
                findings.push(finding);
                return config;
            }
        };
        let parsed = marked_yaml::from_node::<ConfigFile>(&node)
            .map_err(|e| (e.start_mark(), e.to_string()));
        let file_config = match parsed {
            Ok(c) => c,
            Err((at, message)) => {
                findings.push(invalid(
                    span_of(at.as_ref()),
                    format!("planalign.yaml cannot be used: {message}"),
                ));
                return config;
            }
        };
        let mut problem = |at: &Spanned<String>, message: String| {
            findings.push(invalid(span_of(at.span().start()), message));
        };
        for t in &file_config.plan_types {
            if !config.schema.plan_types.contains(t) {
                config.schema.plan_types.push(t.to_string());
            }
        }
        for k in &file_config.kinds {
            if config.schema.kind(&k.name).is_none() {
                config.schema.kinds.push(KindDef {
                    name: k.name.to_string(),
                    nesting: None,
                });
            }
        }
        for r in &file_config.relations {
            let mut kinds = |names: &[Spanned<String>]| -> Vec<KindId> {
                names
                    .iter()
                    .filter_map(|n| {
                        let kind = config.schema.kind(n);
                        if kind.is_none() {
                            problem(n, format!("`{}` is not a known kind of item", n.as_str()));
                        }
                        kind
                    })
                    .collect()
            };
            let def = RelationDef {
                name: r.name.to_string(),
                from: r.from.as_deref().map(&mut kinds),
                to: kinds(&r.to),
            };
            match config.schema.relation(&r.name) {
                Some(existing) => config.schema.relations[existing] = def,
                None => config.schema.relations.push(def),
            }
        }
        for k in &file_config.kinds {
            if let (Some(kind), Some(nesting)) = (config.schema.kind(&k.name), &k.nesting) {
                match config.schema.relation(nesting) {
                    Some(r) => config.schema.kinds[kind].nesting = Some(r),
                    None => problem(
                        nesting,
                        format!("`{}` is not a known relation", nesting.as_str()),
                    ),
                }
            }
        }
        for (rule, level) in &file_config.severity {
            match Severity::parse(level) {
                Some(severity) => {
                    config
                        .severity
                        .push((rule.clone(), severity, span_of(level.span().start())))
                }
                None => problem(
                    level,
                    format!(
                        "`{}` is not a severity: use error, warning, note or off",
                        level.as_str()
                    ),
                ),
            }
        }
        config.plans_dir = file_config.plans.map(|p| p.to_string());
        config.rules_dir = file_config.rules.map(|p| p.to_string());
        config.root = file_config
            .root
            .map(|r| (r.to_string(), span_of(r.span().start())));
        config
    }
}

pub fn invalid(span: Span, message: String) -> Finding {
    Finding::new("invalid-config", span, message).help(
        "See `planalign explain invalid-config` for what planalign.yaml may hold; editors can \
         check it against schemas/planalign.schema.json.",
    )
}
