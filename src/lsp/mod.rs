//! `planalign lsp`: the language server. It speaks the Language Server Protocol over standard
//! input and output (`lsp-server`, synchronous, one thread), checks each plans repository the
//! editor has open exactly as `check` does, with the editor's unsaved buffers laid over the
//! files on disk, and answers the editor's questions from the last check: definition,
//! references, hover, completion, quick fixes, rename and symbols.
//!
//! Edits are checked again once every message already waiting has been read, so that a burst
//! of keystrokes costs one check. A check parses again only the files whose text changed.

mod convert;
mod edit;
mod navigate;
mod overlay;
mod workspace;

use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Exit, Initialized, LogMessage, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, RegisterCapability, Rename, Request as _,
    WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, InitializeParams, InitializeResult, LogMessageParams,
    MessageType, OneOf, PublishDiagnosticsParams, Registration, RegistrationParams, RenameOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkDoneProgressOptions,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use serde_json::Value;

use convert::Encoding;
use navigate::View;
use workspace::Workspace;

/// What stops the server: the editor's side of the conversation broke off.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the editor's messages could not be read: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the editor closed the connection")]
    Disconnected,
    #[error("the editor asked planalign to exit without asking it to shut down first")]
    ExitWithoutShutdown,
    #[error("the connection to the editor failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The most symbols one workspace symbol search returns.
const MOST_SYMBOLS: usize = 500;

/// Runs the server over standard input and output until the editor shuts it down.
pub fn run() -> Result<(), Error> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join()?;
    Ok(())
}

/// Runs the server over `connection` until the editor shuts it down.
pub fn serve(connection: &Connection) -> Result<(), Error> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let message =
                format!("planalign could not read the editor's initialize request: {error}");
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, message);
            send(connection, response.into())?;
            return Err(Error::Disconnected);
        }
    };
    let encoding = Encoding::choose(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "planalign".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).unwrap_or(Value::Null);
    connection.initialize_finish(id, result)?;
    // `asOf` in the initialization options is the date the rules check against, as
    // `check --as-of`; without it, today.
    let as_of = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("asOf"))
        .map(|day| {
            day.as_str()
                .map_or_else(|| Err(day.to_string()), crate::cli::parse_day)
        });
    let mut server = Server {
        connection,
        encoding,
        workspaces: Vec::new(),
        watch: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        as_of: chrono::Local::now().date_naive(),
        next_request: 0,
    };
    match as_of {
        Some(Ok(day)) => server.as_of = day,
        Some(Err(error)) => server.log(
            MessageType::WARNING,
            format!("planalign: the asOf option is not used: {error}; checking as of today"),
        )?,
        None => {}
    }
    #[allow(deprecated, reason = "older editors send only rootUri")]
    let folders: Vec<PathBuf> = match (&params.workspace_folders, &params.root_uri) {
        (Some(folders), _) => folders
            .iter()
            .filter_map(|f| convert::path_of(&f.uri))
            .collect(),
        (None, Some(uri)) => convert::path_of(uri).into_iter().collect(),
        (None, None) => Vec::new(),
    };
    for folder in folders {
        server.add_workspace(&folder);
    }
    server.main_loop()
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["=".into(), ",".into(), " ".into(), "|".into()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

fn send(connection: &Connection, message: Message) -> Result<(), Error> {
    connection
        .sender
        .send(message)
        .map_err(|_| Error::Disconnected)
}

/// Sends the diagnostics of every file of `workspace` whose diagnostics changed.
fn publish(
    connection: &Connection,
    encoding: Encoding,
    workspace: &mut Workspace,
) -> Result<(), Error> {
    for (uri, diagnostics) in workspace.diagnostics(encoding) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        send(connection, notification.into())?;
    }
    Ok(())
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    workspaces: Vec<Workspace>,
    /// Whether the editor lets the server ask to be told of files changed on disk.
    watch: bool,
    as_of: chrono::NaiveDate,
    next_request: i32,
}

/// What a request handler found wrong with the request, in plain words.
type Refusal = String;

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), Error> {
        self.register_watchers()?;
        loop {
            let message = if self.workspaces.iter().any(|w| w.dirty) {
                match self.connection.receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        self.check_all()?;
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Err(Error::Disconnected),
                }
            } else {
                self.connection
                    .receiver
                    .recv()
                    .map_err(|_| Error::Disconnected)?
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    // Answers are read from the latest text.
                    self.check_all()?;
                    let response = self.answer(request);
                    send(self.connection, response.into())?;
                }
                Message::Notification(notification) => {
                    if notification.method == Exit::METHOD {
                        return Err(Error::ExitWithoutShutdown);
                    }
                    self.notified(notification)?;
                }
                // The editor's answers to the server's own requests (registering watchers)
                // need nothing done.
                Message::Response(_) => {}
            }
        }
    }

    fn log(&self, kind: MessageType, message: String) -> Result<(), Error> {
        let params = LogMessageParams { typ: kind, message };
        send(
            self.connection,
            Notification::new(LogMessage::METHOD.to_owned(), params).into(),
        )
    }

    /// A message the editor shows the user, not only writes to its log.
    fn show(&self, kind: MessageType, message: String) -> Result<(), Error> {
        let params = ShowMessageParams { typ: kind, message };
        send(
            self.connection,
            Notification::new(ShowMessage::METHOD.to_owned(), params).into(),
        )
    }

    /// Asks the editor to say when plan, rule and configuration files change on disk.
    fn register_watchers(&mut self) -> Result<(), Error> {
        if !self.watch {
            return Ok(());
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{md,markdown,yaml,yml}".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "planalign-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("planalign-{}", self.next_request));
        let request = Request::new(id, RegisterCapability::METHOD.to_owned(), params);
        send(self.connection, request.into())
    }

    fn add_workspace(&mut self, folder: &std::path::Path) -> Option<usize> {
        let workspace = Workspace::open(folder)?;
        if let Some(i) = self
            .workspaces
            .iter()
            .position(|w| w.root() == workspace.root())
        {
            return Some(i);
        }
        self.workspaces.push(workspace);
        Some(self.workspaces.len() - 1)
    }

    /// The workspace holding the file of `uri`, and the file's name in it; a file outside
    /// every workspace opens the plans repository holding it, if there is one.
    fn locate(&mut self, uri: &Uri) -> Option<(usize, String)> {
        let path = convert::path_of(uri)?;
        let found = self
            .workspaces
            .iter()
            .enumerate()
            .find_map(|(i, w)| Some((i, w.name_of(&path)?)));
        if found.is_some() {
            return found;
        }
        let i = self.add_workspace(path.parent()?)?;
        Some((i, self.workspaces[i].name_of(&path)?))
    }

    fn check_all(&mut self) -> Result<(), Error> {
        for i in 0..self.workspaces.len() {
            if !self.workspaces[i].dirty {
                continue;
            }
            match self.workspaces[i].check(self.as_of) {
                Err(error) => {
                    let root = self.workspaces[i].root().display().to_string();
                    let message = format!("planalign cannot check {root}: {error}");
                    self.log(MessageType::WARNING, message.clone())?;
                    // Shown once, not again on every keystroke while it lasts.
                    if self.workspaces[i].error.as_ref() != Some(&message) {
                        self.show(MessageType::WARNING, message.clone())?;
                        self.workspaces[i].error = Some(message);
                    }
                }
                Ok(()) => self.workspaces[i].error = None,
            }
            publish(self.connection, self.encoding, &mut self.workspaces[i])?;
        }
        Ok(())
    }

    fn notified(&mut self, notification: Notification) -> Result<(), Error> {
        let method = notification.method.clone();
        match method.as_str() {
            Initialized::METHOD => {}
            DidOpenTextDocument::METHOD => {
                if let Some(params) = self.params::<DidOpenTextDocument>(notification)? {
                    let document = params.text_document;
                    self.set_buffer(&document.uri, Some(document.text));
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(params) = self.params::<DidChangeTextDocument>(notification)? {
                    self.changed(&params.text_document.uri, params.content_changes);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(params) = self.params::<DidSaveTextDocument>(notification)? {
                    if let Some(text) = params.text {
                        self.set_buffer(&params.text_document.uri, Some(text));
                    }
                    self.touch(&params.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(params) = self.params::<DidCloseTextDocument>(notification)? {
                    self.set_buffer(&params.text_document.uri, None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(params) = self.params::<DidChangeWatchedFiles>(notification)? {
                    for change in params.changes {
                        self.touch(&change.uri);
                    }
                }
            }
            DidChangeWorkspaceFolders::METHOD => {
                if let Some(params) = self.params::<DidChangeWorkspaceFolders>(notification)? {
                    for folder in params.event.removed {
                        let path = convert::path_of(&folder.uri);
                        let gone = self
                            .workspaces
                            .iter()
                            .position(|w| Some(w.root()) == path.as_deref());
                        if let Some(i) = gone {
                            // Its files' diagnostics are taken back from the editor.
                            let mut workspace = self.workspaces.remove(i);
                            workspace.forget();
                            publish(self.connection, self.encoding, &mut workspace)?;
                        }
                    }
                    for folder in params.event.added {
                        if let Some(path) = convert::path_of(&folder.uri) {
                            self.add_workspace(&path);
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A notification's parameters; `None`, said in the log, when they cannot be read.
    fn params<N: lsp_types::notification::Notification>(
        &self,
        notification: Notification,
    ) -> Result<Option<N::Params>, Error> {
        match serde_json::from_value(notification.params) {
            Ok(params) => Ok(Some(params)),
            Err(error) => {
                let message = format!(
                    "planalign could not read a {} notification: {error}",
                    N::METHOD
                );
                self.log(MessageType::ERROR, message)?;
                Ok(None)
            }
        }
    }

    /// Marks the workspace holding `uri` as changed, or every workspace when none holds it
    /// (a file deleted on disk can no longer be placed by its folder).
    fn touch(&mut self, uri: &Uri) {
        match self.locate(uri) {
            Some((i, _)) => self.workspaces[i].dirty = true,
            None => self.workspaces.iter_mut().for_each(|w| w.dirty = true),
        }
    }

    /// Sets the editor's text of a file, or forgets it when the editor closes the file.
    fn set_buffer(&mut self, uri: &Uri, text: Option<String>) {
        let Some((i, name)) = self.locate(uri) else {
            return;
        };
        let workspace = &mut self.workspaces[i];
        match text {
            Some(text) => workspace.buffers.insert(name, Arc::new(text)),
            None => workspace.buffers.remove(&name),
        };
        workspace.dirty = true;
    }

    fn changed(&mut self, uri: &Uri, changes: Vec<lsp_types::TextDocumentContentChangeEvent>) {
        let Some((i, name)) = self.locate(uri) else {
            return;
        };
        let workspace = &mut self.workspaces[i];
        let Some(text) = workspace.buffers.get(&name) else {
            return;
        };
        let mut text = Arc::clone(text);
        for change in changes {
            text = Arc::new(match change.range {
                None => change.text,
                Some(range) => {
                    let file = crate::source::SourceFile::shared(String::new(), Arc::clone(&text));
                    let (start, end) = convert::byte_range(&file, range, self.encoding);
                    let mut edited = String::with_capacity(text.len() + change.text.len());
                    edited.push_str(&text[..start]);
                    edited.push_str(&change.text);
                    edited.push_str(&text[end..]);
                    edited
                }
            });
        }
        workspace.buffers.insert(name, text);
        workspace.dirty = true;
    }

    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let answered = match request.method.as_str() {
            HoverRequest::METHOD => self.on::<HoverRequest>(request, |s, params| {
                let at = &params.text_document_position_params;
                Ok(s.with_file(at, |v, f, p| v.hover(f, p)))
            }),
            GotoDefinition::METHOD => self.on::<GotoDefinition>(request, |s, params| {
                let at = &params.text_document_position_params;
                Ok(s.with_file(at, |v, f, p| {
                    v.definition(f, p)
                        .map(lsp_types::GotoDefinitionResponse::Scalar)
                }))
            }),
            References::METHOD => self.on::<References>(request, |s, params| {
                let declaration = params.context.include_declaration;
                Ok(s.with_file(&params.text_document_position, |v, f, p| {
                    Some(v.references(f, p, declaration))
                }))
            }),
            Completion::METHOD => self.on::<Completion>(request, |s, params| {
                Ok(s.with_file(&params.text_document_position, |v, f, p| {
                    v.completion(f, p).map(lsp_types::CompletionResponse::List)
                }))
            }),
            PrepareRenameRequest::METHOD => self.on::<PrepareRenameRequest>(request, |s, at| {
                Ok(s.with_file(&at, |v, f, p| v.prepare_rename(f, p)))
            }),
            Rename::METHOD => self.on::<Rename>(request, |s, params| {
                let new = params.new_name;
                let at = &params.text_document_position;
                s.with_file(at, |v, f, p| Some(v.rename(f, p, &new)))
                    .transpose()
            }),
            CodeActionRequest::METHOD => self.on::<CodeActionRequest>(request, |s, params| {
                let uri = params.text_document.uri;
                let at = TextDocumentPositionParams::new(
                    lsp_types::TextDocumentIdentifier::new(uri.clone()),
                    params.range.start,
                );
                let range = params.range;
                Ok(s.with_file(&at, |v, f, _| Some(v.code_actions(f, range, &uri))))
            }),
            DocumentSymbolRequest::METHOD => {
                self.on::<DocumentSymbolRequest>(request, |s, params| {
                    let at =
                        TextDocumentPositionParams::new(params.text_document, Default::default());
                    Ok(s.with_file(&at, |v, f, _| {
                        Some(lsp_types::DocumentSymbolResponse::Flat(
                            v.document_symbols(f),
                        ))
                    }))
                })
            }
            WorkspaceSymbolRequest::METHOD => {
                self.on::<WorkspaceSymbolRequest>(request, |s, params| {
                    let mut found = Vec::new();
                    for i in 0..s.workspaces.len() {
                        if let Some(view) = s.workspaces[i].view(s.encoding) {
                            found.extend(view.workspace_symbols(&params.query, MOST_SYMBOLS));
                        }
                    }
                    found.truncate(MOST_SYMBOLS);
                    Ok(Some(lsp_types::WorkspaceSymbolResponse::Flat(found)))
                })
            }
            method => Err((
                ErrorCode::MethodNotFound,
                format!("planalign does not answer {method} requests"),
            )),
        };
        match answered {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    /// Answers a request of type `R` with `handle`, or says why its parameters cannot be read.
    fn on<R: lsp_types::request::Request>(
        &mut self,
        request: Request,
        handle: impl FnOnce(&mut Self, R::Params) -> Result<R::Result, Refusal>,
    ) -> Result<Value, (ErrorCode, String)> {
        let params: R::Params = serde_json::from_value(request.params).map_err(|error| {
            (
                ErrorCode::InvalidParams,
                format!(
                    "planalign could not read the {} request: {error}",
                    R::METHOD
                ),
            )
        })?;
        let result = handle(self, params).map_err(|refusal| (ErrorCode::RequestFailed, refusal))?;
        serde_json::to_value(result).map_err(|error| (ErrorCode::InternalError, error.to_string()))
    }

    /// Runs `handle` on the last check of the file at `at`; `None` when no plans
    /// repository holds the file or its last check did not read it.
    fn with_file<T>(
        &mut self,
        at: &TextDocumentPositionParams,
        handle: impl FnOnce(&View<'_>, crate::source::FileId, lsp_types::Position) -> Option<T>,
    ) -> Option<T> {
        let (i, name) = self.locate(&at.text_document.uri)?;
        let view = self.workspaces[i].view(self.encoding)?;
        let file = view.file(&name)?;
        handle(&view, file, at.position)
    }
}
