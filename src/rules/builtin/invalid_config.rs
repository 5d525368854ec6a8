//! `invalid-config`: a mistake in planalign.yaml.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "planalign.yaml can be used",
    explain: "planalign.yaml, at the root of a plans repository, sets where plans and rules \
live (`plans:`, `rules:`), which plan is the root (`root:`), extra kinds, relations and plan \
types, and the severity of each rule (`severity: {owner-missing: off}`). A mistake in it, such \
as a key planalign does not know, a severity other than error, warning, note or off, or a rule \
id that does not exist, is reported at its line and column, and that setting is ignored. \
Editors can check the file as it is typed against schemas/planalign.schema.json.",
};

/// A mistake in planalign.yaml, at `span`.
pub fn finding(span: Span, message: String) -> Finding {
    Finding::new(Builtin::InvalidConfig, span, message).help(
        "See `planalign explain invalid-config` for what planalign.yaml may hold; editors can \
         check it against schemas/planalign.schema.json.",
    )
}
