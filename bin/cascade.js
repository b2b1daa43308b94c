#!/usr/bin/env node
// The `cascade` command: the built CLI in dist/ (npm run build makes it).
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const cli = join(__dirname, "..", "dist", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write("cascade: dist/cli.js is missing: run `npm run build` first\n");
  process.exit(2);
}
require(cli).runCli();
