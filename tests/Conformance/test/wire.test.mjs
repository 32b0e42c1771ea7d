// What the server puts on the wire, seen below the SDK: headers, error bodies, timestamp strings
// (shared/wire/RESPONSES.md lists the forms every SDK accepts).
import { describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import {
  AcceptEngagementInvitationCommand, CreateEngagementCommand, CreateEngagementInvitationCommand, GetEngagementCommand, ListEngagementInvitationsCommand,
  ValidationException,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, accountA, accountB, assert, captureResponses, clientFor, expectError, newEngagement, vectorInput,
} from "../lib/harness.mjs";

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe("wire forms", () => {
  it("a success: HTTP 200, awsJson 1.0 content type, x-amzn-RequestId = $metadata.requestId, an accurate Date header", async () => {
    const client = clientFor(accountA);
    const raw = captureResponses(client);
    const input = vectorInput("CreateEngagement");
    delete input.ClientToken;
    const out = await client.send(new CreateEngagementCommand(input));
    const [r] = raw;
    assert.equal(r.statusCode, 200);
    assert.match(r.headers["content-type"], /^application\/x-amz-json-1\.0/);
    assert.equal(r.headers["x-amzn-requestid"], out.$metadata.requestId);
    const skew = Math.abs(Date.parse(r.headers.date) - Date.now());
    assert.ok(skew < 60_000, `the Date header is accurate (JS SDK re-syncs its signing clock from it); skew ${skew} ms`);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body).sort(), ["Arn", "Id", "ModifiedAt"]);
    assert.match(body.ModifiedAt, RFC3339_UTC, "timestamps are RFC 3339 strings in UTC with Z");
  });

  it("timestamps in a read are RFC 3339 UTC strings that the SDK turns into the same instants", async () => {
    const client = clientFor(accountA);
    const raw = captureResponses(client);
    const input = vectorInput("CreateEngagement");
    delete input.ClientToken;
    const { Id } = await client.send(new CreateEngagementCommand(input));
    const out = await client.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: Id }));
    const body = JSON.parse(raw.at(-1).body);
    for (const k of ["CreatedAt", "ModifiedAt"]) {
      assert.match(body[k], RFC3339_UTC, k);
      assert.equal(out[k].getTime(), Math.floor(Date.parse(body[k])), `${k} decodes to the instant on the wire (ms precision)`);
    }
  });

  it("an error: modeled status, the service's namespaced __type (no :http… suffix), message and Message, x-amzn-ErrorType, a request id", async () => {
    const client = clientFor(accountA);
    const raw = captureResponses(client);
    const e = await expectError(client.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: "bad" })), ValidationException, 400);
    const [r] = raw;
    assert.equal(r.statusCode, 400);
    const body = JSON.parse(r.body);
    // spec 04 §2: the real service's saved responses; a namespace before '#' is one botocore 1.29 can strip.
    assert.equal(body.__type, "com.amazon.partnerintegrationapi.common#ValidationException");
    assert.equal(body.message, e.message);
    assert.equal(typeof body.Message, "string");
    assert.equal(body.Reason, "REQUEST_VALIDATION_FAILED");
    assert.equal(r.headers["x-amzn-errortype"], "ValidationException:http://internal.amazon.com/coral/com.amazon.partnerintegrationapi.common/");
    assert.equal(r.headers["x-amzn-requestid"], e.$metadata.requestId);
  });

  it("an operation without output (AcceptEngagementInvitation) answers 200 with {} or an empty body", async () => {
    const engagementId = await newEngagement(A, "Wire: accept");
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.ClientToken = randomUUID();
    input.EngagementIdentifier = engagementId;
    input.Invitation.Receiver.Account.AwsAccountId = accountB.accountId;
    const { Id } = await A.send(new CreateEngagementInvitationCommand(input));
    const client = clientFor(accountB);
    const raw = captureResponses(client);
    const out = await client.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: Id }));
    assert.equal(raw[0].statusCode, 200);
    assert.ok(raw[0].body === "" || JSON.stringify(JSON.parse(raw[0].body)) === "{}", `body ${raw[0].body}`);
    assert.equal(raw[0].headers["x-amzn-requestid"], out.$metadata.requestId);
  });

  it("an enum member outside its values is INVALID_ENUM_VALUE on that field", async () => {
    const client = clientFor(accountA);
    const e = await expectError(
      client.send(new ListEngagementInvitationsCommand({ Catalog: "Sandbox", ParticipantType: "OBSERVER" })), ValidationException, 400);
    assert.equal(e.Reason, "REQUEST_VALIDATION_FAILED");
    const entry = e.ErrorList.find((x) => /participanttype/i.test(x.FieldName ?? ""));
    assert.ok(entry, `an entry for ParticipantType in ${JSON.stringify(e.ErrorList)}`);
    assert.equal(entry.Code, "INVALID_ENUM_VALUE");
  });
});
