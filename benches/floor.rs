//! The parse floor: what reading a plans folder costs before planalign does anything of its
//! own. It reads the same files as `planalign check`, in parallel as the check does, runs
//! pulldown-cmark over each Markdown file (with the same options) and the YAML parser
//! planalign reads plans with (yaml-rust2's event parser) over every YAML text in it (front
//! matter and fenced `yaml` blocks) and over each YAML file, and keeps nothing. `planalign
//! check` divided by this is planalign's own overhead.
//!
//!   cargo run --release --example floor -- DIR

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool for benchmarks"
)]

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs the YAML parser over `text` to the end (or its first error), counting events.
fn yaml(text: &str) -> usize {
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut count = 0;
    while let Ok((event, _)) = parser.next_token() {
        if event == yaml_rust2::parser::Event::StreamEnd {
            break;
        }
        count += 1;
    }
    count
}

fn markdown(text: &str) -> usize {
    let mut count = 0;
    let body = match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((header, body)) => {
            count += yaml(header);
            body
        }
        None => text,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut block: Option<String> = None;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "yaml" => {
                block = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(b) = block.as_mut() {
                    b.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = block.take() {
                    count += yaml(&b);
                }
            }
            _ => count += 1,
        }
    }
    count
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor DIR");
    let files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let count: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            match path.extension().and_then(|e| e.to_str()) {
                Some("md") => markdown(&text),
                Some("yaml" | "yml") => yaml(&text),
                _ => 0,
            }
        })
        .sum();
    println!("{} files, {count} events and documents", files.len());
}
