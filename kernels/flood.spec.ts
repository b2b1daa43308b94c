/**
 * A cell that prints a flood of lines, through a real kernel process and the real runner:
 * batching keeps stdout, stderr and displays in the order written; an interrupt stops a flood
 * and keeps the kernel's state; display updates in a loop are coalesced; the runner stores the
 * first and last lines with a note, and the full text beside with --full-output.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir, startKernel, type Kernel } from "./client";
import type { OutputMessage } from "./protocol";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");

/** A notebook of one code cell per source. */
function notebook(dir: string, name: string, cells: string[]): string {
  const file = join(dir, name);
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  };
  writeFileSync(file, JSON.stringify(nb));
  return file;
}

describe("a flood of output through the kernel", () => {
  let kernel: Kernel;
  let n = 0;
  const run = (code: string, onOutput?: (o: OutputMessage) => void) => kernel.execute(code, { cellName: `cell ${++n}`, onOutput, keepOutputs: false });

  before(async () => {
    kernel = await startKernel({ heapMb: 512 });
  });
  after(() => kernel.shutdown());

  test("stdout, stderr and displays keep the order they were written in, in few messages", async () => {
    // A seeded pattern of runs of each stream, partial writes and a display in the middle.
    const code = `
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      let k = 0;
      for (let run = 0; run < 400; run++) {
        const err = rand() < 0.4;
        const len = 1 + Math.floor(rand() * 120);
        for (let j = 0; j < len; j++, k++) {
          if (err) console.error("e" + k);
          else { process.stdout.write("o"); process.stdout.write(k + "\\n"); }
        }
        if (run === 200) display.html("<b>middle</b>");
      }
      k`;
    const got: OutputMessage[] = [];
    const r = await run(code, (o) => got.push(o));
    assert.equal(r.status, "ok");
    // What the cell wrote, replayed without the kernel: the same seeded runs.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const expected: string[] = [];
    let k = 0;
    for (let run = 0; run < 400; run++) {
      const err = rand() < 0.4;
      const len = 1 + Math.floor(rand() * 120);
      for (let j = 0; j < len; j++, k++) expected.push(err ? `stderr e${k}` : `stdout o${k}`);
      if (run === 200) expected.push("display <b>middle</b>");
    }
    // Consecutive text of one stream is one run (a batch may end inside a line).
    const runs: Array<{ name: string; text: string }> = [];
    for (const o of got) {
      const last = runs[runs.length - 1];
      if (o.type === "stream" && last?.name === o.name) last.text += o.text;
      else if (o.type === "stream") runs.push({ name: o.name, text: o.text });
      else if (o.type === "display") runs.push({ name: "display", text: String(o.data["text/html"]) });
    }
    const seen = runs.flatMap((r) => r.text.split("\n").filter(Boolean).map((line) => `${r.name} ${line}`));
    assert.equal(seen.length, expected.length);
    assert.deepEqual(seen, expected);
    const writes = k + expected.filter((e) => e.startsWith("stdout")).length;
    const messages = got.filter((o) => o.type === "stream").length;
    assert.ok(messages < writes / 10, `${messages} stream messages for ${writes} writes: not batched`);
  });

  test("an interrupt stops a flood; nothing printed before it is lost, and the state is kept", async () => {
    assert.equal((await run("const kept = 41;")).status, "ok");
    let text = "";
    let asked = false;
    const r = await run("let printed = 0;\nwhile (true) console.log('n ' + printed++);", (o) => {
      if (o.type === "stream") text += o.text;
      // Interrupt once the flood is well under way.
      if (!asked && text.length > 200_000) {
        asked = true;
        kernel.interrupt();
      }
    });
    assert.equal(r.status, "interrupted");
    assert.equal(r.error?.ename, "Interrupt");
    const lines = text.split("\n").filter(Boolean);
    lines.forEach((line, i) => assert.equal(line, `n ${i}`));
    const after = await kernel.execute("kept + 1 + ':' + (printed >= " + lines.length + ")", { cellName: `cell ${++n}` });
    assert.equal(after.status, "ok");
    assert.equal(after.outputs.find((o) => o.type === "result")?.type === "result" && (after.outputs.find((o) => o.type === "result") as { data: Record<string, unknown> }).data["text/plain"], "'42:true'");
  });

  test("10,000 updates of a display in a loop reach the host as a few, the last one last", async () => {
    const updates: string[] = [];
    let shown = 0;
    const r = await run("display('0', { id: 'progress' });\nfor (let i = 1; i <= 10000; i++) display.update('progress', String(i));", (o) => {
      if (o.type !== "display") return;
      if (o.update) updates.push(String(o.data["text/plain"]));
      else shown++;
    });
    assert.equal(r.status, "ok");
    assert.equal(shown, 1);
    assert.equal(updates.at(-1), "'10000'");
    assert.ok(updates.length < 1000, `${updates.length} updates reached the host`);
    // In order: each update the host gets is later than the one before.
    const values = updates.map((u) => Number(u.replace(/'/g, "")));
    assert.deepEqual(values, [...values].sort((a, b) => a - b));
  });
});

describe("the runner stores a flood bounded", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cascade-flood-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("--output-lines keeps the first and last lines with a note; --full-output writes the whole text beside", () => {
    const file = notebook(dir, "flood.ipynb", [
      "for (let i = 0; i < 30000; i++) { console.log('line ' + i); if (i % 10000 === 0) console.error('err ' + i); }",
      "console.log('short cell')",
    ]);
    const r = spawnSync(process.execPath, [CLI, "run", file, "--output-lines", "10", "--full-output", join(dir, "full")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /full output of a cut cell: .*flood\.cell-1\.txt/);
    const nb = JSON.parse(readFileSync(file, "utf8"));
    const outputs = nb.cells[0].outputs as Array<{ output_type: string; name: string; text: string[] }>;
    const text = outputs.map((o) => `${o.name}: ${o.text.join("")}`).join("");
    assert.equal(
      text,
      "stdout: line 0\n" +
        "stderr: err 0\n" +
        "stdout: line 1\nline 2\nline 3\n" +
        "[... 29,993 lines (319 thousand characters) left out of 30,003: the first 5 and the last 5 are kept; the full text is in full/flood.cell-1.txt ...]\n" +
        "line 29995\nline 29996\nline 29997\nline 29998\nline 29999\n",
    );
    const full = readFileSync(join(dir, "full", "flood.cell-1.txt"), "utf8");
    const expected: string[] = [];
    for (let i = 0; i < 30000; i++) {
      expected.push(`line ${i}\n`);
      if (i % 10000 === 0) expected.push(`err ${i}\n`);
    }
    assert.equal(full, expected.join(""));
    // A cell within the limit is stored whole and gets no file.
    assert.deepEqual(nb.cells[1].outputs[0].text, ["short cell\n"]);
    assert.equal(existsSync(join(dir, "full", "flood.cell-2.txt")), false);
    assert.equal(existsSync(join(dir, "full", "flood.cell-2.txt.tmp")), false);
  });

  test("display updates in a loop: the file keeps one display with the last state", () => {
    const file = notebook(dir, "progress.ipynb", ["display('0 %', { id: 'p' });\nfor (let i = 1; i <= 10000; i++) display.update('p', (i / 100) + ' %');"]);
    const r = spawnSync(process.execPath, [CLI, "run", file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const outputs = JSON.parse(readFileSync(file, "utf8")).cells[0].outputs;
    assert.equal(outputs.length, 1);
    assert.deepEqual(outputs[0].data["text/plain"], ["'100 %'"]);
  });

  test("a bad --output-lines is an input error naming the option", () => {
    const file = notebook(dir, "bad.ipynb", ["1"]);
    const r = spawnSync(process.execPath, [CLI, "run", file, "--output-lines", "-3"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--output-lines takes a whole number of lines \(0: keep all\), got "-3"/);
  });
});
