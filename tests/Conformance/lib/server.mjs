// Starts a real Cosell server for the conformance tests: a free port on 127.0.0.1, a temporary data folder (or, with
// COSELL_TEST_POSTGRES set, a fresh schema in that PostgreSQL database) and an accounts file with three partner accounts
// whose secrets are random. Builds nothing: it runs either the built
// assembly named by COSELL_DLL (`dotnet $COSELL_DLL serve ...`) or, without it,
// `dotnet run --project <repo>/src/Cosell.Server -c Release --no-build -- serve ...` (needs a prior Release build).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync, readFileSync, openSync, closeSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..", "..");

/** The three partner accounts every test run uses (ids fixed, access keys and secrets random per run). */
export function makeAccounts() {
  const key = () => "AKIA" + randomBytes(8).toString("hex").toUpperCase();
  const secret = () => randomBytes(30).toString("base64");
  return [
    { accountId: "111111111111", companyName: "Sender Partner", websiteUrl: "https://sender.example.com" },
    { accountId: "222222222222", companyName: "Receiver Partner", websiteUrl: "https://receiver.example.com" },
    { accountId: "333333333333", companyName: "Third Partner", websiteUrl: "https://third.example.com" },
  ].map((a) => ({ ...a, accessKeys: [{ accessKeyId: key(), secretAccessKey: secret() }] }));
}

/**
 * The store arguments: SQLite in `dataDir`, or, when COSELL_TEST_POSTGRES holds an Npgsql connection string, that
 * PostgreSQL database in a schema of its own (Cosell creates the schema its search path names), so every run starts
 * empty.
 */
export function storeArguments(dataDir) {
  const postgres = process.env.COSELL_TEST_POSTGRES;
  if (!postgres) return ["--data", dataDir];
  const schema = "cosell_conformance_" + randomBytes(8).toString("hex");
  return ["--store", `${postgres.replace(/;\s*$/, "")};Search Path=${schema}`];
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** The command that starts the server; `extra` are the arguments after `serve`. */
export function serverCommand(extra) {
  const dll = process.env.COSELL_DLL;
  if (dll) {
    return { cmd: "dotnet", args: [resolve(dll), "serve", ...extra] };
  }
  const project = join(repoRoot, "src", "Cosell.Server");
  return { cmd: "dotnet", args: ["run", "--project", project, "-c", "Release", "--no-build", "--", "serve", ...extra] };
}

/**
 * Starts the server and waits until GET /_cosell/health answers 200. `flags` go after the others; `sqlite` keeps the
 * store in SQLite even when COSELL_TEST_POSTGRES is set (for flags that need it, such as --clock-control).
 * Returns { endpoint, port, accounts, health, logPath, stop() }.
 */
export async function startServer({ timeoutMs = 90_000, flags = [], sqlite = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cosell-conformance-"));
  const accounts = makeAccounts();
  const accountsPath = join(dir, "accounts.json");
  writeFileSync(accountsPath, JSON.stringify({ accounts }, null, 2));
  const dataDir = join(dir, "data");
  const logPath = join(dir, "server.log");
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const { cmd, args } = serverCommand(["--urls", endpoint, ...(sqlite ? ["--data", dataDir] : storeArguments(dataDir)), "--accounts", accountsPath, ...flags]);

  const log = openSync(logPath, "a");
  const child = spawn(cmd, args, {
    stdio: ["ignore", log, log],
    env: storeEnvironment(sqlite),
    detached: true, // own process group, so `dotnet run` and the server it starts are stopped together
  });
  closeSync(log);
  let exited = null;
  child.on("exit", (code, signal) => { exited = { code, signal }; });

  let stopped = false;
  const stop = async ({ keep = false } = {}) => {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
      const gone = await Promise.race([
        new Promise((ok) => child.once("exit", () => ok(true))),
        new Promise((ok) => setTimeout(() => ok(false), 10_000)),
      ]);
      if (!gone && exited === null) {
        try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
      }
    }
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  // Last resort when the caller dies without stopping us (synchronous: works inside process 'exit').
  const killSync = () => {
    if (!stopped && exited === null) {
      try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
    }
  };

  const started = Date.now();
  let health = null;
  while (Date.now() - started < timeoutMs) {
    if (exited !== null) break;
    try {
      const r = await fetch(`${endpoint}/_cosell/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) {
        health = await r.json();
        break;
      }
    } catch { /* not up yet */ }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  if (health === null) {
    const text = safeRead(logPath);
    await stop();
    const why = exited !== null ? `exited (code ${exited.code}, signal ${exited.signal})` : `did not answer within ${timeoutMs} ms`;
    throw new Error(`The Cosell server ${why}: ${shown([cmd, ...args])}\n--- server output ---\n${text}`);
  }
  return { endpoint, port, accounts, health, logPath, dir, stop, killSync, command: shown([cmd, ...args]) };
}

/** The server's environment: without COSELL_STORE when it must keep SQLite (the server reads the store from it too). */
function storeEnvironment(sqlite) {
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" };
  if (sqlite) delete env.COSELL_STORE;
  return env;
}

/** The command line as printed: a connection string's password masked. */
function shown(argv) {
  return argv.join(" ").replace(/(Password=)[^;]*/gi, "$1***");
}

function safeRead(path) {
  try { return readFileSync(path, "utf8"); } catch { return "(no output)"; }
}
