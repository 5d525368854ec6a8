//! `planalign rules` and `planalign explain ID`: the rule set as text. A rule file's title,
//! explanation and path go to the terminal through `escape`.

use super::escape::{terminal, terminal_line};
use crate::rules::{Origin, RuleInfo, RuleSet};
use crate::suggest;

fn origin(rule: &RuleInfo) -> String {
    match &rule.origin {
        Origin::BuiltIn => "built in".to_owned(),
        Origin::Default => "default".to_owned(),
        Origin::File(path) => terminal_line(path).into_owned(),
    }
}

/// One line per rule: id, severity, origin, title.
pub fn list(rules: &RuleSet) -> String {
    let id_width = rules
        .rules
        .iter()
        .map(|r| r.id.as_str().len())
        .max()
        .unwrap_or(0);
    let origin_width = rules
        .rules
        .iter()
        .map(|r| origin(r).len())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:id_width$}  {:8}  {:origin_width$}  title\n",
        "rule", "severity", "from"
    );
    for rule in &rules.rules {
        out.push_str(&format!(
            "{:id_width$}  {:8}  {:origin_width$}  {}\n",
            rule.id.as_str(),
            rule.severity.as_str(),
            origin(rule),
            terminal_line(&rule.title)
        ));
    }
    out.push_str(
        "\n`planalign explain RULE` shows what a rule checks and how to fix what it finds.\n",
    );
    out
}

/// One rule in full, or why there is none of that id.
pub fn explain(rules: &RuleSet, id: &str) -> Result<String, String> {
    if let Some(class) = crate::diff::Class::from_id(id).filter(|_| rules.get(id).is_none()) {
        let meta = class.meta();
        return Ok(format!(
            "{id}: {title}\nlevel: {level} · a change that `planalign diff` reports\n\n{explain}\n",
            title = meta.title,
            level = meta.level.as_str(),
            explain = meta.explain,
        ));
    }
    let Some(rule) = rules.get(id) else {
        let hint = suggest::closest(id, rules.rules.iter().map(|r| r.id.as_str())).map_or_else(
            || " (`planalign rules` lists them)".to_owned(),
            |s| format!(": did you mean `{s}`?"),
        );
        return Err(format!("there is no rule `{id}`{hint}"));
    };
    Ok(format!(
        "{id}: {title}\nseverity: {severity} · from: {origin}\n\n{explain}\n",
        id = rule.id.as_str(),
        title = terminal_line(&rule.title),
        severity = rule.severity.as_str(),
        origin = origin(rule),
        explain = terminal(rule.explain.trim_end()),
    ))
}
