//! `outside-repository`: a link, or a folder planalign.yaml names, leading outside the plans
//! repository. Its explanation and the wording of what it finds.

use super::meta::Meta;
use crate::finding::{Finding, Severity};
use crate::problem::OutsideRepository;
use crate::rule_id::Builtin;

pub const META: Meta = Meta {
    severity: Severity::Error,
    title: "Everything checked is inside the plans repository",
    explain: "A plans repository's files are what lies inside it: the folder holding \
planalign.yaml (or `plans/`), or the folder that was checked. A link (symlink) whose target \
is outside it, or a `plans:` or `rules:` folder in planalign.yaml that is outside it (`../`, \
an absolute path, or a link), is not read, so that checking a repository never shows files \
from elsewhere on the computer, such as passwords or keys on a CI server. A link to a file \
inside the repository is read under the link's name; links to folders are not followed. Copy \
the file into the repository, or name a folder inside it.",
};

pub fn finding(problem: OutsideRepository) -> Finding {
    let rule = Builtin::OutsideRepository;
    match problem {
        OutsideRepository::Link { at, name, target } => Finding::new(
            rule,
            at,
            format!(
                "{name} is a link to `{target}`, which is outside the plans repository, so \
                 planalign does not read it"
            ),
        )
        .help("Copy the file into the repository in place of the link, or remove the link."),
        OutsideRepository::Folder { at, key, written } => Finding::new(
            rule,
            at,
            format!(
                "`{key}: {written}` names a folder outside the plans repository, so planalign \
                 does not read it"
            ),
        )
        .label("outside the repository")
        .help(format!(
            "Name a folder inside the repository, relative to planalign.yaml, such as \
             `{key}: {key}`."
        )),
    }
}
