//! `planalign.yaml`: where plans and rules live, the root plan, additions to the vocabulary
//! and severity overrides. Every mistake in it is an `invalid-config` finding.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use marked_yaml::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::finding::{Finding, Severity, SeverityName};
use crate::marked;
use crate::rule_id::Builtin;
use crate::rules::as_rule;
use crate::rules::builtin::invalid_config;
use crate::source::{FileId, Sources, Span};
use crate::vocabulary::{KindDef, KindId, RelationDef, Schema};

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
    /// Plan files not to read: globs matched against file names relative to this file's
    /// folder, as findings show them (`plans/archive/**`, `**/*-old.md`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// Severity per rule id: error, warning, note or off.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, SeverityName>")]
    pub severity: std::collections::BTreeMap<String, Spanned<String>>,
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
    /// The plans and rules folders as written, with where.
    pub plans_dir: Option<(String, Span)>,
    pub rules_dir: Option<(String, Span)>,
    pub root: Option<(String, Span)>,
    /// Severity overrides with where they were written.
    pub severity: Vec<(String, Severity, Span)>,
    /// The plan files `exclude:` leaves out.
    pub exclude: GlobSet,
}

impl Config {
    /// Whether a plan file, by its name relative to the repository root, is not to be read:
    /// `exclude:` names it, or it is a folder's README (`README.md`, in any case), which
    /// describes the plans rather than being one.
    pub fn excludes(&self, name: &str) -> bool {
        let file_name = name.rsplit('/').next().unwrap_or(name);
        let readme = file_name.rsplit_once('.').is_some_and(|(stem, ext)| {
            stem.eq_ignore_ascii_case("readme")
                && ["md", "markdown"]
                    .iter()
                    .any(|e| ext.eq_ignore_ascii_case(e))
        });
        readme || self.exclude.is_match(name)
    }
}

impl Config {
    /// Reads `planalign.yaml` from `file`; every mistake is an `invalid-config` finding and is
    /// otherwise ignored.
    pub fn load(sources: &Sources, file: FileId, findings: &mut Vec<Finding>) -> Self {
        let source = sources.get(file);
        let span_of = |m: Option<&marked_yaml::Marker>| marked::value_at(file, source, m);
        let mut config = Config::default();
        let node = match marked::parse_document(&source.text) {
            Ok(node) => node,
            Err(error) => {
                let problem = marked::load_problem(file, source, &error);
                let mut finding = as_rule(Builtin::InvalidConfig, problem);
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
                findings.push(invalid_config::finding(
                    span_of(at.as_ref()),
                    format!("planalign.yaml cannot be used: {message}"),
                ));
                return config;
            }
        };
        let mut problem = |at: &Spanned<String>, message: String| {
            findings.push(invalid_config::finding(span_of(at.span().start()), message));
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
        let mut globs = GlobSetBuilder::new();
        for pattern in &file_config.exclude {
            match GlobBuilder::new(pattern).literal_separator(true).build() {
                Ok(glob) => {
                    globs.add(glob);
                }
                Err(error) => problem(
                    pattern,
                    format!(
                        "`{}` in `exclude:` is not a glob planalign can read: {}",
                        pattern.as_str(),
                        error.kind()
                    ),
                ),
            }
        }
        match (globs.build(), file_config.exclude.first()) {
            (Ok(set), _) => config.exclude = set,
            (Err(error), Some(first)) => problem(
                first,
                format!("the globs in `exclude:` cannot be used together: {error}"),
            ),
            (Err(_), None) => {}
        }
        let folder = |p: Spanned<String>| (p.to_string(), span_of(p.span().start()));
        config.plans_dir = file_config.plans.map(folder);
        config.rules_dir = file_config.rules.map(folder);
        config.root = file_config
            .root
            .map(|r| (r.to_string(), span_of(r.span().start())));
        config
    }
}
