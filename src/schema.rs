//! JSON Schemas for rule files and `planalign.yaml`, derived from the types that read them,
//! so that editors can check the files as they are typed. The committed copies in `schemas/`
//! are kept equal to these by a test.

use schemars::{JsonSchema, schema_for};

use crate::config::ConfigFile;
use crate::rules::policy::RuleDef;

/// A rule file holds one rule or a list of them.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(
    title = "planalign rule file",
    description = "One policy rule, or a list of them."
)]
#[allow(dead_code, reason = "only describes the JSON Schema")]
enum RuleFile {
    One(Box<RuleDef>),
    Many(Vec<RuleDef>),
}

/// The schema of a rule file, as pretty-printed JSON.
pub fn rule_file() -> String {
    pretty(&schema_for!(RuleFile))
}

/// The schema of `planalign.yaml`, as pretty-printed JSON.
pub fn config_file() -> String {
    pretty(&schema_for!(ConfigFile))
}

fn pretty(schema: &schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serializes to JSON");
    text.push('\n');
    text
}
