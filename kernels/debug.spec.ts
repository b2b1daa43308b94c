/**
 * Debugging a kernel (Debug Cell, Run by Line, `cascade run --inspect`) with a real inspector
 * client over Node's WebSocket endpoint: breakpoints land on the cell's own lines through the
 * source map each compiled cell carries, an earlier cell's function stops when a later cell
 * calls it, locals are readable, and neither a debugger leaving nor an interrupt while paused
 * loses the kernel or its variables.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type ExecuteResult, type Kernel } from "./client";
import { cellDebugPath } from "./cell-source";
import { generatedPosition, InspectorClient, inlineSourceMap, type PausedEvent, type ScriptParsed } from "./inspector-client";

let dir: string;
let kernel: Kernel;
const uri = (n: number) => `vscode-notebook-cell:${dir}/debug%20me.ipynb#W${n}sZmlsZQ%3D%3D`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "cascade-debug-"));
  kernel = await startKernel({ cwd: dir });
});
after(async () => {
  await kernel?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const valueOf = (r: ExecuteResult) => {
  assert.equal(r.status, "ok", r.error?.evalue);
  const out = r.outputs.find((o) => o.type === "result");
  return out && out.type === "result" ? out.data["text/plain"] : undefined;
};

/** The script whose inline source map names `source`. */
function scriptOf(cdp: InspectorClient, source: string): ScriptParsed {
  const s = [...cdp.scripts.values()].find((x) => inlineSourceMap(x)?.sources[0] === source);
  assert.ok(s, `a script whose source map names ${source}`);
  return s;
}

/** Where a paused frame is in the user's terms: its cell's debug path and 1-based line. */
function userLocation(cdp: InspectorClient, frame: PausedEvent["callFrames"][number]): { source: string; line: number } {
  const script = cdp.scripts.get(frame.location.scriptId)!;
  const raw = inlineSourceMap(script);
  assert.ok(raw, `frame ${frame.functionName} is in a script with a source map (${script.url})`);
  const e = new SourceMap(raw as never).findEntry(frame.location.lineNumber, frame.location.columnNumber) as { originalLine: number };
  return { source: raw.sources[0], line: e.originalLine + 1 };
}

async function evaluateOn(cdp: InspectorClient, frame: PausedEvent["callFrames"][number], expression: string): Promise<unknown> {
  const r = await cdp.send<{ result: { value?: unknown; description?: string } }>("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression, returnByValue: true });
  return r.result.value ?? r.result.description;
}

test("a breakpoint in an earlier cell's function stops when a later cell calls it, on the cell's line, with its locals", async () => {
  const cell1 = ["function scaled(values: number[], factor: number): number[] {", "  const out = values.map((v) => v * factor);", "  return out;", "}"].join("\n");
  assert.equal((await kernel.execute(cell1, { cellName: "Cell 1", cellUri: uri(1) })).status, "ok");

  const opened = await kernel.debug("open", { wait: true });
  assert.equal(opened.open, true, opened.error);
  assert.match(opened.url!, /^ws:\/\/127\.0\.0\.1:\d+\//, "the inspector listens on 127.0.0.1 only");
  const cdp = await InspectorClient.connect(opened.url!);
  await cdp.send("Debugger.enable");
  const script1 = scriptOf(cdp, cellDebugPath(uri(1)));
  assert.equal(inlineSourceMap(script1)!.sourcesContent![0], cell1, "the map carries the cell's TypeScript");
  const bp = await generatedPosition(cdp, script1, 3);
  await cdp.send("Debugger.setBreakpoint", { location: { scriptId: script1.scriptId, ...bp } });
  await cdp.send("Runtime.runIfWaitingForDebugger");

  const paused = cdp.next<PausedEvent>("Debugger.paused");
  const cell2 = kernel.execute("const prices = [1, 2, 3];\nconst r = scaled(prices, 10);\nr.length", { cellName: "Cell 2", cellUri: uri(2) });
  const stop = await paused;
  assert.deepEqual(userLocation(cdp, stop.callFrames[0]), { source: cellDebugPath(uri(1)), line: 3 }, "stopped in Cell 1 at `return out`");
  assert.equal(stop.callFrames[0].functionName, "scaled");
  assert.deepEqual(userLocation(cdp, stop.callFrames[1]), { source: cellDebugPath(uri(2)), line: 2 }, "called from Cell 2, line 2");
  assert.equal(await evaluateOn(cdp, stop.callFrames[0], "factor"), 10);
  assert.deepEqual(await evaluateOn(cdp, stop.callFrames[0], "out"), [10, 20, 30]);
  await cdp.send("Debugger.resume");
  assert.equal(valueOf(await cell2), "3");

  // Ending debugging: the inspector closes (the debugger is told), variables stay.
  const gone = cdp.closed();
  const closed = await kernel.debug("close");
  assert.equal(closed.open, false);
  await gone;
  assert.equal(valueOf(await kernel.execute("r.join()", { cellName: "Cell 3" })), "'10,20,30'");
  const reopened = await kernel.debug("open");
  assert.notEqual(reopened.url, opened.url, "a closed inspector is opened anew on request");
  await kernel.debug("close");
});

test("Run by Line: the cell pauses before its first statement and steps statement by statement", async () => {
  const opened = await kernel.debug("open", { wait: true });
  const cdp = await InspectorClient.connect(opened.url!);
  await cdp.send("Debugger.enable");
  await cdp.send("Runtime.runIfWaitingForDebugger");
  let paused = cdp.next<PausedEvent>("Debugger.paused");
  const run = kernel.execute("// steps\nlet acc = 1;\nacc = acc * 5;\nacc += 2;\nacc", { cellName: "Cell 4", cellUri: uri(4), pauseAtStart: true });
  const lines: number[] = [];
  for (let i = 0; i < 3; i++) {
    const stop = await paused;
    lines.push(userLocation(cdp, stop.callFrames[0]).line);
    paused = cdp.next<PausedEvent>("Debugger.paused");
    await cdp.send("Debugger.stepOver");
  }
  // The debugger statement and the first statement share line 2; each step then lands on the
  // next line the user wrote.
  assert.deepEqual(lines.slice(0, 1), [2], "paused on the first statement");
  assert.ok(lines.slice(1).every((l, i) => l >= lines[i]) && lines.at(-1)! >= 3, `steps go down the cell (lines ${lines.join(", ")})`);
  // The last step pauses again (a resume sent before that pause would be lost, and the cell
  // would stay paused), unless it stepped out of the cell.
  if ((await Promise.race([paused.then(() => "paused"), run.then(() => "ended")])) === "paused") await cdp.send("Debugger.resume");
  assert.equal(valueOf(await run), "7");
  cdp.close();
  await kernel.debug("close");
});

test("a debugger leaving while paused, or an interrupt after it left, keeps the kernel and its variables", async () => {
  assert.equal((await kernel.execute("const kept = 'still here';", { cellName: "Cell 5", cellUri: uri(5) })).status, "ok");
  const opened = await kernel.debug("open", { wait: true });
  const cdp = await InspectorClient.connect(opened.url!);
  await cdp.send("Debugger.enable");
  await cdp.send("Runtime.runIfWaitingForDebugger");
  const paused = cdp.next<PausedEvent>("Debugger.paused");
  const endless = kernel.execute("let spins = 0;\nwhile (true) {\n  spins++;\n}", { cellName: "Cell 6", cellUri: uri(6), pauseAtStart: true });
  await paused;
  // The debugger goes away while the cell is paused: the cell goes on (here: forever) ...
  cdp.close();
  await cdp.closed();
  // ... until interrupted, like any cell; then the inspector closes (the main thread reads the
  // request once the cell has stopped).
  kernel.interrupt();
  const r = await endless;
  assert.equal(r.status, "interrupted");
  assert.equal((await kernel.debug("close")).open, false);
  assert.equal(valueOf(await kernel.execute("kept", { cellName: "Cell 7" })), "'still here'");
});

test("a kernel waiting for a debugger that never comes is released by close", async () => {
  const opened = await kernel.debug("open", { wait: true });
  assert.equal(opened.open, true);
  const closed = await kernel.debug("close");
  assert.equal(closed.open, false);
  assert.equal(valueOf(await kernel.execute("40 + 2", { cellName: "Cell 8" })), "42");
});
