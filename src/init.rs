//! `planalign init`: a new plans repository with configuration, an example plan of every
//! type, an example rule and CI workflows for GitHub and GitLab. It never overwrites a file.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

/// The files of a new repository, with `{{today}}`, `{{year}}` (this financial year) and
/// `{{period}}` (three financial years from this one) to fill in.
const FILES: &[(&str, &str)] = &[
    (
        "planalign.yaml",
        include_str!("../templates/init/planalign.yaml"),
    ),
    (
        "plans/corporate-plan.md",
        include_str!("../templates/init/plans/corporate-plan.md"),
    ),
    (
        "plans/workforce-strategy.md",
        include_str!("../templates/init/plans/workforce-strategy.md"),
    ),
    (
        "plans/asset-management-plan.md",
        include_str!("../templates/init/plans/asset-management-plan.md"),
    ),
    (
        "plans/risk-register.yaml",
        include_str!("../templates/init/plans/risk-register.yaml"),
    ),
    (
        "plans/revenue-budget.md",
        include_str!("../templates/init/plans/revenue-budget.md"),
    ),
    (
        "plans/service-plan.md",
        include_str!("../templates/init/plans/service-plan.md"),
    ),
    (
        "plans/action-plan.md",
        include_str!("../templates/init/plans/action-plan.md"),
    ),
    (
        "rules/cabinet-minute.yaml",
        include_str!("../templates/init/rules/cabinet-minute.yaml"),
    ),
    (
        ".github/workflows/planalign.yml",
        include_str!("../templates/init/.github/workflows/planalign.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../templates/init/.gitlab-ci.yml"),
    ),
];

/// Creates the files that do not exist yet. Returns each file with whether it was created
/// (false: it existed and was kept).
pub fn create(dir: &Path, today: NaiveDate) -> std::io::Result<Vec<(String, bool)>> {
    let start = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let year = |y: i32| format!("{y}/{:02}", (y + 1) % 100);
    let fill = |text: &str| {
        text.replace("{{today}}", &today.to_string())
            .replace("{{year}}", &year(start))
            .replace(
                "{{period}}",
                &format!("{}-{}", year(start), year(start + 2)),
            )
    };
    let mut done = Vec::with_capacity(FILES.len());
    for (name, template) in FILES {
        let path = dir.join(name);
        if path.exists() {
            done.push(((*name).to_owned(), false));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // `create_new` so that a file appearing meanwhile is still never overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::io::Write::write_all(&mut file, fill(template).as_bytes())?;
        done.push(((*name).to_owned(), true));
    }
    Ok(done)
}
