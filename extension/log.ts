/**
 * The "Cascade" output channel: kernel starts, exits and restarts, and requests that failed,
 * so a user (or a test reading the log files) can see what the extension did.
 */
import * as vscode from "vscode";

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel("Cascade", { log: true });
  return channel;
}
