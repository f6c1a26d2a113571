// Starts glossary-ls, the glossary's language server, for the Markdown pages and the glossary.yaml of
// MkDocs and Zensical sites. Everything the writer sees (diagnostics, hovers, go to definition,
// completion, quick fixes) comes from the server; this file only starts it and stops it.
import * as vscode from "vscode";
import { LanguageClient, TransportKind } from "vscode-languageclient/node";
import type { LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration("glossary.server");
  const serverOptions: ServerOptions = {
    command: settings.get<string>("command", "glossary-ls"),
    args: settings.get<string[]>("args", []),
    transport: TransportKind.stdio
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "yaml" }
    ],
    // A glossary, config or page changed outside the editor re-checks the open pages.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{md,yml,yaml,toml}")
    }
  };
  client = new LanguageClient("glossary-ls", "Glossary", serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `glossary-ls did not start (${reason}). Install the package with its lsp extra (pygls), ` +
        "or set glossary.server.command to its path."
    );
  }
}

export async function deactivate(): Promise<void> {
  if (client !== undefined) {
    await client.stop();
    client = undefined;
  }
}
