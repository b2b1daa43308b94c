/**
 * Imported first by the types thread: its work (parsing TypeScript's lib and the packages'
 * declarations, checking cells in the background) runs at a lower priority than the cells, so
 * that on a machine with few cores a cell does not wait for a type check. On Linux, where a
 * thread has its own scheduling priority, only this thread is lowered; elsewhere, or when the
 * system refuses, it keeps the kernel's priority.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** How much lower than the kernel (a nice value: 0 is normal, 19 the lowest). */
const NICE = 10;

try {
  // "/proc/thread-self" links to "<pid>/task/<thread id>".
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, NICE);
} catch {
  // Not Linux, or not allowed: the thread runs at the kernel's priority.
}
