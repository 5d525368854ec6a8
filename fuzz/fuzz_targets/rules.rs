//! A rule file with CEL conditions, loaded as a default rule file would be; every policy
//! rule it defines is then run over the worked example, so conditions are evaluated too.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use planalign::graph::Model;
use planalign::parse::parse_file;
use planalign::rules::RuleSet;
use planalign::rules::condition::{Env, budget_totals};
use planalign::source::{SourceFile, Sources};
use planalign::vocabulary::Schema;
use planalign_fuzz::{WORKED_EXAMPLE, check_findings, check_plan_file};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schema = Schema::default();
    let mut sources = Sources::default();
    let mut findings = Vec::new();
    let rules = RuleSet::load(
        &schema,
        &[("fuzz.yaml", text)],
        &[],
        &mut sources,
        &mut findings,
    );
    check_findings(&sources, &findings);
    if rules.policies.is_empty() {
        return;
    }
    let mut plan_files = Vec::new();
    for (name, text) in WORKED_EXAMPLE {
        let file = sources.add(SourceFile::new((*name).to_owned(), *text));
        let parsed = parse_file(file, name, text, &schema);
        plan_files.extend(parsed.plan);
    }
    for plan_file in &plan_files {
        let file = plan_file.plan.span.file;
        check_plan_file(file, &sources.get(file).text, plan_file);
    }
    let model = Model::build(schema, plan_files, None, &mut Vec::new());
    let totals = budget_totals(&model);
    let as_of = NaiveDate::from_ymd_opt(2011, 1, 4).expect("a date");
    let mut found = Vec::new();
    for policy in &rules.policies {
        let mut env = Env::new(&model, as_of, &totals);
        policy.run(&mut env, &mut found);
    }
    check_findings(&sources, &found);
});
