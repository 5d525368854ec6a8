//! Pipe tables of items. Input that starts with `|` is the whole table; any other input is
//! the rows under a header of the usual columns. Either way it follows a valid front matter
//! and heading, so the fuzzer spends its time in the table code.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FRONT: &str = "---\nid: BUD\ntype: budget\n---\n# Revenue Budget\n\n";
const HEADER: &str =
    "| id | kind | title | amount | funds |\n|----|------|-------|-------:|:-----:|\n";

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let header = if input.starts_with('|') { "" } else { HEADER };
    planalign_fuzz::parse_plan("plan.md", &format!("{FRONT}{header}{input}"));
});
