/**
 * The calibration as text: the report table `cascade calibrate --report` prints and notebook 08
 * shows, the fit's summary, and the record module the fit writes (calibration-record.ts), so the
 * shipped figures are the output of the shipped script, not typed in.
 */
import type { CalibrationReport, FitResult } from "./calibration-fit";

const usd = (x: number) => (Math.abs(x) >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : `$${(x / 1e6).toFixed(0)}M`);

/** A target's value in its unit: dollars, counts, percentages. */
export function formatTargetValue(name: string, x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (name.startsWith("ratio.")) return x.toFixed(3);
  if (/notional|first40|peak|adl/.test(name)) return usd(x);
  if (/traders$/.test(name) && !name.startsWith("ratio")) return Math.round(x).toLocaleString("en-US");
  if (/Share|oiFall/.test(name)) return `${(x * 100).toFixed(1)} %`;
  return x.toFixed(3);
}

/** The error shown for a target: percentage points for shares, a relative error otherwise. */
export function formatTargetError(name: string, relError: number, absError: number): string {
  if (/Share|oiFall/.test(name)) return `${absError >= 0 ? "+" : ""}${(absError * 100).toFixed(1)} pt`;
  return `${relError >= 0 ? "+" : ""}${(relError * 100).toFixed(0)} %`;
}

const pad = (rows: string[][]) => {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd()).join("\n");
};

/**
 * The report as a text table: parameters (fitted, with their prior ranges) and targets (role,
 * published, modelled, error).
 *
 * @example
 *   console.log(formatCalibrationReport(calibrationReport()))
 */
export function formatCalibrationReport(report: CalibrationReport): string {
  const parameters = pad([["parameter", "value", "prior low", "prior high"], ...report.parameters.map((p) => [p.name, p.value.toPrecision(4), String(p.low), String(p.high)])]);
  const targets = pad([["target", "role", "published", "modelled", "error"], ...report.targets.map((t) => [t.name, t.role, formatTargetValue(t.name, t.published), formatTargetValue(t.name, t.modelled), formatTargetError(t.name, t.relError, t.absError)])]);
  return `Fitted on Oct 10-11 (role "fit"), Nov 21 held out (role "holdout"); October loss ${report.loss.toFixed(2)}\n\n${parameters}\n\n${targets}`;
}

/**
 * The fit's summary: each start, the spread of the agreeing starts, the profile intervals.
 *
 * @example
 *   console.log(formatFit(fitCalibration({ starts: 2, budget: 20, profile: false })))
 */
export function formatFit(fit: FitResult): string {
  const names = Object.keys(fit.best.parameters) as Array<keyof FitResult["best"]["parameters"]>;
  const starts = pad([["start", "loss", ...names], ...fit.starts.map((s, k) => [String(k + 1), s.loss.toFixed(3), ...names.map((n) => s.parameters[n].toPrecision(3))])]);
  const spread = pad([
    ["parameter", "best", "agreeing min", "agreeing max", "profile low", "profile high"],
    ...names.map((n) => [n, fit.best.parameters[n].toPrecision(4), fit.spread[n].min.toPrecision(3), fit.spread[n].max.toPrecision(3), fit.profile ? fit.profile[n].low.toPrecision(3) : "-", fit.profile ? `${fit.profile[n].high.toPrecision(3)}${fit.profile[n].open ? " (open)" : ""}` : "-"]),
  ]);
  return `${fit.starts.length} starts (seed ${fit.settings.seed}, ${fit.settings.budget} evaluations each, books of ${fit.settings.n} rows, seed ${fit.settings.bookSeed}); ${fit.spread[names[0]].agreeing} within 1 of the best loss\n\n${starts}\n\n${spread}`;
}

/**
 * The TypeScript module `cascade calibrate --record FILE` writes: the fit and the report it gives,
 * as data.
 *
 * @example
 *   writeFileSync("lib/models/calibration-record.ts", fitRecordModule(fit, calibrationReport(fit.best.parameters)))
 */
export function fitRecordModule(fit: FitResult, report: CalibrationReport): string {
  const record = { fit, targets: report.targets.map(({ source: _source, ...t }) => t), loss: report.loss };
  return [
    "// Written by `cascade calibrate --record` (calibration-format.ts): the seeded fit behind CALIBRATION",
    "// and the report of its best parameters. Re-run the command to reproduce it; do not edit by hand.",
    'import type { FitRecord } from "./calibration-fit";',
    "",
    `export const FIT_RECORD: FitRecord = ${JSON.stringify(record, null, 2)};`,
    "",
  ].join("\n");
}
