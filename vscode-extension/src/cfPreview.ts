/**
 * The read-only sendmail.cf beside the .mc: a TextDocumentContentProvider for the `mcparse-cf`
 * scheme whose text comes from the server (`mcparse.previewCf`). Refreshed when the command runs
 * again and when the .mc is saved; nothing is compiled here.
 */

import * as vscode from 'vscode';

import { PREVIEW_SCHEME, previewFailure, previewPath, previewSource } from './preview';

/** Asks the server for the sendmail.cf of the .mc at this URI; rejects with the server's message. */
export type CfFetcher = (sourceUri: string) => Promise<string>;

export class CfPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Each open preview, by its URI string. */
  private readonly previews = new Map<string, { uri: vscode.Uri; text: string }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly fetch: CfFetcher,
    private readonly languageId: string,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidSaveTextDocument((document) => void this.refresh(document.uri.toString())),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === PREVIEW_SCHEME) {
          this.previews.delete(document.uri.toString());
        }
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.previews.get(uri.toString());
    if (known !== undefined) {
      return known.text;
    }
    try {
      const text = await this.fetch(uri.query);
      this.previews.set(uri.toString(), { uri, text });
      return text;
    } catch (error) {
      return `# ${previewFailure(error)}\n`;
    }
  }

  /** The command: compile the .mc (from the menu's argument or the active editor) and show it beside it. */
  async show(...args: unknown[]): Promise<void> {
    const active = vscode.window.activeTextEditor?.document;
    const source = previewSource(args, isUri, active, this.languageId);
    if (source === undefined) {
      void vscode.window.showErrorMessage('mcparse: open a sendmail .mc file to preview the sendmail.cf it compiles to.');
      return;
    }
    let text: string;
    try {
      text = await this.fetch(source.toString());
    } catch (error) {
      void vscode.window.showErrorMessage(previewFailure(error));
      return;
    }
    const target = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: previewPath(source.path), query: source.toString() });
    this.previews.set(target.toString(), { uri: target, text });
    this.changed.fire(target);
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
    this.previews.clear();
  }

  /** Fetch again every open preview of the .mc at `sourceUri`. */
  private async refresh(sourceUri: string): Promise<void> {
    for (const preview of [...this.previews.values()]) {
      if (preview.uri.query !== sourceUri) {
        continue;
      }
      try {
        preview.text = await this.fetch(sourceUri);
      } catch (error) {
        preview.text = `# ${previewFailure(error)}\n`;
      }
      this.changed.fire(preview.uri);
    }
  }
}

function isUri(value: unknown): value is vscode.Uri {
  return value instanceof vscode.Uri;
}
