//! `duplicate-field`: a field given twice for one item or plan.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::{DuplicateField, FieldPlace};
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Each field is given once",
    explain: "A field is given twice for the same item or plan: in both the heading \
attributes and the YAML block, twice in one YAML mapping, or as two table columns with the same \
name. planalign cannot tell which value is meant. Both places are shown; keep one.",
};

pub fn finding(problem: DuplicateField) -> Finding {
    let DuplicateField {
        name,
        first,
        again,
        place,
    } = problem;
    let rule = Builtin::DuplicateField;
    match place {
        FieldPlace::HeadingAndBlock => Finding::new(
            rule,
            again,
            format!("The field `{name}` is given both in the heading and in the YAML block"),
        )
        .label("given again here")
        .related(first, "first given in the heading")
        .help("Keep one of the two and delete the other."),
        FieldPlace::Heading => Finding::new(
            rule,
            again,
            format!("The field `{name}` is given twice in the heading"),
        )
        .related(first, "first given here")
        .help("Keep one of the two and delete the other."),
        FieldPlace::Mapping => {
            Finding::new(rule, again, format!("The field `{name}` is given twice"))
                .label("given again here")
                .related(first, "first given here")
                .help("Keep one of the two values and delete the other.")
        }
        FieldPlace::TableColumns => {
            Finding::new(rule, again, format!("The table has two `{name}` columns"))
                .label("second column")
                .related(first, "first column")
                .help("Rename or remove one of the two columns.")
        }
    }
}
