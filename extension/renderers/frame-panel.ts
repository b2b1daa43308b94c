/// <reference lib="dom" />
/**
 * The script of the variables view's value panel (variables/value-panel.ts) when the value is
 * a frame: the same table as in notebook outputs. The frame's JSON comes in a non-executable
 * `<script type="application/json">` block, which the panel's content security policy allows.
 */
import { FrameModel } from "./frame-model";
import { renderFrameTable } from "./frame-table";

const data = document.getElementById("cascade-frame-data");
const target = document.getElementById("cascade-frame");
if (data && target) {
  try {
    renderFrameTable(target, FrameModel.fromJson(JSON.parse(data.textContent ?? "null")), { visibleRows: 30 });
  } catch (err) {
    target.textContent = `Cannot show this frame: ${(err as Error).message}`;
  }
}
