//! The vocabulary of a plans repository: item kinds, relations and plan types. The defaults
//! are built in; `planalign.yaml` may add to or change them (`config`).

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
