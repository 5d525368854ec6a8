//! `missing-plan-header`: a plan file that does not say which plan it is.
//! Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::rule_id::Builtin;
use crate::source::Span;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Each plan file says which plan it is",
    explain: "Every plan file declares one plan in a header: at least `id:` (a short code such \
as WFS) and `type:` (corporate, workforce, asset, risk, budget, service or action). In Markdown \
the header is YAML between two `---` lines at the very top of the file; in a YAML plan the same \
keys sit at the top level. Without a header planalign cannot tell which plan the items belong \
to, whether the plan is the Corporate Plan, or which period it covers.",
};

pub fn finding(at: Span, missing: &[&str]) -> Finding {
    Finding::new(
        Builtin::MissingPlanHeader,
        at,
        format!(
            "This file does not say which plan it is: its header has no {}",
            missing.join(" or ")
        ),
    )
    .help(
        "Start the file with a header giving at least `id:` (a short code such as WFS) and \
         `type:` (corporate, workforce, asset, risk, budget, service or action). In Markdown \
         the header goes between two `---` lines at the top.",
    )
}
