//! planalign.yaml: the schema (kinds and relations), folders, root plan and severities. A
//! configuration that loads is then used to parse the worked example, so a strange schema
//! meets real plans.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planalign::config::Config;
use planalign::parse::parse_file;
use planalign::source::{FileId, SourceFile, Sources};
use planalign_fuzz::{WORKED_EXAMPLE, assert_span, check_findings, check_parsed};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Sources::default();
    let file = sources.add(SourceFile::new("planalign.yaml".to_owned(), text));
    let mut findings = Vec::new();
    let config = Config::load(&sources, file, &mut findings);
    check_findings(&sources, &findings);
    let text = &sources.get(file).text;
    if let Some((_, span)) = &config.root {
        assert_span("root", file, text, *span);
    }
    for (_, _, span) in &config.severity {
        assert_span("severity", file, text, *span);
    }
    for (i, (name, plan)) in WORKED_EXAMPLE.iter().enumerate() {
        let id = FileId::from_index(1 + i);
        let parsed = parse_file(id, name, plan, &config.schema);
        check_parsed(id, plan, &parsed);
    }
});
