//! The JSON Schemas in `schemas/` match the types planalign reads rule files and
//! `planalign.yaml` with, and accept every file planalign ships. Run with
//! `UPDATE_SCHEMAS=1 cargo test --test schemas` to rewrite them after changing those types.

mod common;

use std::path::Path;

use marked_yaml::Node;
use serde_json::Value;

use common::root;

fn committed(name: &str, generated: &str) -> Value {
    let path = root().join("schemas").join(name);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text == generated,
        "{} is out of date: run `UPDATE_SCHEMAS=1 cargo test --test schemas`",
        path.display()
    );
    serde_json::from_str(&text).unwrap()
}

/// A YAML file as JSON, with numbers and booleans typed as a YAML reader would.
fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(&planalign::marked::parse_document(&text).unwrap())
}

/// marked-yaml's own conversion (`from_node`) makes every scalar a string, so that `min: 2`
/// would be `"2"` and fail the schema although planalign reads it as a number.
fn to_json(node: &Node) -> Value {
    match node {
        Node::Scalar(scalar) => {
            let text: &str = scalar;
            if !scalar.may_coerce() {
                Value::String(text.to_owned())
            } else if let Some(b) = scalar.as_bool() {
                Value::Bool(b)
            } else if let Ok(n) = text.parse::<i64>() {
                n.into()
            } else if let Some(n) = text.parse::<f64>().ok().filter(|n| n.is_finite()) {
                n.into()
            } else if text.is_empty() || text == "~" || text == "null" {
                Value::Null
            } else {
                Value::String(text.to_owned())
            }
        }
        Node::Sequence(items) => items.iter().map(to_json).collect(),
        Node::Mapping(map) => map
            .iter()
            .map(|(key, value)| (key.as_str().to_owned(), to_json(value)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn assert_valid(schema: &Value, path: &Path) {
    let validator = jsonschema::validator_for(schema).unwrap();
    let instance = yaml_as_json(path);
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
}

#[test]
fn the_rule_file_schema_is_current_and_accepts_every_shipped_rule() {
    let schema = committed("rule.schema.json", &planalign::schema::rule_file());
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        assert_valid(&schema, &entry.unwrap().path());
    }
    for rule in [
        "council-rule/rules/cabinet-minute.yaml",
        "reached-by-min/rules/two-budget-lines.yaml",
        "reached-by-min/rules/two-from-other-plans.yaml",
    ] {
        assert_valid(&schema, &root().join("tests/fixtures").join(rule));
    }
    let validator = jsonschema::validator_for(&schema).unwrap();
    let wrong = serde_json::json!({"id": "x", "title": "x", "severity": "loud", "message": "x"});
    assert!(
        !validator.is_valid(&wrong),
        "a severity of `loud` must be refused"
    );
}

#[test]
fn the_configuration_schema_is_current_and_accepts_a_full_configuration() {
    let schema = committed("planalign.schema.json", &planalign::schema::config_file());
    assert_valid(
        &schema,
        &root().join("tests/fixtures/configured/council/planalign.yaml"),
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        !validator.is_valid(&serde_json::json!({"rot": "CP"})),
        "unknown keys must be refused"
    );
}
