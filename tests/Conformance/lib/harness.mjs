// What every test file imports: the server under test (started by run.mjs, or by this module when a test file is run
// on its own), one SDK client per account, the captured wire vectors, and small assertion helpers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after } from "node:test";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { PartnerCentralSellingClient, PartnerCentralSellingServiceException } from "@aws-sdk/client-partnercentral-selling";
import { startServer } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));

async function connect() {
  if (process.env.COSELL_ENDPOINT && process.env.COSELL_ACCOUNTS_FILE) {
    const { accounts } = JSON.parse(readFileSync(process.env.COSELL_ACCOUNTS_FILE, "utf8"));
    return { endpoint: process.env.COSELL_ENDPOINT, accounts };
  }
  // Run on its own (`node --test test/x.test.mjs`): start a private server for this file.
  const server = await startServer();
  process.on("exit", server.killSync);
  after(() => server.stop());
  return { endpoint: server.endpoint, accounts: server.accounts };
}

export const { endpoint, accounts } = await connect();

export function clientFor(account, extra = {}) {
  const [key] = account.accessKeys;
  return new PartnerCentralSellingClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    ...extra,
  });
}

/** A = sender (111111111111), B = receiver (222222222222), C = third party (333333333333). */
export const [accountA, accountB, accountC] = accounts;
export const A = clientFor(accountA);
export const B = clientFor(accountB);
export const C = clientFor(accountC);

/** A captured JS wire vector (shared/wire/js, copied into vectors/js). */
export function vector(name) {
  return JSON.parse(readFileSync(join(here, "..", "vectors", "js", `${name}.json`), "utf8"));
}

/** A deep copy of a vector's `input`. */
export function vectorInput(name) {
  return structuredClone(vector(name).input);
}

export async function health() {
  const r = await fetch(`${endpoint}/_cosell/health`);
  assert.equal(r.status, 200);
  return r.json();
}

// A target close date (MM-DD) two years ahead: AWS refuses one in the past, so no fixed date that would pass one day.
export const futureDate = (monthDay) => `${new Date().getUTCFullYear() + 2}-${monthDay}`;

export const INVITATION_ID = /^engi-[0-9a-z]{13}$/;
export const ENGAGEMENT_ID = /^eng-[0-9a-z]{14}$/;
export const invitationArn = (id, catalog = "Sandbox") =>
  `arn:aws:partnercentral:us-east-1::catalog/${catalog}/engagement-invitation/${id}`;
export const engagementArn = (id, catalog = "Sandbox") =>
  `arn:aws:partnercentral:us-east-1::catalog/${catalog}/engagement/${id}`;

/** A successful call's metadata: HTTP 200 and a request id. */
export function assertOk(out) {
  assert.equal(out.$metadata.httpStatusCode, 200, "HTTP status");
  assert.equal(typeof out.$metadata.requestId, "string", "$metadata.requestId is set");
  assert.notEqual(out.$metadata.requestId, "", "$metadata.requestId is not empty");
}

/**
 * Awaits a call that must fail with `errorClass` (an exception class the SDK exports); returns the error.
 * Checks what every modeled error carries: name, message, HTTP status, $fault and a request id.
 */
export async function expectError(promise, errorClass, status) {
  let error;
  try {
    const out = await promise;
    assert.fail(`expected ${errorClass.name}, but the call succeeded: ${JSON.stringify(strip(out))}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    error = e;
  }
  const seen = `${error?.name} (${error?.constructor?.name}; HTTP ${error?.$metadata?.httpStatusCode}): ${error?.message}`;
  assert.ok(error instanceof PartnerCentralSellingServiceException, `a service exception, got ${seen}`);
  assert.ok(error instanceof errorClass, `instanceof ${errorClass.name}, got ${seen}`);
  assert.equal(error.name, errorClass.name);
  assert.equal(typeof error.message, "string");
  assert.notEqual(error.message, "", "the error carries a message");
  if (status !== undefined) assert.equal(error.$metadata.httpStatusCode, status, `HTTP status of ${errorClass.name}`);
  assert.equal(error.$fault, error.$metadata.httpStatusCode >= 500 ? "server" : "client");
  assert.equal(typeof error.$metadata.requestId, "string", "$metadata.requestId is set on errors");
  assert.notEqual(error.$metadata.requestId, "", "$metadata.requestId is not empty on errors");
  return error;
}

/** A step's input from an earlier step of the same file (steps run in order): fails that step when it is missing. */
export function need(value, what) {
  assert.ok(value, `needs ${what} from an earlier step`);
  return value;
}

/** A timestamp member as the SDK decodes it: a JS Date holding a valid time. */
export function assertDate(value, what) {
  assert.ok(value instanceof Date, `${what} decodes as a JS Date (got ${typeof value}: ${value})`);
  assert.ok(!Number.isNaN(value.getTime()), `${what} is a valid date`);
}

/** The output without $metadata, for messages. */
export function strip(out) {
  if (out === null || typeof out !== "object") return out;
  const { $metadata, ...rest } = out;
  return rest;
}

/** Records the JSON body of every request a client sends (finalizeRequest step: after the SDK filled in tokens). */
export function captureBodies(client) {
  const bodies = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const body = args.request?.body;
      // The SDK's JSON codec hands over UTF-8 bytes (a Uint8Array subclass); older ones a string.
      if (typeof body === "string") bodies.push(JSON.parse(body));
      else if (body instanceof Uint8Array) bodies.push(JSON.parse(new TextDecoder().decode(body)));
      return next(args);
    },
    { step: "finalizeRequest", name: "cosellCaptureBody" },
  );
  return bodies;
}

/**
 * Records every raw HTTP response a client receives ({ statusCode, headers, body }) before the SDK decodes it
 * (a deserialize-step middleware of low priority sits between the deserializer and the HTTP handler).
 */
export function captureResponses(client) {
  const responses = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const chunks = [];
      for await (const chunk of out.response.body) chunks.push(chunk);
      const buffer = Buffer.concat(chunks);
      responses.push({ statusCode: out.response.statusCode, headers: out.response.headers, body: buffer.toString("utf8") });
      out.response.body = Readable.from([buffer]);
      return out;
    },
    { step: "deserialize", priority: "low", name: "cosellCaptureResponse" },
  );
  return responses;
}

/** A fresh engagement owned by `client`, built from the CreateEngagement vector with a new ClientToken and title. */
export async function newEngagement(client, title = "Conformance engagement") {
  const input = vectorInput("CreateEngagement");
  delete input.ClientToken; // the SDK fills the idempotency token
  input.Title = title;
  const { CreateEngagementCommand } = await import("@aws-sdk/client-partnercentral-selling");
  const out = await client.send(new CreateEngagementCommand(input));
  assert.match(out.Id, ENGAGEMENT_ID);
  return out.Id;
}

export { assert };
