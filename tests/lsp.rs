//! `planalign lsp` driven in-process as an editor would drive it, over an in-memory
//! connection: initialize, open, change, diagnostics, hover, definition, references,
//! completion, code actions, rename, symbols, files changed on disk, shutdown and exit.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// An editor talking to the server, with the diagnostics it has been sent, by file name.
struct Editor {
    connection: Connection,
    server: Option<JoinHandle<Result<(), planalign::lsp::Error>>>,
    next: i32,
    root: PathBuf,
    diagnostics: HashMap<String, Vec<Value>>,
    /// The files whose diagnostics were published since the last `take_published`.
    published: Vec<String>,
    texts: HashMap<String, (i32, String)>,
    /// Whether positions count UTF-8 bytes rather than UTF-16 units.
    utf8: bool,
    _dir: tempfile::TempDir,
}

impl Editor {
    /// The server on a copy of tests/fixtures/lsp; `utf8` offers UTF-8 positions.
    fn start(utf8: bool) -> (Editor, Value) {
        Self::start_in(utf8, "", |_| {})
    }

    /// The server on a copy of tests/fixtures/lsp, changed by `prepare`, with the editor's
    /// workspace folder `folder` inside it (`""`: the repository itself).
    fn start_in(utf8: bool, folder: &str, prepare: impl Fn(&Path)) -> (Editor, Value) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("council");
        common::copy_dir(&common::fixtures().join("lsp"), &root);
        prepare(&root);
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || planalign::lsp::serve(&server));
        let mut editor = Editor {
            connection,
            server: Some(handle),
            next: 0,
            root,
            diagnostics: HashMap::new(),
            published: Vec::new(),
            texts: HashMap::new(),
            utf8,
            _dir: dir,
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let root_uri = editor.uri(folder);
        let result = editor.request(
            "initialize",
            json!({
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
                },
                "workspaceFolders": [{"uri": root_uri, "name": "council"}]
            }),
        );
        editor.notify("initialized", json!({}));
        (editor, result)
    }

    fn uri(&self, name: &str) -> String {
        let path = if name.is_empty() {
            self.root.clone()
        } else {
            self.root.join(name)
        };
        format!("file://{}", path.display())
    }

    fn name(&self, uri: &str) -> String {
        let prefix = format!("{}/", self.uri(""));
        uri.strip_prefix(&prefix).unwrap_or(uri).to_owned()
    }

    fn notify(&self, method: &str, params: Value) {
        let message = Notification::new(method.to_owned(), params);
        self.connection.sender.send(message.into()).unwrap();
    }

    /// Sends a request and reads messages until its answer: the result, or the error.
    fn ask(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let id = RequestId::from(self.next);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.connection.sender.send(request.into()).unwrap();
        loop {
            let message = self
                .connection
                .receiver
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the server answers within a minute");
            match message {
                Message::Response(response) if response.id == id => {
                    return match response.response_result {
                        Err(error) => Err(json!({"code": error.code, "message": error.message})),
                        Ok(result) => Ok(result),
                    };
                }
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    let name = self.name(n.params["uri"].as_str().unwrap());
                    let list = n.params["diagnostics"].as_array().unwrap().clone();
                    self.published.push(name.clone());
                    self.diagnostics.insert(name, list);
                }
                Message::Request(r) => {
                    // The server registers its file watchers; the editor agrees.
                    assert_eq!(r.method, "client/registerCapability");
                    let answer = lsp_server::Response::new_ok(r.id, Value::Null);
                    self.connection.sender.send(answer.into()).unwrap();
                }
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.ask(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// Waits until the server has checked everything sent so far and published the result.
    fn sync(&mut self) {
        self.request("workspace/symbol", json!({"query": "no such item"}));
    }

    fn take_published(&mut self) -> Vec<String> {
        let mut names = std::mem::take(&mut self.published);
        names.sort();
        names
    }

    fn open(&mut self, name: &str) {
        let text = std::fs::read_to_string(self.root.join(name)).unwrap();
        let language = if name.ends_with(".md") {
            "markdown"
        } else {
            "yaml"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": self.uri(name), "languageId": language,
                   "version": 1, "text": text}}),
        );
        self.texts.insert(name.to_owned(), (1, text));
    }

    /// Replaces the first `from` in the open buffer of `name` with `to`, sent as an
    /// incremental change.
    fn replace(&mut self, name: &str, from: &str, to: &str) {
        let (version, text) = self.texts.get(name).cloned().unwrap();
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("{from} is in {name}"));
        let (start, end) = (
            self.position(&text, at),
            self.position(&text, at + from.len()),
        );
        let range = json!({"start": start, "end": end});
        let new = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri(name), "version": version + 1},
                   "contentChanges": [{"range": range, "text": to}]}),
        );
        self.texts.insert(name.to_owned(), (version + 1, new));
    }

    /// Breaks WFS-O1's link to CP-O1 in the open buffer of plans/workforce.md (CP-O9 does
    /// not exist), and waits for the check.
    fn break_link(&mut self) {
        let link = "supports=CP-O1}\n\n```";
        self.replace("plans/workforce.md", link, &link.replace("CP-O1", "CP-O9"));
        self.sync();
    }

    /// The rule and range of each diagnostic last published for `name`.
    fn rules(&self, name: &str) -> Vec<(String, Value)> {
        let list = self.diagnostics.get(name).cloned().unwrap_or_default();
        list.iter()
            .map(|d| (d["code"].as_str().unwrap().to_owned(), d["range"].clone()))
            .collect()
    }

    fn has(&self, name: &str, rule: &str) -> bool {
        self.rules(name).iter().any(|(r, _)| r == rule)
    }

    /// `textDocument/...` at the UTF-16 position of the `nth` (from 0) `needle` in `name`,
    /// `into` characters into it.
    fn at(&mut self, method: &str, name: &str, needle: &str, into: usize, extra: Value) -> Value {
        let text = self.text(name);
        let at = text.match_indices(needle).next().unwrap().0 + into;
        let mut params =
            json!({"textDocument": {"uri": self.uri(name)}, "position": utf16(&text, at)});
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params)
    }

    /// `textDocument/...` at the position `into` characters into `needle`, no more said.
    fn on(&mut self, method: &str, name: &str, needle: &str, into: usize) -> Value {
        self.at(method, name, needle, into, json!({}))
    }

    fn text(&self, name: &str) -> String {
        match self.texts.get(name) {
            Some((_, text)) => text.clone(),
            None => std::fs::read_to_string(self.root.join(name)).unwrap(),
        }
    }

    /// The range of the first diagnostic of `rule` last published for `name`.
    fn range_of(&self, name: &str, rule: &str) -> Value {
        let found = self.rules(name).into_iter().find(|(r, _)| r == rule);
        found.unwrap_or_else(|| panic!("{rule} in {name}")).1
    }

    /// The text of `name` with the code action titled `title` applied, for the first
    /// diagnostic of `rule` in it.
    fn fixed(&mut self, name: &str, rule: &str, title: &str) -> String {
        let range = self.range_of(name, rule);
        let params = json!({"textDocument": {"uri": self.uri(name)}, "range": range,
                            "context": {"diagnostics": []}});
        let actions = self.request("textDocument/codeAction", params);
        let actions = actions.as_array().unwrap();
        let found = actions.iter().find(|a| a["title"] == title);
        let action = found.unwrap_or_else(|| panic!("{title} in {actions:?}"));
        apply(&action["edit"], &self.uri(name), &self.text(name))
    }

    /// Shuts the server down as an editor does, and checks that it stopped cleanly.
    fn shut_down(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert!(result.is_ok(), "the server stopped with {result:?}");
    }
}

impl Editor {
    fn position(&self, text: &str, at: usize) -> Value {
        if self.utf8 {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            json!({"line": text[..at].matches('\n').count(), "character": at - line_start})
        } else {
            utf16(text, at)
        }
    }
}

/// The UTF-16 position of byte `at` of `text`.
fn utf16(text: &str, at: usize) -> Value {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    json!({"line": line, "character": text[line_start..at].encode_utf16().count()})
}

/// `(line, character)` of a range's start and end.
fn span(range: &Value) -> (u64, u64, u64) {
    let n = |v: &Value| v.as_u64().unwrap();
    (
        n(&range["start"]["line"]),
        n(&range["start"]["character"]),
        n(&range["end"]["character"]),
    )
}

#[test]
fn a_dangling_link_is_reported_at_its_exact_range_and_follows_unsaved_edits() {
    let (mut editor, init) = Editor::start(false);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    editor.open("plans/workforce.md");
    editor.sync();
    // Every plan file is checked, open or not; this repository has no dangling link.
    assert!(editor.diagnostics.contains_key("plans/corporate.md"));
    assert!(!editor.has("plans/workforce.md", "dangling-reference"));

    editor.break_link();
    let dangling: Vec<_> = editor
        .rules("plans/workforce.md")
        .into_iter()
        .filter(|(r, _)| r == "dangling-reference")
        .collect();
    assert_eq!(dangling.len(), 1, "{dangling:?}");
    // After "## Café staff £5 😀 pay {#WFS-O1 .objective supports=": the emoji is two UTF-16
    // units, so the id starts at 53, not at 52 characters or 57 bytes.
    let line = "## Café staff £5 😀 pay {#WFS-O1 .objective supports=";
    assert_eq!((line.chars().count(), line.len()), (52, 57));
    assert_eq!(span(&dangling[0].1), (8, 53, 58));
    let diagnostic = &editor.diagnostics["plans/workforce.md"]
        .iter()
        .find(|d| d["code"] == "dangling-reference")
        .unwrap()
        .clone();
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "planalign");
    let help = diagnostic["relatedInformation"][0]["message"]
        .as_str()
        .unwrap();
    assert!(help.contains("Did you mean CP-O1"), "{help}");

    // Mended in the buffer: cleared. Broken again: back.
    editor.replace("plans/workforce.md", "supports=CP-O9", "supports=CP-O1");
    editor.sync();
    assert!(!editor.has("plans/workforce.md", "dangling-reference"));
    editor.break_link();
    assert!(editor.has("plans/workforce.md", "dangling-reference"));
    editor.shut_down();
}

#[test]
fn renaming_an_id_in_one_unsaved_file_flags_the_links_in_the_others() {
    let (mut editor, _) = Editor::start(false);
    editor.open("plans/corporate.md");
    editor.sync();
    editor.take_published();
    editor.replace("plans/corporate.md", "{#CP-O1 ", "{#CP-O7 ");
    editor.sync();
    assert!(editor.has("plans/workforce.md", "dangling-reference"));
    assert!(editor.has("plans/risks.yaml", "dangling-reference"));
    // Only the files whose findings changed are sent again; the budget's did not.
    let published = editor.take_published();
    assert!(
        published.contains(&"plans/workforce.md".to_owned()),
        "{published:?}"
    );
    assert!(
        !published.contains(&"plans/budget.md".to_owned()),
        "{published:?}"
    );
    // Undone: the other files are cleared again.
    editor.replace("plans/corporate.md", "{#CP-O7 ", "{#CP-O1 ");
    editor.sync();
    assert!(!editor.has("plans/workforce.md", "dangling-reference"));
    assert!(!editor.has("plans/risks.yaml", "dangling-reference"));
    editor.shut_down();
}

#[test]
fn utf8_positions_when_the_editor_offers_them() {
    let (mut editor, init) = Editor::start(true);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    editor.open("plans/workforce.md");
    editor.break_link();
    let line = "## Café staff £5 😀 pay {#WFS-O1 .objective supports=";
    let range = editor.range_of("plans/workforce.md", "dangling-reference");
    assert_eq!(span(&range), (8, line.len() as u64, line.len() as u64 + 5));
    editor.shut_down();
}

#[test]
fn a_file_broken_and_mended_keeps_the_rest_of_the_workspace() {
    let (mut editor, _) = Editor::start(false);
    editor.open("plans/risks.yaml");
    editor.replace("plans/risks.yaml", "items:\n", "items: [\n");
    editor.sync();
    assert!(editor.has("plans/risks.yaml", "parse-error"));
    // The other plans are still read: no link of theirs dangles, and hover still works.
    assert!(!editor.has("plans/workforce.md", "dangling-reference"));
    assert!(!editor.has("plans/budget.md", "dangling-reference"));
    let hover = editor.on(
        "textDocument/hover",
        "plans/workforce.md",
        "supports=CP-O1",
        10,
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("A skilled workforce")
    );
    editor.replace("plans/risks.yaml", "items: [\n", "items:\n");
    editor.sync();
    assert!(!editor.has("plans/risks.yaml", "parse-error"));
    editor.shut_down();
}

#[test]
fn hover_shows_the_item_its_money_and_its_path_to_a_priority() {
    let (mut editor, _) = Editor::start(false);
    // In the budget's table cell, on the link to WFS-O1.
    let hover = editor.on("textDocument/hover", "plans/budget.md", "WFS-O1", 3);
    let text = hover["contents"]["value"].as_str().unwrap();
    for expected in [
        "**WFS-O1** (objective): Café staff £5 😀 pay",
        "Plan: WFS Workforce Strategy",
        "Owner: Head of Catering",
        "Status: on track",
        "Money attributed: £16,300,000",
        "WFS-O1 Café staff £5 😀 pay → CP-O1 A skilled workforce → CP-P1 Your Council 😀",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // The hover covers the id in the cell.
    let line = "| BUD-1 | budget-line | Human resources | £16.3m | ";
    assert_eq!(
        span(&hover["range"]),
        (
            9,
            line.encode_utf16().count() as u64,
            line.encode_utf16().count() as u64 + 6
        )
    );
    // An item that traces nowhere says so; its owner comes from its plan.
    editor.open("plans/risks.yaml");
    editor.replace("plans/risks.yaml", "threatens: CP-O1\n", "\n");
    let hover = editor.on("textDocument/hover", "plans/risks.yaml", "RR-01", 0);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("none; it does not trace"), "{text}");
    editor.shut_down();
}

#[test]
fn definition_and_references_from_headings_yaml_and_table_cells() {
    let (mut editor, _) = Editor::start(false);
    let to_corporate = |v: &Value| {
        (
            v["uri"].as_str().unwrap().ends_with("plans/corporate.md"),
            span(&v["range"]),
        )
    };
    // From a heading's attribute, a YAML plan's field and a table cell.
    let from_heading = editor.on(
        "textDocument/definition",
        "plans/workforce.md",
        "supports=CP-O1",
        11,
    );
    assert_eq!(to_corporate(&from_heading), (true, (11, 26, 31)));
    let from_yaml = editor.on("textDocument/definition", "plans/risks.yaml", "CP-O1", 0);
    assert_eq!(to_corporate(&from_yaml), (true, (11, 26, 31)));
    let from_cell = editor.on("textDocument/definition", "plans/budget.md", "WFS-O1", 0);
    assert!(
        from_cell["uri"]
            .as_str()
            .unwrap()
            .ends_with("plans/workforce.md")
    );
    assert_eq!(span(&from_cell["range"]).0, 8);
    // Nothing to go to away from an id.
    let nothing = editor.on("textDocument/definition", "plans/workforce.md", "Train", 0);
    assert_eq!(nothing, Value::Null);

    let references = editor.at(
        "textDocument/references",
        "plans/corporate.md",
        "CP-O1",
        0,
        json!({"context": {"includeDeclaration": false}}),
    );
    let mut places: Vec<(String, u64)> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (editor.name(l["uri"].as_str().unwrap()), span(&l["range"]).0))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("plans/risks.yaml".to_owned(), 7),
            ("plans/workforce.md".to_owned(), 8),
            ("plans/workforce.md".to_owned(), 15)
        ]
    );
    let with_declaration = editor.at(
        "textDocument/references",
        "plans/workforce.md",
        "supports=CP-O1",
        9,
        json!({"context": {"includeDeclaration": true}}),
    );
    assert_eq!(with_declaration.as_array().unwrap().len(), 4);
    editor.shut_down();
}

#[test]
fn completion_offers_only_the_kinds_the_relation_may_point_to() {
    let (mut editor, _) = Editor::start(false);
    let labels = |v: &Value| -> Vec<String> {
        let mut l: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect();
        l.sort();
        l
    };
    // In a heading's `supports=`, after "CP-": priorities and objectives, with titles.
    editor.open("plans/workforce.md");
    editor.replace(
        "plans/workforce.md",
        "supports=CP-O1}\n\n```",
        "supports=CP-}\n\n```",
    );
    let offered = editor.on(
        "textDocument/completion",
        "plans/workforce.md",
        "supports=CP-}",
        12,
    );
    assert_eq!(labels(&offered), ["CP-O1", "CP-O2", "CP-P1"]);
    let first = &offered["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "CP-O1")
        .unwrap()
        .clone();
    assert_eq!(first["detail"], "A skilled workforce (objective in CP)");
    // In the budget's `funds` column: a budget line funds any of these kinds but a risk.
    editor.open("plans/budget.md");
    editor.replace("plans/budget.md", "| WFS-O1 |", "| W |");
    let offered = editor.on("textDocument/completion", "plans/budget.md", "| W |", 3);
    assert_eq!(labels(&offered), ["WFS-O1", "WFS-O2"]);
    // `mitigates` points to risks only; an action's `mitigates:` in YAML offers RR-01 alone.
    editor.open("plans/risks.yaml");
    let action = "    items:\n      - id: RR-01-A1\n        kind: action\n        mitigates: \n";
    let risk = "    threatens: CP-O1\n";
    editor.replace("plans/risks.yaml", risk, &format!("{risk}{action}"));
    let offered = editor.on(
        "textDocument/completion",
        "plans/risks.yaml",
        "mitigates: ",
        11,
    );
    assert_eq!(labels(&offered), ["RR-01"]);
    // An entry of a YAML list under its key: `threatens:` points to what a risk threatens.
    editor.replace(
        "plans/risks.yaml",
        "    threatens: CP-O1\n",
        "    threatens:\n      - CP-P\n",
    );
    let offered = editor.on("textDocument/completion", "plans/risks.yaml", "- CP-P", 6);
    assert_eq!(labels(&offered), ["CP-P1"]);
    // Outside a link field, nothing.
    let nothing = editor.on(
        "textDocument/completion",
        "plans/risks.yaml",
        "title: Staff",
        13,
    );
    assert_eq!(nothing, Value::Null);
    editor.shut_down();
}

/// Applies the edits of a workspace edit for `name` to `text` (single-line, ASCII ranges).
fn apply(edit: &Value, uri: &str, text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let edits = edit["changes"][uri].as_array().unwrap();
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(span(&e["range"])));
    for e in edits {
        let (line, start, end) = span(&e["range"]);
        let line = &mut lines[line as usize];
        let at = |c: u64| {
            line.char_indices()
                .map(|(i, _)| i)
                .chain([line.len()])
                .nth(c as usize)
                .unwrap()
        };
        let (start, end) = (at(start), at(end));
        line.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    lines.join("\n")
}

#[test]
fn code_actions_replace_a_wrong_id_and_add_a_waiver_to_fill_in() {
    let (mut editor, _) = Editor::start(false);
    editor.open("plans/risks.yaml");
    editor.replace("plans/risks.yaml", "threatens: CP-O1", "threatens: CP-01");
    editor.sync();
    let mended = editor.fixed(
        "plans/risks.yaml",
        "dangling-reference",
        "Replace CP-01 with CP-O1",
    );
    assert!(mended.contains("threatens: CP-O1\n"), "{mended}");

    // A waiver for an objective with no owner, in a new YAML block under its heading.
    editor.open("plans/workforce.md");
    editor.sync();
    let waive = "Waive owner-missing for WFS-O2 (a reason must be given)";
    let waived = editor.fixed("plans/workforce.md", "owner-missing", waive);
    let uri = editor.uri("plans/workforce.md");
    let block = "```yaml\nwaive:\n  - rule: owner-missing\n    reason: #";
    let expected = format!("{{#WFS-O2 .objective supports=CP-O1}}\n\n{block}");
    assert!(waived.contains(&expected), "{waived}");
    // Written back, the waiver is read: without its reason it waives nothing yet, and says so.
    let version = editor.texts["plans/workforce.md"].0 + 1;
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"text": waived}]}),
    );
    editor
        .texts
        .insert("plans/workforce.md".to_owned(), (version, waived));
    editor.sync();
    assert!(
        editor.has("plans/workforce.md", "waiver-without-reason"),
        "{:?}",
        editor.rules("plans/workforce.md")
    );
    editor.replace(
        "plans/workforce.md",
        "reason: #",
        "reason: Owner appointed in March #",
    );
    editor.sync();
    assert!(
        !editor.has("plans/workforce.md", "owner-missing"),
        "{:?}",
        editor.rules("plans/workforce.md")
    );
    editor.shut_down();
}

#[test]
fn rename_edits_every_file_that_names_the_id() {
    let (mut editor, _) = Editor::start(false);
    let prepared = editor.on("textDocument/prepareRename", "plans/risks.yaml", "CP-O1", 2);
    assert_eq!(prepared["placeholder"], "CP-O1");
    let edit = editor.at(
        "textDocument/rename",
        "plans/risks.yaml",
        "CP-O1",
        2,
        json!({"newName": "CP-WF"}),
    );
    let mut files: Vec<(String, usize)> = edit["changes"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(uri, edits)| (editor.name(uri), edits.as_array().unwrap().len()))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("plans/corporate.md".to_owned(), 1),
            ("plans/risks.yaml".to_owned(), 1),
            ("plans/workforce.md".to_owned(), 2)
        ]
    );
    let uri = editor.uri("plans/corporate.md");
    assert!(apply(&edit, &uri, &editor.text("plans/corporate.md")).contains("{#CP-WF .objective}"));
    // A name that is not an id, or is taken, is refused in plain words.
    let text = editor.text("plans/risks.yaml");
    let at = utf16(&text, text.find("CP-O1").unwrap());
    let document = json!({"uri": editor.uri("plans/risks.yaml")});
    let rename = |name: &str| json!({"textDocument": document, "position": at, "newName": name});
    let refused = editor
        .ask("textDocument/rename", rename("CP-P1"))
        .unwrap_err();
    assert_eq!(
        refused["message"],
        "CP-P1 is already the id of another item."
    );
    let refused = editor
        .ask("textDocument/rename", rename("9 lives"))
        .unwrap_err();
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("is not a valid id")
    );
    editor.shut_down();
}

#[test]
fn document_and_workspace_symbols() {
    let (mut editor, _) = Editor::start(false);
    // An item with a kind and no id is named by its title.
    editor.open("plans/workforce.md");
    let last = "## Train managers {#WFS-O2 .objective supports=CP-O1}\n";
    let no_id = "\n## Coach managers {.objective supports=CP-O1}\n";
    editor.replace("plans/workforce.md", last, &format!("{last}{no_id}"));
    let uri = editor.uri("plans/workforce.md");
    let symbols = editor.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "WFS-O1 Café staff £5 😀 pay",
            "WFS-O2 Train managers",
            "Coach managers"
        ]
    );
    let found = editor.request("workspace/symbol", json!({"query": "SKILLED"}));
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["name"], "CP-O1 A skilled workforce");
    assert_eq!(found[0]["containerName"], "CP");
    editor.shut_down();
}

#[test]
fn files_created_and_deleted_on_disk_are_picked_up() {
    let (mut editor, _) = Editor::start(false);
    editor.sync();
    let new = editor.root.join("plans/leisure.md");
    let plan = "---\nid: LS\ntype: service\n---\n# Leisure\n\n";
    std::fs::write(
        &new,
        format!("{plan}## Pools {{#LS-O1 .objective supports=CP-O5}}\n"),
    )
    .unwrap();
    let uri = editor.uri("plans/leisure.md");
    editor.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    );
    editor.sync();
    assert!(editor.has("plans/leisure.md", "dangling-reference"));
    std::fs::remove_file(&new).unwrap();
    editor.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    editor.sync();
    // Its diagnostics are cleared, not left behind.
    assert_eq!(
        editor.diagnostics["plans/leisure.md"],
        json!([]).as_array().unwrap().clone()
    );
    editor.open("plans/workforce.md");
    // An edit saved and the file closed: the file on disk is read from then on.
    editor.break_link();
    let text = editor.text("plans/workforce.md");
    std::fs::write(editor.root.join("plans/workforce.md"), &text).unwrap();
    let document = json!({"uri": editor.uri("plans/workforce.md")});
    editor.notify("textDocument/didSave", json!({"textDocument": document}));
    editor.notify("textDocument/didClose", json!({"textDocument": document}));
    editor.sync();
    assert!(editor.has("plans/workforce.md", "dangling-reference"));
    // Mended on disk (the closed buffer is not read any more): cleared.
    let mended = text.replace("supports=CP-O9", "supports=CP-O1");
    std::fs::write(editor.root.join("plans/workforce.md"), mended).unwrap();
    let uri = editor.uri("plans/workforce.md");
    editor.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    editor.sync();
    assert!(!editor.has("plans/workforce.md", "dangling-reference"));
    editor.shut_down();
}

#[test]
fn requests_the_server_cannot_place_are_answered_without_stopping_it() {
    let (mut editor, _) = Editor::start(false);
    let hover = |file: &str, line: u32, character: u32| {
        let position = json!({"line": line, "character": character});
        json!({"textDocument": {"uri": file}, "position": position})
    };
    // A file outside the repository, a URI that is not a file, a position past the end.
    assert_eq!(
        editor.request("textDocument/hover", hover("file:///nowhere/x.md", 0, 0)),
        Value::Null
    );
    assert_eq!(
        editor.request("textDocument/hover", hover("untitled:Untitled-1", 0, 0)),
        Value::Null
    );
    let uri = editor.uri("plans/workforce.md");
    assert_eq!(
        editor.request("textDocument/hover", hover(&uri, 9999, 9999)),
        Value::Null
    );
    assert_eq!(
        editor.request("textDocument/hover", hover(&uri, 8, 9999)),
        Value::Null
    );
    // Parameters that cannot be read, and a request it does not know.
    let error = editor
        .ask("textDocument/hover", json!({"nonsense": true}))
        .unwrap_err();
    assert_eq!(error["code"], -32602);
    let error = editor
        .ask("textDocument/formatting", json!({}))
        .unwrap_err();
    assert_eq!(error["code"], -32601);
    // A change to a file never opened, and an edit past the end of a buffer.
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    editor.open("plans/workforce.md");
    let past_the_end = json!({"start": {"line": 500, "character": 3},
                              "end": {"line": 400, "character": 0}});
    let change = json!([{"range": past_the_end, "text": "\n"}]);
    editor.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": change}),
    );
    editor.sync();
    assert!(!editor.has("plans/workforce.md", "parse-error"));
    editor.shut_down();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let (mut editor, _) = Editor::start(false);
    editor.sync();
    editor.notify("exit", Value::Null);
    let result = editor.server.take().unwrap().join().unwrap();
    assert!(
        matches!(result, Err(planalign::lsp::Error::ExitWithoutShutdown)),
        "{result:?}"
    );
}

#[test]
fn a_check_run_again_with_kept_parses_finds_what_a_fresh_check_finds() {
    use planalign::engine::{self, CheckOptions, ParseCache};
    use planalign::snapshot::memory::Memory;
    let mut memory = Memory::new();
    for entry in std::fs::read_dir(common::root().join("plans")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("plans/{}", path.file_name().unwrap().to_string_lossy());
        memory.insert(name, std::fs::read(&path).unwrap());
    }
    let options = CheckOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2011, 1, 4).unwrap(),
        severity: Vec::new(),
    };
    let mut cache = ParseCache::default();
    let mut same = |memory: &Memory| {
        let again = engine::check_again(memory, &options, &mut cache).unwrap();
        let fresh = engine::check(memory, &options).unwrap();
        assert_eq!(again.findings, fresh.findings);
        assert_eq!(again.summary, fresh.summary);
        again.findings.len()
    };
    let before = same(&memory);
    assert_eq!(same(&memory), before);
    // One file changed: a link broken. Then a file added ahead of the others, and
    // planalign.yaml, which changes how every file is read.
    let workforce =
        String::from_utf8(memory.remove("plans/workforce-strategy.md").unwrap()).unwrap();
    memory.insert(
        "plans/workforce-strategy.md",
        workforce.replace("supports=CP-O4.1", "supports=CP-O4.9"),
    );
    assert!(same(&memory) > before);
    memory.insert(
        "plans/aaa.md",
        "---\nid: AAA\ntype: service\n---\n# A\n\n## A {#AAA-1 .objective supports=CP-O9}\n",
    );
    same(&memory);
    memory.insert("planalign.yaml", "kinds: [programme]\n");
    same(&memory);
}

#[test]
fn a_folder_closed_in_the_editor_has_its_diagnostics_taken_back() {
    let (mut editor, init) = Editor::start(false);
    let folders = &init["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(folders["changeNotifications"], true);
    editor.sync();
    assert!(!editor.rules("plans/corporate.md").is_empty());
    let folder = json!({"uri": editor.uri(""), "name": "council"});
    editor.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [folder]}}),
    );
    editor.sync();
    for (name, diagnostics) in &editor.diagnostics {
        assert!(diagnostics.is_empty(), "{name} still has {diagnostics:?}");
    }
    editor.shut_down();
}

#[test]
fn the_program_serves_over_standard_input_and_output_and_exits_cleanly() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut server = Command::new(assert_cmd::cargo::cargo_bin("planalign"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = server.stdin.take().unwrap();
    let root = common::fixtures().join("lsp");
    let folders = json!([{"uri": format!("file://{}", root.display()), "name": "lsp"}]);
    let messages: [Message; 4] = [
        Request::new(
            1.into(),
            "initialize".into(),
            json!({"capabilities": {}, "workspaceFolders": folders}),
        )
        .into(),
        Notification::new("initialized".into(), json!({})).into(),
        Request::new(2.into(), "shutdown".into(), Value::Null).into(),
        Notification::new("exit".into(), Value::Null).into(),
    ];
    for message in messages {
        message.write(&mut input).unwrap();
    }
    input.flush().unwrap();
    let output = server.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let mut read = &output.stdout[..];
    let mut answers = HashMap::new();
    while let Some(message) = Message::read(&mut read).unwrap() {
        if let Message::Response(response) = message {
            answers.insert(response.id.to_string(), response.response_result.unwrap());
        }
    }
    assert_eq!(answers["1"]["serverInfo"]["name"], "planalign");
    assert_eq!(answers["2"], Value::Null);
}

/// A plan with a link to the Corporate Plan and one to nothing, in a folder of its own.
fn team_plan(root: &Path) {
    std::fs::create_dir_all(root.join("plans/team")).unwrap();
    std::fs::write(
        root.join("plans/team/people.md"),
        "---\nid: PPL\ntype: workforce\ntitle: People Plan\n---\n# People\n\n\
         ## Grow talent {#PPL-O1 .objective supports=CP-O1}\n\n\
         ## Retain staff {#PPL-O2 .objective supports=CP-O99}\n",
    )
    .unwrap();
}

/// A workspace folder inside the repository (here `plans/team`) opens the whole repository,
/// as `check` of that repository reads it: the link to the Corporate Plan, which lies outside
/// that folder, is not dangling, and only the link to nothing is.
#[test]
fn a_workspace_opened_inside_the_repository_checks_all_of_it() {
    let (mut editor, _) = Editor::start_in(false, "plans/team", team_plan);
    editor.sync();
    let rules: Vec<String> = editor
        .rules("plans/team/people.md")
        .into_iter()
        .map(|(rule, _)| rule)
        .filter(|rule| rule == "dangling-reference" || rule == "no-root-plan")
        .collect();
    assert_eq!(rules, ["dangling-reference"], "{:?}", editor.diagnostics);
    assert!(!editor.rules("plans/corporate.md").is_empty());
    editor.shut_down();
}

/// A file closed after its folder was deleted on disk is let go of: its diagnostics are
/// taken back rather than left in the editor.
#[test]
fn a_file_closed_after_its_folder_was_deleted_is_let_go_of() {
    let (mut editor, _) = Editor::start_in(false, "", team_plan);
    editor.open("plans/team/people.md");
    editor.sync();
    assert!(editor.has("plans/team/people.md", "dangling-reference"));
    std::fs::remove_dir_all(editor.root.join("plans/team")).unwrap();
    let uri = editor.uri("plans/team/people.md");
    editor.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    editor.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    editor.sync();
    assert_eq!(
        editor.diagnostics["plans/team/people.md"],
        Vec::<Value>::new()
    );
    editor.shut_down();
}
