/**
 * StreamLimiter: what a cell's stream output keeps past the limit (first and last lines, a
 * note, other outputs in their place), on plain inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeOmitted, limitsForLines, StreamLimiter, type LimitedItem } from "./stream-limit";

const lines = (from: number, to: number, prefix = "line ") => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}\n`).join("");
const plain = <T>(items: LimitedItem<T>[]) => items.map((i) => (i.kind === "other" ? { other: i.value } : { [i.kind]: i.name, text: i.text }));

test("under the limit everything is kept, written in any pieces", () => {
  const s = new StreamLimiter<string>({ lines: 10, chars: 1000 });
  s.stream("stdout", "a");
  s.stream("stdout", "b\nc\n");
  s.stream("stdout", "d");
  assert.equal(s.truncated, false);
  assert.deepEqual(plain(s.items()), [{ stream: "stdout", text: "ab\nc\nd" }]);
});

test("past the limit: the first half, a note with the count, the last half", () => {
  const s = new StreamLimiter<string>({ lines: 6, chars: 10_000 });
  for (let i = 0; i < 100; i++) s.stream("stdout", `line ${i}\n`);
  const items = s.items();
  assert.equal(items.length, 3);
  assert.deepEqual(items[0], { kind: "stream", name: "stdout", text: lines(0, 3) });
  assert.equal(items[1].kind, "note");
  assert.equal((items[1] as { text: string }).text, "[... 94 lines (745 characters) left out of 100: the first 3 and the last 3 are kept ...]\n");
  assert.deepEqual(items[2], { kind: "stream", name: "stdout", text: lines(97, 100) });
  assert.deepEqual(s.stats(), { lines: 94, chars: 745, totalLines: 100, keptFirst: 3, keptLast: 3 });
});

test("exactly at the limit nothing is left out and no note is added", () => {
  const s = new StreamLimiter<string>({ lines: 6, chars: 10_000 });
  s.stream("stdout", lines(0, 6));
  assert.equal(s.truncated, false);
  const items = s.items();
  assert.ok(items.every((i) => i.kind === "stream" && i.name === "stdout"));
  assert.equal(items.map((i) => (i as { text: string }).text).join(""), lines(0, 6));
});

test("stdout and stderr keep their interleaving in the head and in the tail", () => {
  const s = new StreamLimiter<string>({ lines: 4, chars: 10_000 });
  for (let i = 0; i < 10; i++) s.stream(i % 2 ? "stderr" : "stdout", `${i}\n`);
  assert.deepEqual(plain(s.items()), [
    { stream: "stdout", text: "0\n" },
    { stream: "stderr", text: "1\n" },
    { note: "stdout", text: "[... 6 lines (12 characters) left out of 10: the first 2 and the last 2 are kept ...]\n" },
    { stream: "stdout", text: "8\n" },
    { stream: "stderr", text: "9\n" },
  ]);
});

test("other outputs are never left out and keep their place among the kept lines", () => {
  const s = new StreamLimiter<string>({ lines: 4, chars: 10_000 });
  s.stream("stdout", lines(0, 2));
  s.other("chart");
  s.stream("stdout", lines(2, 50));
  s.other("table");
  s.stream("stdout", lines(50, 51));
  s.other("error");
  const kinds = s.items().map((i) => (i.kind === "other" ? i.value : i.kind === "note" ? "note" : i.text));
  assert.deepEqual(kinds, [lines(0, 2), "chart", "note", "line 49\n", "table", "line 50\n", "error"]);
});

test("the character budget applies too, and a line too long for it counts but is not kept", () => {
  const s = new StreamLimiter<string>({ lines: 1000, chars: 100 });
  s.stream("stdout", "x".repeat(30) + "\n");
  s.stream("stdout", "y".repeat(400));
  s.stream("stdout", "y".repeat(400) + "\n");
  s.stream("stdout", "z\n");
  assert.equal(s.truncated, true);
  const st = s.stats();
  assert.equal(st.totalLines, 3);
  assert.equal(st.lines, 1);
  assert.equal(st.chars, 801);
  assert.deepEqual(
    s.items().map((i) => i.kind),
    ["stream", "note", "stream"],
  );
  assert.equal((s.items()[2] as { text: string }).text, "z\n");
});

test("no limit keeps everything", () => {
  const s = new StreamLimiter<string>(limitsForLines(0));
  s.stream("stdout", lines(0, 20_000));
  assert.equal(s.truncated, false);
  assert.equal((s.items()[0] as { text: string }).text, lines(0, 20_000));
});

test("a million lines cost linear time and keep bounded memory", () => {
  const s = new StreamLimiter<string>({ lines: 100, chars: 10_000 });
  const chunk = lines(0, 1000);
  for (let i = 0; i < 1000; i++) s.stream("stdout", chunk);
  assert.equal(s.stats().totalLines, 1_000_000);
  assert.equal(s.stats().lines, 999_900);
  const items = s.items();
  assert.equal((items[2] as { text: string }).text, lines(950, 1000));
});

test("heads are reported as they fill; open lines can be ended for a live view", () => {
  const seen: string[] = [];
  const s = new StreamLimiter<string>({ lines: 4, chars: 1000 }, describeOmitted, (_name, text) => seen.push(text));
  s.stream("stdout", "10 %");
  s.endOpenLines();
  s.stream("stdout", "\r20 %\n");
  assert.deepEqual(seen, ["10 %", "\r20 %\n"]);
  assert.throws(() => limitsForLines(-1), /whole number >= 0/);
});
