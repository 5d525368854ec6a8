//! Dates and periods, and amounts of money: no panic, a period never ends before it starts,
//! and an amount shown by `format_money` reads back as the same amount.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planalign::parse::values::{format_money, parse_money, parse_period};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(period) = parse_period(text) {
        assert!(period.start <= period.end, "{text:?} gives {period:?}");
        assert!(period.contains(&period));
    }
    if let Some(pence) = parse_money(text) {
        let shown = format_money(pence);
        assert_eq!(
            parse_money(&shown),
            Some(pence),
            "{text:?} is shown as {shown:?}"
        );
    }
});
