//! `unknown-kind`: an item kind or plan type the vocabulary does not have.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::UnknownKind;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Items and plans are of a known kind",
    explain: "Each item says what it is: priority, outcome, objective, action, target, \
budget-line, risk or asset (or a kind declared in planalign.yaml), and each plan has a known \
type. The kind decides which links the item may make and which rules apply to it, so an item \
of unknown kind is left out of most checks. planalign suggests the nearest known kind when the \
name looks like a typing mistake.",
};

pub fn finding(problem: UnknownKind) -> Finding {
    let rule = Builtin::UnknownKind;
    match problem {
        UnknownKind::PlanType {
            at,
            written,
            suggestion,
            known,
        } => {
            Finding::new(rule, at, format!("`{written}` is not a known type of plan"))
                .label("unknown plan type")
                .help(did_you_mean(suggestion, &known.join(", "), "type"))
        }
        UnknownKind::Item {
            at,
            id,
            written,
            suggestion,
            known,
        } => {
            let known = known.join(", ");
            let finding = if written.is_empty() {
                Finding::new(rule, at, format!("The item {id} has no kind")).help(format!(
                    "Say what the item is with `kind:`, one of: {known}."
                ))
            } else {
                Finding::new(rule, at, format!("`{written}` is not a known kind of item"))
                    .label("unknown kind")
                    .help(did_you_mean(suggestion, &known, "kind"))
            };
            finding.item(&id)
        }
    }
}

/// The nearest known name, or else every known one and where to declare a new `what`.
fn did_you_mean(suggestion: Option<String>, known: &str, what: &str) -> String {
    match suggestion {
        Some(s) => format!("Did you mean `{s}`?"),
        None => format!("Use one of: {known}, or declare the {what} in planalign.yaml."),
    }
}
