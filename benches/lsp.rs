//! The language server's benchmark: `planalign lsp` started as an editor starts it, over
//! standard input and output, on a plans repository (one the corpus generator made). It opens
//! a service plan, then changes one link in its unsaved buffer back and forth, each change
//! breaking or mending the link, and times each from the change sent to its diagnostics
//! received; then reads the server's memory. It checks as of 2026-01-01, as the corpus is
//! meant to be checked. Not a test: run by hand (BENCHMARKS.md).
//!
//!   cargo run --release --example lsp -- target/release/planalign DIR [CHANGES]

#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(binary), Some(dir)) = (args.first(), args.get(1)) else {
        return Err("usage: lsp PLANALIGN DIR [CHANGES]".into());
    };
    let changes: usize = args.get(2).map_or(Ok(20), |n| n.parse())?;
    let root = Path::new(dir).canonicalize()?;
    let (file, text, at, id) = link_to_break(&root)?;

    let mut server = Command::new(binary)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let pid = server.id();
    let mut input = BufWriter::new(server.stdin.take().ok_or("no stdin")?);
    let output = server.stdout.take().ok_or("no stdout")?;
    let (sender, messages) = mpsc::channel();
    std::thread::spawn(move || {
        let mut output = BufReader::new(output);
        while let Ok(Some(message)) = Message::read(&mut output) {
            if sender.send((Instant::now(), message)).is_err() {
                break;
            }
        }
    });
    let mut send = |message: Message| -> std::io::Result<()> {
        message.write(&mut input)?;
        input.flush()
    };
    let wait_for = |id: &RequestId| -> Result<(), Box<dyn std::error::Error>> {
        loop {
            match messages.recv_timeout(Duration::from_secs(120))?.1 {
                Message::Response(r) if r.id == *id => return Ok(()),
                _ => {}
            }
        }
    };
    let uri = |path: &Path| format!("file://{}", path.display());
    let file_uri = uri(&file);

    let started = Instant::now();
    let init = RequestId::from(1);
    send(Message::Request(Request::new(
        init.clone(),
        "initialize".into(),
        json!({"capabilities": {}, "workspaceFolders": [{"uri": uri(&root), "name": "plans"}],
               "initializationOptions": {"asOf": "2026-01-01"}}),
    )))?;
    wait_for(&init)?;
    send(notification("initialized", json!({})))?;
    send(notification(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file_uri, "languageId": "markdown", "version": 1,
                                "text": text}}),
    ))?;
    // A request is answered after the check of everything sent before it.
    let ready = RequestId::from(2);
    send(Message::Request(Request::new(
        ready.clone(),
        "workspace/symbol".into(),
        json!({"query": "no such item"}),
    )))?;
    wait_for(&ready)?;
    let first = started.elapsed();

    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut times = Vec::with_capacity(changes);
    for change in 0..changes {
        // Odd changes break the link (`…x`), even ones mend it.
        let broken = change % 2 == 0;
        let range = if broken {
            json!({"start": {"line": line, "character": column + id.len()},
                   "end": {"line": line, "character": column + id.len()}})
        } else {
            json!({"start": {"line": line, "character": column + id.len()},
                   "end": {"line": line, "character": column + id.len() + 1}})
        };
        let edit = if broken { "x" } else { "" };
        let sent = Instant::now();
        send(notification(
            "textDocument/didChange",
            json!({"textDocument": {"uri": file_uri, "version": change + 2},
                   "contentChanges": [{"range": range, "text": edit}]}),
        ))?;
        loop {
            let (at, message) = messages.recv_timeout(Duration::from_secs(120))?;
            if let Message::Notification(n) = message
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == file_uri.as_str()
            {
                times.push(at - sent);
                break;
            }
        }
    }
    let memory = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        memory
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{} MB", kb / 1024))
    };
    let (rss, peak) = (field("VmRSS:"), field("VmHWM:"));

    send(Message::Request(Request::new(
        RequestId::from(3),
        "shutdown".into(),
        Value::Null,
    )))?;
    wait_for(&RequestId::from(3))?;
    send(notification("exit", Value::Null))?;
    server.wait()?;

    times.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{}: {} changes to {}: median {}, min {}, max {}; first check {}; \
         memory {rss} (peak {peak})",
        root.display(),
        times.len(),
        file.strip_prefix(&root).unwrap_or(&file).display(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        ms(first),
    );
    Ok(())
}

fn notification(method: &str, params: Value) -> Message {
    Message::Notification(Notification::new(method.to_owned(), params))
}

/// A Markdown plan with a `supports=` link: the file, its text, where the id starts and the id.
fn link_to_break(
    root: &Path,
) -> Result<(PathBuf, String, usize, String), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("plans"))?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        if let Some(i) = text.find("supports=") {
            let at = i + "supports=".len();
            let id: String = text[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '}' && *c != ',')
                .collect();
            return Ok((file, text, at, id));
        }
    }
    Err("no Markdown plan with a supports= link".into())
}
