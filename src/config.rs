//! The vocabulary of a plans repository: item kinds, relations and plan types. The defaults
//! are DESIGN's; `planalign.yaml` may add to them.

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

    pub fn kind_names(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|k| k.name.as_str())
    }
}
