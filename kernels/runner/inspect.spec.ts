/**
 * `cascade run --inspect`: the runner opens the kernel's inspector, says where on stderr, runs no
 * cell before a debugger attaches, and each cell is a TypeScript source of its own that a
 * debugger can stop in (here a real inspector client does what VS Code's debugger does:
 * pause before each script with a source map, set the breakpoint it maps to, go on).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { generatedPosition, InspectorClient, inlineSourceMap, type PausedEvent, type ScriptParsed } from "../inspector-client";
import { tempDir } from "../../test/support/temp-dir";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");
const CELLS = ["function half(n: number): number {\n  const h = n / 2;\n  return h;\n}", "const answer = half(10) + 37;\nanswer"];

function notebookFile(): string {
  const dir = tempDir("cascade-inspect-");
  const file = join(dir, "debug me.ipynb");
  const nb = { cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })), metadata: { kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 };
  writeFileSync(file, JSON.stringify(nb));
  return file;
}

test("run --inspect=0 waits for a debugger, which stops in an earlier cell's function at its TypeScript line", async () => {
  const file = notebookFile();
  const child = spawn(process.execPath, [CLI, "run", file, "--inspect=0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.setEncoding("utf8").on("data", (t: string) => {
        stderr += t;
        const m = /waits for a debugger on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.once("exit", () => reject(new Error(`cascade run exited before its inspector opened: ${stderr}`)));
    });
    const cdp = await InspectorClient.connect(url);
    await cdp.send("Debugger.enable");
    // As VS Code's debugger does for breakpoints in sources it has not seen yet.
    await cdp.send("Debugger.setInstrumentationBreakpoint", { instrumentation: "beforeScriptWithSourceMapExecution" });
    const stops: Array<{ line: number; h: unknown }> = [];
    let breakpointSet = false;
    const done = new Promise<void>((resolve, reject) => {
      cdp.on("Debugger.paused", (params) => {
        void (async () => {
          const p = params as PausedEvent & { data?: { scriptId?: string } };
          if (p.reason === "instrumentation") {
            const script = cdp.scripts.get(p.data?.scriptId ?? p.callFrames[0].location.scriptId) as ScriptParsed;
            const map = inlineSourceMap(script);
            if (!breakpointSet && map?.sourcesContent?.[0] === CELLS[0]) {
              await cdp.send("Debugger.setBreakpoint", { location: { scriptId: script.scriptId, ...(await generatedPosition(cdp, script, 3)) } });
              breakpointSet = true;
            }
          } else {
            const top = p.callFrames[0];
            const raw = inlineSourceMap(cdp.scripts.get(top.location.scriptId)!)!;
            const e = new SourceMap(raw as never).findEntry(top.location.lineNumber, top.location.columnNumber) as { originalLine: number };
            const h = await cdp.send<{ result: { value: unknown } }>("Debugger.evaluateOnCallFrame", { callFrameId: top.callFrameId, expression: "h", returnByValue: true });
            stops.push({ line: e.originalLine + 1, h: h.result.value });
            resolve();
          }
          await cdp.send("Debugger.resume");
        })().catch(reject);
      });
    });
    await cdp.send("Runtime.runIfWaitingForDebugger");
    await done;
    assert.equal(await exited, 0, stderr);
    assert.deepEqual(stops, [{ line: 3, h: 5 }], "stopped once, at `return h;` of the first cell, with h = 5");
    const sources = [...cdp.scripts.values()].map((s) => inlineSourceMap(s)).filter((m) => m?.sourcesContent).map((m) => m!.sources[0]);
    assert.equal(sources.length, 2, "each cell is a source of its own");
    for (const s of sources) assert.match(s, /debug me\.ipynb\.cell-[0-9a-f]{12}\.ts$/);
    const nb = JSON.parse(readFileSync(file, "utf8"));
    assert.equal([nb.cells[1].outputs[0].data["text/plain"]].flat().join(""), "42", "the notebook ran to the end");
  } finally {
    child.kill("SIGKILL");
  }
});

test("run --inspect with a bad port is an input error naming the option", () => {
  const r = spawnSync(process.execPath, [CLI, "run", notebookFile(), "--inspect=abc"], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--inspect takes a port number/);
});
