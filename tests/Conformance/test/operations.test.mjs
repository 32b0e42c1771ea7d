// Every command the SDK exports reaches the server as an operation it knows: none is answered with
// UnknownOperationException, and exactly the operations the health endpoint counts as implemented answer with
// something other than NotImplementedException.
import { before, describe, it } from "node:test";
import * as sdk from "@aws-sdk/client-partnercentral-selling";
import { accountC, assert, clientFor, health } from "../lib/harness.mjs";

// The nine operations of the first milestone; the server may implement more.
const EXPECTED_IMPLEMENTED = [
  "CreateEngagement", "GetEngagement", "ListEngagements", "ListEngagementMembers", "CreateEngagementInvitation",
  "GetEngagementInvitation", "ListEngagementInvitations", "AcceptEngagementInvitation", "RejectEngagementInvitation",
];
// Operations that @aws-sdk/client-partnercentral-selling 3.1124.0 has but the vendored Smithy model (model/) lacks: the
// server adds them through model/patches/006-prospecting-operations.json.
const NEWER_THAN_MODEL = ["GetProspectingFromEngagementTask", "ListProspectingFromEngagementTasks", "StartProspectingFromEngagementTask"];
// What a bare request may be answered with: a decoded result or an error the model declares.
const MODELED = new Set([
  "ok", "ValidationException", "ResourceNotFoundException", "AccessDeniedException", "ConflictException",
  "ServiceQuotaExceededException", "ThrottlingException",
]);

const commands = Object.entries(sdk)
  .filter(([name, value]) => name.endsWith("Command") && name !== "$Command" && typeof value === "function")
  .map(([name, Command]) => ({ op: name.slice(0, -"Command".length), Command }));

/** Sends a minimal input (Catalog only; the SDK fills idempotency tokens) and names the outcome. */
async function probe(client, Command) {
  try {
    const out = await client.send(new Command({ Catalog: "Sandbox" }));
    return { outcome: "ok", requestId: out.$metadata.requestId, error: null };
  } catch (e) {
    return { outcome: e.name, requestId: e.$metadata?.requestId, error: e };
  }
}

describe("operation coverage", () => {
  const results = new Map();
  before(async () => {
    // Retries off: NotImplementedException is a 501, which the SDK would otherwise retry.
    const client = clientFor(accountC, { maxAttempts: 1 });
    for (const { op, Command } of commands) results.set(op, await probe(client, Command));
  });

  it("the SDK exports the commands this test expects", () => {
    assert.equal(commands.length, 45);
    for (const op of [...EXPECTED_IMPLEMENTED, ...NEWER_THAN_MODEL]) assert.ok(results.has(op), op);
  });

  it("no command is answered with UnknownOperationException", () => {
    const unknown = [...results].filter(([, r]) => r.outcome === "UnknownOperationException");
    assert.deepEqual(unknown.map(([op]) => op), []);
  });

  it("every command answers a bare request with a decoded result or a modeled error, never a 5xx", () => {
    const other = [...results].filter(([, r]) => !MODELED.has(r.outcome) || (r.error && !(r.error instanceof sdk[r.outcome])));
    assert.deepEqual(other.map(([op, r]) => `${op}: ${r.outcome} ${r.error?.message ?? ""}`), []);
  });

  it("every answer carries a request id", () => {
    const missing = [...results].filter(([, r]) => !r.requestId).map(([op]) => op);
    assert.deepEqual(missing, []);
  });

  it("the operations answered by a handler are exactly as many as /_cosell/health counts", async () => {
    const h = await health();
    const implemented = [...results].filter(([, r]) => r.outcome !== "NotImplementedException" && r.outcome !== "UnknownOperationException");
    assert.equal(implemented.length, h.operationsImplemented, `implemented: ${implemented.map(([op]) => op).join(", ")}`);
    assert.equal(h.operationsTotal, commands.length);
    assert.equal(h.operationsImplemented, commands.length);
  });

  it("the milestone operations are implemented and answer a bare request with a modeled outcome", () => {
    const modeled = new Set(["ok", "ValidationException", "ResourceNotFoundException", "AccessDeniedException", "ConflictException"]);
    for (const op of EXPECTED_IMPLEMENTED) {
      const r = results.get(op);
      assert.ok(modeled.has(r.outcome), `${op}: ${r.outcome} ${r.error?.message ?? ""}`);
      if (r.error) assert.ok(r.error instanceof sdk.PartnerCentralSellingServiceException);
    }
  });

  it("an operation that is not implemented answers NotImplementedException (HTTP 501), not a transport error", () => {
    for (const [op, r] of results) {
      if (r.outcome !== "NotImplementedException") continue;
      assert.equal(r.error.$metadata.httpStatusCode, 501, op);
      assert.ok(r.error instanceof sdk.PartnerCentralSellingServiceException, op);
    }
  });

  it("operations newer than the vendored model are known to the server (model/patches)", () => {
    const unknown = NEWER_THAN_MODEL.filter((op) => results.get(op).outcome === "UnknownOperationException");
    assert.deepEqual(unknown, []);
  });
});
