//! What every built-in rule says of itself.

use crate::finding::Severity;

/// What `planalign rules` and `explain` show of a built-in rule, kept with the rule's
/// wording in its own file.
pub struct Meta {
    pub severity: Severity,
    pub title: &'static str,
    pub explain: &'static str,
}
