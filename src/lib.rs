//! planalign checks that a public body's plans hang together: every objective, target,
//! action, risk, asset and budget line traces to a Corporate Plan priority, and every
//! priority is delivered and funded.

pub mod baseline;
pub mod cascade;
pub mod cli;
pub mod config;
pub mod diff;
pub mod engine;
pub mod finding;
pub mod graph;
pub mod init;
pub mod lsp;
pub mod marked;
pub mod model;
pub mod output;
pub mod parse;
pub mod problem;
pub mod report;
pub mod rule_id;
pub mod rules;
pub mod schema;
pub mod snapshot;
pub mod source;
pub mod suggest;
pub mod text;
pub mod timings;
pub mod view;
pub mod vocabulary;
