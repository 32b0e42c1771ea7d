#!/usr/bin/env node
// Runs the JS SDK conformance suite against a real Cosell server.
//
//   node tests/Conformance/run.mjs            (from anywhere; needs `npm ci` in tests/Conformance first)
//
// Starts the server (COSELL_DLL=<path to cosell.dll> to run a built assembly with `dotnet`; otherwise
// `dotnet run --project src/Cosell.Server -c Release --no-build`, which needs a prior Release build) on a free port of
// 127.0.0.1 with a temporary data folder and a fresh accounts file of three partner accounts, waits for
// GET /_cosell/health, runs `node --test` (TAP output, ending with "# pass N" / "# fail N") over test/*.test.mjs,
// stops the server and exits with the test runner's status. Extra arguments go to `node --test`
// (e.g. --test-name-pattern=ClientToken). COSELL_KEEP_DATA=1 keeps the temporary folder (server log, data).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./lib/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const testDir = join(here, "test");
const files = readdirSync(testDir).filter((f) => f.endsWith(".test.mjs")).sort().map((f) => join(testDir, f));

let server;
try {
  server = await startServer();
} catch (e) {
  console.error(e.message);
  console.log("# pass 0\n# fail 1");
  process.exit(1);
}
process.on("exit", server.killSync);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => { await server.stop(); process.exit(130); });
}
console.log(`# cosell ${server.health.version} (${server.health.store}, ${server.health.operationsImplemented}/${server.health.operationsTotal} operations) at ${server.endpoint}`);
console.log(`# started with: ${server.command}`);

const accountsFile = join(server.dir, "accounts.json");
const child = spawn(process.execPath, ["--test", "--test-reporter=tap", ...process.argv.slice(2), ...files], {
  stdio: "inherit",
  cwd: here,
  env: { ...process.env, COSELL_ENDPOINT: server.endpoint, COSELL_ACCOUNTS_FILE: accountsFile },
});
const code = await new Promise((ok) => child.on("exit", (c, s) => ok(c ?? (s ? 1 : 0))));

const keep = process.env.COSELL_KEEP_DATA === "1";
if (code !== 0) {
  // Server-side errors (500s) are easier to pin down with the server's own log.
  const log = readFileSync(server.logPath, "utf8");
  const errors = log.split("\n").filter((l) => /fail:|error|exception/i.test(l)).slice(0, 40);
  if (errors.length) console.error(`--- server log excerpt (${server.logPath}) ---\n${errors.join("\n")}`);
}
await server.stop({ keep });
if (keep) console.error(`# kept ${server.dir}`);
process.exit(code);
