//! `invalid-rule`: a rule file planalign cannot use.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Rule files can be used",
    explain: "A rule file in the repository's `rules/` folder that planalign cannot use: YAML \
it cannot read, a key it does not know, an unknown kind, relation or severity, or a message \
placeholder it cannot fill in. The rule is left out of the check until it is corrected; the \
other rules still run.",
};

/// A rule that does not fit the rule file format.
pub fn unusable(span: Span, error: &dyn std::fmt::Display) -> Finding {
    Finding::new(
        Builtin::InvalidRule,
        span,
        format!("This rule cannot be used: {error}"),
    )
    .help(
        "A rule has `id`, `title`, `severity`, `message`, and optionally `help`, `explain`, \
         `select` and `require`; see `planalign explain invalid-rule`.",
    )
}

/// A rule file that gives a built-in rule's id.
pub fn replaces_builtin(span: Span, id: &str) -> Finding {
    Finding::new(
        Builtin::InvalidRule,
        span,
        format!("`{id}` is a built-in rule and cannot be replaced"),
    )
    .help("Choose another id for this rule, or change the built-in rule's severity in planalign.yaml.")
}

/// A rule whose definition is wrong: an unknown kind, a condition that does not compile.
pub fn definition(span: Span, id: &str, message: &str, help: String) -> Finding {
    Finding::new(Builtin::InvalidRule, span, format!("Rule {id}: {message}")).help(help)
}

/// A rule whose condition failed while it ran, reported once at the rule's id.
pub fn broken(span: Span, id: &str, error: &str) -> Finding {
    Finding::new(
        Builtin::InvalidRule,
        span,
        format!("Rule {id} could not be checked: {error}"),
    )
    .label("this rule")
    .help("Correct the rule's conditions; use has(item.FIELD) before using a field that items may lack.")
}

/// A rule whose message names a field that no item or plan has.
pub fn unknown_placeholder(span: Span, id: &str, placeholder: &str) -> Finding {
    let field = placeholder.split_once('.').map_or(placeholder, |(_, f)| f);
    Finding::new(
        Builtin::InvalidRule,
        span,
        format!(
            "Rule {id}'s message uses `{{{placeholder}}}`, but nothing in the plans has a field \
             `{field}`, so the rule is left out"
        ),
    )
    .label("this rule")
    .help(format!(
        "Correct the field's name in the message, as plans write it (such as `{{item.owner}}`), \
         or remove `{{{placeholder}}}`."
    ))
}

/// A rule whose id a rule file of the same origin has given already.
pub fn given_twice(span: Span, id: &str, first: Span) -> Finding {
    Finding::new(
        Builtin::InvalidRule,
        span,
        format!("There are two rules with the id `{id}`, so this one is left out"),
    )
    .label("given again here")
    .related(first, format!("{id} is first given here"))
    .help("Give one of the two rules another id, or remove one of them.")
}
