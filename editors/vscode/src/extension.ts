// Starts `planalign lsp` for the Markdown and YAML files of a plans repository, with the
// planalign program from the `planalign.path` setting or else from PATH.

import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const found = findProgram();
  if ("problem" in found) {
    const choice = await vscode.window.showErrorMessage(found.problem, "Open settings");
    if (choice) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "planalign.path");
    }
    return;
  }
  const serverOptions: ServerOptions = {
    command: found.program,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "yaml" },
    ],
  };
  client = new LanguageClient("planalign", "planalign", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    vscode.window.showErrorMessage(
      `planalign could not start its language server (${found.program} lsp): ${error}. ` +
        "Check that this planalign is version 0.1.0 or later (`planalign --version`).",
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

// The planalign program to run, or what is wrong, in words for the person at the editor.
function findProgram(): { program: string } | { problem: string } {
  const setting = vscode.workspace.getConfiguration("planalign").get<string>("path", "").trim();
  if (setting) {
    return isProgram(setting)
      ? { program: setting }
      : {
          problem:
            `The planalign.path setting names ${setting}, but there is no program there. ` +
            "Correct the setting, or clear it to use the planalign found on PATH.",
        };
  }
  const names = process.platform === "win32" ? ["planalign.exe", "planalign.cmd"] : ["planalign"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && isProgram(candidate)) {
        return { program: candidate };
      }
    }
  }
  return {
    problem:
      "planalign was not found on PATH, so its findings cannot be shown. Install it " +
      "(`cargo install planalign`, `pip install planalign`, or a release archive) or set " +
      "planalign.path to the planalign program.",
  };
}

function isProgram(file: string): boolean {
  try {
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
