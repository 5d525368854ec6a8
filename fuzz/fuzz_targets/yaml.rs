//! A YAML plan: the header fields and `items:`, nested items and relation values.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        planalign_fuzz::parse_plan("plan.yaml", text);
    }
});
