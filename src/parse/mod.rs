//! Plan files to [`PlanFile`]s: Markdown plans (front matter, item headings, YAML blocks,
//! tables) and YAML plans. Problems in a file are typed problems (`problem`) that the rules
//! word as findings; a file never stops the run.

mod context;
pub mod lookalike;
pub mod markdown;
mod table;
pub mod values;
pub mod yaml;

pub use context::is_valid_id;

use crate::model::{Plan, PlanFile};
use crate::problem::Problem;
use crate::source::{FileId, Span};
use crate::vocabulary::Schema;
use context::Context;

/// What parsing one file gave: the plan it declares (if it could be read at all) and the
/// problems found on the way.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub plan: Option<PlanFile>,
    pub problems: Vec<Problem>,
}

/// Whether a path names a plan file planalign reads, by its extension.
pub fn is_plan_file(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "yaml" | "yml")
    )
}

/// Parses the text of the plan file `name` (its name says whether it is Markdown or YAML).
pub fn parse_file(id: FileId, name: &str, text: &str, schema: &Schema) -> Parsed {
    let is_markdown = matches!(
        std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str()),
        Some("md" | "markdown")
    );
    // A space lookalike between a heading's attributes is read as a space, and said so.
    let blanked = is_markdown.then(|| lookalike::markdown(text)).flatten();
    let mut cx = Context::new(id, blanked.as_ref().map_or(text, |(t, _)| t), schema, name);
    for &(at, c) in blanked.iter().flat_map(|(_, found)| found) {
        cx.problems.push(Problem::Lookalike {
            at: Span::new(id, at, at + c.len_utf8()),
            found: lookalike::lookalike(c).expect("a lookalike"),
        });
    }
    let plan = if is_markdown {
        markdown::parse(&mut cx)
    } else {
        yaml_plan(&mut cx)
    };
    Parsed {
        plan: plan.map(|plan| PlanFile {
            plan,
            items: cx.items,
        }),
        problems: cx.problems,
    }
}

fn yaml_plan(cx: &mut Context) -> Option<Plan> {
    match yaml::parse_mapping(cx.file, cx.text, 0, cx.text.len(), &mut cx.problems) {
        Ok(yaml::Mapping { entries, span }) => {
            let start = Span::at(cx.file, span.start());
            let (plan, items) = cx.plan_header(entries, start, None);
            if let Some(items) = items {
                cx.yaml_items(items, None);
            }
            Some(plan)
        }
        Err(problem) => {
            cx.problems.push(*problem);
            None
        }
    }
}
