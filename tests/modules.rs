//! No module of the crate imports a module that imports it back, directly or through others:
//! the code's data flow (files -> model -> graph -> rules -> findings -> reports) runs one way.
//! A module is one source file; it depends on another when it names it by a path (`crate::`,
//! `super::` or a child module's name); comments and unit tests (`#[cfg(test)]` onwards) are
//! left out.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// Every module of `src/` by its path (`rules::builtin::cycle`), with its text.
fn modules() -> BTreeMap<String, String> {
    let src = common::root().join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("main.rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        // Comments name modules without depending on them.
        let code = code
            .lines()
            .map(|l| l.split("//").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        modules.insert(parts.join("::"), code);
    }
    modules
}

/// The modules that `module`'s code names.
fn dependencies(module: &str, code: &str, all: &BTreeMap<String, String>) -> Vec<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let mut found = Vec::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    for word in words {
        let path: Vec<&str> = word.split("::").filter(|p| !p.is_empty()).collect();
        let (mut base, rest) = match path.first() {
            Some(&"crate") => (String::new(), &path[1..]),
            Some(&"super") => (parent.to_owned(), &path[1..]),
            Some(_) => (module.to_owned(), &path[..]),
            None => continue,
        };
        // The longest prefix of the path that is a module: for `super::Item`, the parent.
        let mut target = (path[0] == "super").then(|| base.clone());
        for part in rest {
            let next = if base.is_empty() {
                (*part).to_owned()
            } else {
                format!("{base}::{part}")
            };
            if !all.contains_key(&next) {
                break;
            }
            target = Some(next.clone());
            base = next;
        }
        if let Some(target) = target.filter(|t| t != module) {
            found.push(target);
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let all = modules();
    let graph: BTreeMap<&str, Vec<String>> = all
        .iter()
        .map(|(m, code)| (m.as_str(), dependencies(m, code, &all)))
        .collect();
    assert!(
        graph["engine"].contains(&"snapshot".to_owned()),
        "{graph:#?}"
    );
    let mut cycles = Vec::new();
    for &start in graph.keys() {
        // A path back to `start`, depth first.
        let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in &graph[node.as_str()] {
                if next == start {
                    cycles.push(format!("{} -> {start}", path.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
    assert!(Path::new(&common::root().join("src/lib.rs")).exists());
}
