//! Phase timings, for benchmarks: with `PLANALIGN_TIMINGS` set in the environment, a check
//! writes how long each of its phases took to standard error. `benches/run.sh` uses this to
//! show where the time goes; without the variable nothing is measured or written.

use std::time::Instant;

pub struct Timings {
    /// When the last phase ended, if timings were asked for.
    last: Option<Instant>,
}

impl Timings {
    pub fn from_env() -> Self {
        Self {
            last: std::env::var_os("PLANALIGN_TIMINGS").map(|_| Instant::now()),
        }
    }

    /// Ends a phase: writes the time since the previous one ended.
    #[expect(
        clippy::print_stderr,
        reason = "timings are asked for on standard error"
    )]
    pub fn phase(&mut self, name: &str) {
        if let Some(last) = &mut self.last {
            let now = Instant::now();
            eprintln!(
                "planalign: timing: {name}: {:.1} ms",
                (now - *last).as_secs_f64() * 1000.0
            );
            *last = now;
        }
    }
}
