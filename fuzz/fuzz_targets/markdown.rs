//! A Markdown plan: front matter, item headings with `{#ID .kind key=value}` attributes,
//! YAML blocks and tables.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        planalign_fuzz::parse_plan("plan.md", text);
    }
});
