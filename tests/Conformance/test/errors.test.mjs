// Error forms as the SDK surfaces them, idempotency tokens (given, reused, SDK-filled) and unknown resources.
import { describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import {
  AcceptEngagementInvitationCommand, ConflictException, CreateEngagementCommand, CreateEngagementInvitationCommand,
  GetEngagementCommand, GetEngagementInvitationCommand, ListEngagementMembersCommand, RejectEngagementInvitationCommand,
  ResourceNotFoundException, ValidationException,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, B, accountA, accountB, assert, assertOk, captureBodies, clientFor, ENGAGEMENT_ID, expectError, INVITATION_ID,
  invitationArn, newEngagement, vectorInput,
} from "../lib/harness.mjs";

const ERROR_CODES = [
  "REQUIRED_FIELD_MISSING", "INVALID_ENUM_VALUE", "INVALID_STRING_FORMAT", "INVALID_VALUE", "NOT_ENOUGH_VALUES",
  "TOO_MANY_VALUES", "INVALID_RESOURCE_STATE", "DUPLICATE_KEY_VALUE", "VALUE_OUT_OF_RANGE", "ACTION_NOT_PERMITTED",
];
const UNKNOWN_ENGAGEMENT = "eng-zzzzzzzzzzzzzz";
const UNKNOWN_INVITATION = "engi-zzzzzzzzzzzzz";

function assertErrorList(e) {
  assert.ok(Array.isArray(e.ErrorList) && e.ErrorList.length > 0, `a filled ErrorList, got ${JSON.stringify(e.ErrorList)}`);
  for (const item of e.ErrorList) {
    assert.equal(typeof item.FieldName, "string", `FieldName in ${JSON.stringify(item)}`);
    assert.notEqual(item.FieldName, "");
    assert.equal(typeof item.Message, "string", `Message in ${JSON.stringify(item)}`);
    assert.notEqual(item.Message, "");
    assert.ok(ERROR_CODES.includes(item.Code), `Code ${item.Code} is a ValidationExceptionErrorCode`);
  }
}

describe("ValidationException", () => {
  it("a malformed CreateEngagementInvitation arrives as the exported class with Reason REQUEST_VALIDATION_FAILED and an ErrorList", async () => {
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.ClientToken = randomUUID();
    input.EngagementIdentifier = await newEngagement(A, "Validation target");
    input.Invitation.Receiver.Account.AwsAccountId = "not an account!";
    delete input.Invitation.Payload.OpportunityInvitation.Project.Title;
    const e = await expectError(A.send(new CreateEngagementInvitationCommand(input)), ValidationException, 400);
    assert.equal(e.Reason, "REQUEST_VALIDATION_FAILED");
    assertErrorList(e);
    const byField = (re) => e.ErrorList.find((x) => re.test(x.FieldName));
    const account = byField(/awsaccountid/i);
    assert.ok(account, `an entry for Receiver.Account.AwsAccountId in ${JSON.stringify(e.ErrorList)}`);
    assert.equal(account.Code, "INVALID_STRING_FORMAT");
    const title = byField(/project\.title/i);
    assert.ok(title, `an entry for Project.Title in ${JSON.stringify(e.ErrorList)}`);
    assert.equal(title.Code, "REQUIRED_FIELD_MISSING");
    assert.equal(e.$metadata.attempts, 1, "a 400 ValidationException is not retried");
  });

  it("an out-of-pattern identifier on a read is a ValidationException too", async () => {
    const e = await expectError(A.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: "not-an-engagement" })), ValidationException, 400);
    assert.equal(e.Reason, "REQUEST_VALIDATION_FAILED");
    assertErrorList(e);
  });

  it("inviting your own account is a BUSINESS_VALIDATION_FAILED ValidationException", async () => {
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.ClientToken = randomUUID();
    input.EngagementIdentifier = await newEngagement(A, "Self invitation");
    input.Invitation.Receiver.Account.AwsAccountId = accountA.accountId;
    const e = await expectError(A.send(new CreateEngagementInvitationCommand(input)), ValidationException, 400);
    assert.equal(e.Reason, "BUSINESS_VALIDATION_FAILED");
    assertErrorList(e);
    // The message leads with the entry's code, which is what integrations match on (e.message.includes(code)).
    assert.ok(e.message.startsWith(`${e.ErrorList[0].Code}: `), e.message);
  });

  it("inviting an account the server does not know is a BUSINESS_VALIDATION_FAILED ValidationException", async () => {
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.ClientToken = randomUUID();
    input.EngagementIdentifier = await newEngagement(A, "Unknown receiver");
    input.Invitation.Receiver.Account.AwsAccountId = "444444444444";
    const e = await expectError(A.send(new CreateEngagementInvitationCommand(input)), ValidationException, 400);
    assert.equal(e.Reason, "BUSINESS_VALIDATION_FAILED");
    assertErrorList(e);
  });
});

describe("ClientToken", () => {
  it("CreateEngagement: same token and body replays; same token with another body is a ConflictException", async () => {
    const input = vectorInput("CreateEngagement");
    input.ClientToken = randomUUID();
    input.Title = "Idempotency check";
    const first = await A.send(new CreateEngagementCommand(structuredClone(input)));
    assertOk(first);
    const again = await A.send(new CreateEngagementCommand(structuredClone(input)));
    assert.equal(again.Id, first.Id, "the replay returns the same engagement");
    const other = { ...structuredClone(input), Title: "Idempotency check, another body" };
    const e = await expectError(A.send(new CreateEngagementCommand(other)), ConflictException, 409);
    assert.equal(e.message, "Conflicting client token submitted for a new request body.", "spec 04 §1 message");
    assert.equal(e.$metadata.attempts, 1);
  });

  it("the same token used by another account is that account's own token", async () => {
    const input = vectorInput("CreateEngagement");
    input.ClientToken = randomUUID();
    input.Title = "Token scoped by account";
    const a = await A.send(new CreateEngagementCommand(structuredClone(input)));
    const b = await B.send(new CreateEngagementCommand(structuredClone(input)));
    assert.notEqual(a.Id, b.Id);
  });

  it("omitted ClientToken: the SDK fills one (UUID v4) and the invitation is created (autotoken vector)", async () => {
    const client = clientFor(accountA);
    const bodies = captureBodies(client);
    const engagementId = await newEngagement(client, "SDK-filled tokens");
    const input = vectorInput("CreateEngagementInvitation-autotoken");
    assert.equal(input.ClientToken, undefined, "the vector has no ClientToken");
    input.EngagementIdentifier = engagementId;
    input.Invitation.Receiver.Account.AwsAccountId = accountB.accountId;
    const out = await client.send(new CreateEngagementInvitationCommand(input));
    assertOk(out);
    assert.match(out.Id, INVITATION_ID);
    assert.equal(out.Arn, invitationArn(out.Id));
    const uuid4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.equal(bodies.length, 2);
    assert.match(bodies[0].ClientToken, uuid4, "CreateEngagement carried an SDK-filled token");
    assert.match(bodies[1].ClientToken, uuid4, "CreateEngagementInvitation carried an SDK-filled token");
    assert.notEqual(bodies[0].ClientToken, bodies[1].ClientToken);
    const got = await B.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: out.Id }));
    assert.deepEqual(got.Payload, input.Invitation.Payload);
    assert.deepEqual(got.Receiver, input.Invitation.Receiver);
  });

  it("a second PENDING invitation to the same receiver (new token) is a ConflictException", async () => {
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.EngagementIdentifier = await newEngagement(A, "Duplicate pending invitation");
    input.ClientToken = randomUUID();
    await A.send(new CreateEngagementInvitationCommand(structuredClone(input)));
    input.ClientToken = randomUUID();
    await expectError(A.send(new CreateEngagementInvitationCommand(input)), ConflictException, 409);
  });
});

describe("ResourceNotFoundException", () => {
  it("GetEngagement of an unknown engagement", async () => {
    await expectError(A.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: UNKNOWN_ENGAGEMENT })), ResourceNotFoundException, 404);
  });

  it("CreateEngagementInvitation to an unknown engagement", async () => {
    const input = vectorInput("CreateEngagementInvitation-opportunity");
    input.ClientToken = randomUUID();
    input.EngagementIdentifier = UNKNOWN_ENGAGEMENT;
    await expectError(A.send(new CreateEngagementInvitationCommand(input)), ResourceNotFoundException, 404);
  });

  it("ListEngagementMembers of an unknown engagement", async () => {
    await expectError(A.send(new ListEngagementMembersCommand({ Catalog: "Sandbox", Identifier: UNKNOWN_ENGAGEMENT })), ResourceNotFoundException, 404);
  });

  it("Get / Accept / Reject of an unknown invitation", async () => {
    const input = { Catalog: "Sandbox", Identifier: UNKNOWN_INVITATION };
    await expectError(B.send(new GetEngagementInvitationCommand(input)), ResourceNotFoundException, 404);
    await expectError(B.send(new AcceptEngagementInvitationCommand(input)), ResourceNotFoundException, 404);
    await expectError(B.send(new RejectEngagementInvitationCommand(input)), ResourceNotFoundException, 404);
  });

  it("an engagement of the Sandbox catalog is not found in the AWS catalog", async () => {
    const id = await newEngagement(A, "Catalog scoping");
    assert.match(id, ENGAGEMENT_ID);
    await expectError(A.send(new GetEngagementCommand({ Catalog: "AWS", Identifier: id })), ResourceNotFoundException, 404);
  });
});

describe("Authentication", () => {
  it("a session token sent with a long-term key is refused as AWS refuses it (UnrecognizedClientException)", async () => {
    const [key] = accountA.accessKeys;
    const stale = clientFor(accountA, {
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: "FwoGZXIvYXdzEXAMPLE" },
    });
    let error;
    try {
      await stale.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: UNKNOWN_ENGAGEMENT }));
    } catch (e) {
      error = e;
    }
    assert.ok(error, "the call should fail");
    assert.equal(error.name, "UnrecognizedClientException", `${error.name}: ${error.message}`);
    assert.equal(error.message, "The security token included in the request is invalid.");
    assert.equal(error.$metadata.httpStatusCode, 403);
    // The same key without the token is served (here: the engagement does not exist).
    await expectError(A.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: UNKNOWN_ENGAGEMENT })), ResourceNotFoundException, 404);
  });
});
