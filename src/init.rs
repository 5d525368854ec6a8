//! `planalign init`: a new plans repository with configuration, an example plan of every
//! type, an example rule and CI workflows for GitHub and GitLab. It never overwrites a file.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

/// The files of a new repository, with `{{today}}`, `{{year}}` (this financial year),
/// `{{period}}` (three financial years from this one), and for the CI files `{{version}}`
/// (this planalign's own release), `{{repository}}` (its address, from Cargo.toml) and
/// `{{action}}` (its GitHub Action, owner/name) to fill in.
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

/// planalign's own repository: its releases and its GitHub Action are there.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The GitHub Action's name as a workflow's `uses:` gives it: the repository's owner/name.
fn action() -> &'static str {
    REPOSITORY.trim_start_matches("https://github.com/")
}

/// What stops `planalign init`, naming the path.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "cannot create {0}: {1} is already there; move it away and run planalign init again \
         (nothing was written)"
    )]
    InTheWay(PathBuf, &'static str),
    #[error("cannot create {0}: {1} (nothing was written)")]
    Io(PathBuf, std::io::Error),
}

/// What makes `dir` a plans repository already, if anything does: its `planalign.yaml`, or
/// plan files in its `plans/` folder. `init` writes nothing there, so that its example plans
/// never join a council's own.
pub fn existing(dir: &Path) -> Option<String> {
    if std::fs::symlink_metadata(dir.join("planalign.yaml")).is_ok() {
        return Some("a planalign.yaml".to_owned());
    }
    let plans = std::fs::read_dir(dir.join("plans"))
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| crate::parse::is_plan_file(&entry.path()))
        .count();
    (plans > 0).then(|| {
        format!(
            "{plans} plan file{} in plans/",
            if plans == 1 { "" } else { "s" }
        )
    })
}

/// Creates the files that do not exist yet. Returns each file with whether it was created
/// (false: it existed and was kept).
///
/// Every target is checked before anything is written: each file must be a regular file
/// (kept) or not there at all, and each folder on the way a folder or not there; a link,
/// even one leading nowhere, is never written through. If writing still fails, what this
/// run created is removed again.
pub fn create(dir: &Path, today: NaiveDate) -> Result<Vec<(String, bool)>, Error> {
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
            .replace("{{version}}", env!("CARGO_PKG_VERSION"))
            .replace("{{repository}}", REPOSITORY)
            .replace("{{action}}", action())
    };
    // The folder named may be a link to a folder: the user chose it.
    if let Ok(metadata) = std::fs::metadata(dir) {
        if !metadata.is_dir() {
            return Err(Error::InTheWay(dir.to_owned(), "a file"));
        }
    } else if dir.is_symlink() {
        return Err(Error::InTheWay(dir.to_owned(), "a link that leads nowhere"));
    }
    let mut done = Vec::with_capacity(FILES.len());
    let mut folders = Vec::new();
    for (name, _) in FILES {
        let path = dir.join(name);
        let mut folder = dir.to_path_buf();
        for part in Path::new(name)
            .parent()
            .into_iter()
            .flat_map(Path::components)
        {
            folder.push(part);
            match what_is_at(&folder)? {
                None if !folders.contains(&folder) => folders.push(folder.clone()),
                None | Some(Found::Folder) => {}
                Some(Found::File) => return Err(Error::InTheWay(folder, "a file")),
                Some(Found::Other(what)) => return Err(Error::InTheWay(folder, what)),
            }
        }
        match what_is_at(&path)? {
            None => done.push(((*name).to_owned(), true)),
            Some(Found::File) => done.push(((*name).to_owned(), false)),
            Some(Found::Folder) => return Err(Error::InTheWay(path, "a folder")),
            Some(Found::Other(what)) => return Err(Error::InTheWay(path, what)),
        }
    }
    let mut made = Vec::new();
    let result = (|| {
        if !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.to_owned(), e))?;
            made.push(dir.to_owned());
        }
        for folder in &folders {
            std::fs::create_dir(folder).map_err(|e| Error::Io(folder.clone(), e))?;
            made.push(folder.clone());
        }
        for ((name, template), (_, create)) in FILES.iter().zip(&done) {
            if !create {
                continue;
            }
            let path = dir.join(name);
            let error = |e| Error::Io(path.clone(), e);
            // `create_new` so that a file appearing meanwhile is still never overwritten.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(error)?;
            made.push(path.clone());
            std::io::Write::write_all(&mut file, fill(template).as_bytes()).map_err(error)?;
        }
        Ok(())
    })();
    if let Err(error) = result {
        for path in made.iter().rev() {
            let _ = std::fs::remove_file(path).or_else(|_| std::fs::remove_dir(path));
        }
        return Err(error);
    }
    Ok(done)
}

enum Found {
    Folder,
    File,
    /// What else is there, as the error names it.
    Other(&'static str),
}

/// What is at `path`, without following a link; `None` when nothing is.
fn what_is_at(path: &Path) -> Result<Option<Found>, Error> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Ok(Some(Found::Folder)),
        Ok(m) if m.is_file() => Ok(Some(Found::File)),
        Ok(m) if m.is_symlink() => Ok(Some(Found::Other("a link"))),
        Ok(_) => Ok(Some(Found::Other("a FIFO, socket or device"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io(path.to_owned(), e)),
    }
}
