// The headline flow across three accounts, with the captured seed requests (shared/wire/js) sent verbatim except for
// the engagement id and the receiver account: A creates an engagement, invites B; B finds, reads and accepts it; C, an
// outsider, is refused; a second invitation, to C, is rejected.
import { describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import {
  AcceptEngagementInvitationCommand, AccessDeniedException, ConflictException, CreateEngagementCommand,
  CreateEngagementInvitationCommand, GetEngagementCommand, GetEngagementInvitationCommand, ListEngagementInvitationsCommand,
  ListEngagementMembersCommand, RejectEngagementInvitationCommand,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, accountA, accountB, accountC, assert, assertDate, assertOk, B, C, ENGAGEMENT_ID, engagementArn, expectError,
  INVITATION_ID, invitationArn, need, strip, vectorInput,
} from "../lib/harness.mjs";

const DAY_MS = 24 * 60 * 60 * 1000;
const engagementInput = vectorInput("CreateEngagement");
const seed = vectorInput("CreateEngagementInvitation-opportunity");

/** The seed request aimed at `engagementId` and `receiver`; everything else as captured. */
function seedFor(engagementId, receiver, changes = {}) {
  const input = structuredClone(seed);
  input.EngagementIdentifier = engagementId;
  input.Invitation.Receiver.Account.AwsAccountId = receiver.accountId;
  return { ...input, ...changes };
}

describe("engagement invitation flow (A invites B, C is an outsider)", () => {
  let engagementId;
  let invitationId;
  let createdAt;

  it("A creates the engagement with the CreateEngagement vector", async () => {
    const before = Date.now();
    const out = await A.send(new CreateEngagementCommand(structuredClone(engagementInput)));
    assertOk(out);
    assert.match(out.Id, ENGAGEMENT_ID);
    assert.equal(out.Arn, engagementArn(out.Id));
    assertDate(out.ModifiedAt, "CreateEngagement ModifiedAt");
    assert.ok(Math.abs(out.ModifiedAt.getTime() - before) < 60_000, "ModifiedAt is about now");
    engagementId = out.Id;
    createdAt = out.ModifiedAt;
  });

  it("A sends the seed OpportunityInvitation to B", async () => {
    const out = await A.send(new CreateEngagementInvitationCommand(seedFor(need(engagementId, "the engagement"), accountB)));
    assertOk(out);
    assert.match(out.Id, INVITATION_ID);
    assert.equal(out.Arn, invitationArn(out.Id));
    assert.deepEqual(Object.keys(strip(out)).sort(), ["Arn", "Id"]);
    invitationId = out.Id;
  });

  it("replaying the seed request (same ClientToken, same body) returns the same invitation", async () => {
    const out = await A.send(new CreateEngagementInvitationCommand(seedFor(need(engagementId, "the engagement"), accountB)));
    assertOk(out);
    assert.equal(out.Id, need(invitationId, "the invitation"));
    assert.equal(out.Arn, invitationArn(invitationId));
  });

  it("reusing the seed's ClientToken with a different body is a ConflictException", async () => {
    const input = seedFor(need(engagementId, "the engagement"), accountB);
    input.Invitation.Message = "A different message under the same ClientToken";
    await expectError(A.send(new CreateEngagementInvitationCommand(input)), ConflictException, 409);
  });

  it("B lists its RECEIVER invitations with the receiver vector's filters and finds it", async () => {
    const out = await B.send(new ListEngagementInvitationsCommand(vectorInput("ListEngagementInvitations-receiver")));
    assertOk(out);
    const summaries = out.EngagementInvitationSummaries;
    assert.ok(Array.isArray(summaries), "EngagementInvitationSummaries is a list");
    const s = summaries.find((x) => x.Id === need(invitationId, "the invitation"));
    assert.ok(s, `invitation ${invitationId} is listed for B; got ${JSON.stringify(summaries.map((x) => x.Id))}`);
    assert.equal(s.Arn, invitationArn(invitationId));
    assert.equal(s.Catalog, "Sandbox");
    assert.equal(s.ParticipantType, "RECEIVER");
    assert.equal(s.Status, "PENDING");
    assert.equal(s.PayloadType, "OpportunityInvitation");
    assert.equal(s.EngagementId, engagementId);
    assert.equal(s.EngagementTitle, engagementInput.Title);
    assert.equal(s.SenderAwsAccountId, accountA.accountId);
    assert.equal(s.SenderCompanyName, accountA.companyName);
    assert.deepEqual(s.Receiver, seedFor(engagementId, accountB).Invitation.Receiver);
    assertDate(s.InvitationDate, "summary InvitationDate");
    assertDate(s.ExpirationDate, "summary ExpirationDate");
    for (const x of summaries) {
      assert.equal(x.Status, "PENDING", "Status filter PENDING");
      assert.equal(x.ParticipantType, "RECEIVER");
    }
    for (let i = 1; i < summaries.length; i++) {
      assert.ok(summaries[i - 1].InvitationDate >= summaries[i].InvitationDate, "sorted by InvitationDate, newest first");
    }
  });

  it("A lists its SENDER invitations (sender vector) and finds it", async () => {
    const out = await A.send(new ListEngagementInvitationsCommand(vectorInput("ListEngagementInvitations-sender")));
    assertOk(out);
    const s = out.EngagementInvitationSummaries.find((x) => x.Id === need(invitationId, "the invitation"));
    assert.ok(s, "listed for the sender");
    assert.equal(s.ParticipantType, "SENDER");
    assert.equal(s.Status, "PENDING");
    const asReceiver = await A.send(new ListEngagementInvitationsCommand(vectorInput("ListEngagementInvitations-receiver")));
    assert.ok(!asReceiver.EngagementInvitationSummaries.some((x) => x.Id === invitationId), "not among A's RECEIVER invitations");
  });

  it("B gets the invitation: every field as sent, ExpirationDate = InvitationDate + 15 days", async () => {
    const input = vectorInput("GetEngagementInvitation");
    input.Identifier = need(invitationId, "the invitation");
    const out = await B.send(new GetEngagementInvitationCommand(input));
    assertOk(out);
    const sent = seedFor(engagementId, accountB);
    assert.equal(out.Id, invitationId);
    assert.equal(out.Arn, invitationArn(invitationId));
    assert.equal(out.Catalog, "Sandbox");
    assert.equal(out.EngagementId, engagementId);
    assert.equal(out.EngagementTitle, engagementInput.Title);
    assert.equal(out.EngagementDescription, engagementInput.Description);
    assert.equal(out.Status, "PENDING");
    assert.equal(out.PayloadType, "OpportunityInvitation");
    assert.equal(out.InvitationMessage, sent.Invitation.Message);
    assert.deepEqual(out.Payload, sent.Invitation.Payload, "Payload exactly as sent");
    assert.deepEqual(out.Receiver, sent.Invitation.Receiver, "Receiver exactly as sent (with its Alias)");
    assert.equal(out.SenderAwsAccountId, accountA.accountId);
    assert.equal(out.SenderCompanyName, accountA.companyName);
    assert.equal(out.RejectionReason, undefined);
    assert.deepEqual(out.ExistingMembers, [{ CompanyName: accountA.companyName, WebsiteUrl: accountA.websiteUrl }]);
    assertDate(out.InvitationDate, "InvitationDate");
    assertDate(out.ExpirationDate, "ExpirationDate");
    assert.ok(out.InvitationDate.getTime() >= createdAt.getTime() - 1000, "invited after the engagement was created");
    assert.ok(Math.abs(out.InvitationDate.getTime() - Date.now()) < 5 * 60_000, "InvitationDate is about now");
    assert.equal(out.ExpirationDate.getTime() - out.InvitationDate.getTime(), 15 * DAY_MS, "ExpirationDate - InvitationDate");
  });

  it("the invitation's ARN works as Identifier, and the sender reads the same record", async () => {
    const byArn = await B.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: invitationArn(need(invitationId, "the invitation")) }));
    assert.equal(byArn.Id, invitationId);
    const bySender = await A.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: invitationId }));
    assertOk(bySender);
    assert.deepEqual(strip(bySender), strip(byArn));
  });

  it("C (not sender, not receiver) cannot get the invitation: AccessDeniedException", async () => {
    await expectError(
      C.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(invitationId, "the invitation") })),
      AccessDeniedException, 403);
  });

  it("C cannot get the engagement: AccessDeniedException", async () => {
    await expectError(
      C.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: need(engagementId, "the engagement") })),
      AccessDeniedException, 403);
  });

  it("C cannot accept or reject B's invitation: AccessDeniedException", async () => {
    const Identifier = need(invitationId, "the invitation");
    await expectError(C.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier })), AccessDeniedException, 403);
    await expectError(C.send(new RejectEngagementInvitationCommand({ Catalog: "Sandbox", Identifier })), AccessDeniedException, 403);
  });

  it("the sender cannot accept its own invitation: AccessDeniedException", async () => {
    await expectError(
      A.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(invitationId, "the invitation") })),
      AccessDeniedException, 403);
  });

  it("B accepts with the AcceptEngagementInvitation vector (HTTP 200, no output members)", async () => {
    const input = vectorInput("AcceptEngagementInvitation");
    input.Identifier = need(invitationId, "the invitation");
    const out = await B.send(new AcceptEngagementInvitationCommand(input));
    assertOk(out);
    assert.deepEqual(strip(out), {});
  });

  it("accepting again is a ConflictException", async () => {
    await expectError(
      B.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(invitationId, "the invitation") })),
      ConflictException, 409);
  });

  it("the accepted invitation reads Status ACCEPTED (ExpirationDate no longer returned)", async () => {
    const out = await B.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(invitationId, "the invitation") }));
    assert.equal(out.Status, "ACCEPTED");
    assert.equal(out.ExpirationDate, undefined, "spec 02 §2: ExpirationDate omitted after ACCEPTED/REJECTED");
  });

  it("A's GetEngagement shows MemberCount 2 and the engagement as created", async () => {
    const out = await A.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: need(engagementId, "the engagement") }));
    assertOk(out);
    assert.equal(out.Id, engagementId);
    assert.equal(out.Arn, engagementArn(engagementId));
    assert.equal(out.Title, engagementInput.Title);
    assert.equal(out.Description, engagementInput.Description);
    assert.deepEqual(out.Contexts.map((c) => c.Type), ["CustomerProject"]);
    assert.deepEqual(out.Contexts[0].Payload, engagementInput.Contexts[0].Payload);
    assert.equal(out.CreatedBy, accountA.accountId);
    assertDate(out.CreatedAt, "CreatedAt");
    assertDate(out.ModifiedAt, "ModifiedAt");
    assert.equal(out.MemberCount, 2);
    assert.equal(out.ModifiedBy, accountB.accountId, "spec 02 §3: accept sets ModifiedBy to the receiver");
  });

  it("B, now a member, reads the engagement and ListEngagementMembers lists A and B", async () => {
    const eng = await B.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: need(engagementId, "the engagement") }));
    assert.equal(eng.MemberCount, 2);
    const input = vectorInput("ListEngagementMembers");
    input.Identifier = engagementId;
    const out = await B.send(new ListEngagementMembersCommand(input));
    assertOk(out);
    const members = [...out.EngagementMemberList].sort((x, y) => x.AccountId.localeCompare(y.AccountId));
    assert.deepEqual(members, [
      { AccountId: accountA.accountId, CompanyName: accountA.companyName, WebsiteUrl: accountA.websiteUrl },
      { AccountId: accountB.accountId, CompanyName: accountB.companyName, WebsiteUrl: accountB.websiteUrl },
    ]);
    assert.equal(out.NextToken, undefined);
  });

  describe("rejected path: a second invitation, to C", () => {
    let rejectedId;
    const rejection = vectorInput("RejectEngagementInvitation");

    it("A invites C on the same engagement (seed request, new ClientToken)", async () => {
      const out = await A.send(new CreateEngagementInvitationCommand(
        seedFor(need(engagementId, "the engagement"), accountC, { ClientToken: randomUUID() })));
      assertOk(out);
      assert.match(out.Id, INVITATION_ID);
      assert.notEqual(out.Id, invitationId);
      rejectedId = out.Id;
    });

    it("C can read it while PENDING; ExistingMembers shows A and B", async () => {
      const out = await C.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(rejectedId, "C's invitation") }));
      assert.equal(out.Status, "PENDING");
      assert.deepEqual(out.Receiver.Account.AwsAccountId, accountC.accountId);
      const members = [...out.ExistingMembers].sort((x, y) => x.CompanyName.localeCompare(y.CompanyName));
      assert.deepEqual(members, [
        { CompanyName: accountB.companyName, WebsiteUrl: accountB.websiteUrl },
        { CompanyName: accountA.companyName, WebsiteUrl: accountA.websiteUrl },
      ].sort((x, y) => x.CompanyName.localeCompare(y.CompanyName)));
    });

    it("B (a member, but not the receiver) cannot reject it: AccessDeniedException", async () => {
      await expectError(
        B.send(new RejectEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(rejectedId, "C's invitation") })),
        AccessDeniedException, 403);
    });

    it("C rejects with the RejectEngagementInvitation vector's RejectionReason", async () => {
      const out = await C.send(new RejectEngagementInvitationCommand({ ...rejection, Identifier: need(rejectedId, "C's invitation") }));
      assertOk(out);
      assert.deepEqual(strip(out), {});
    });

    it("A (sender) sees REJECTED with the RejectionReason", async () => {
      const out = await A.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(rejectedId, "C's invitation") }));
      assertOk(out);
      assert.equal(out.Status, "REJECTED");
      assert.equal(out.RejectionReason, rejection.RejectionReason);
      assert.equal(out.ExpirationDate, undefined, "spec 02 §2: ExpirationDate omitted after ACCEPTED/REJECTED");
    });

    it("C can no longer read the rejected invitation: AccessDeniedException", async () => {
      await expectError(
        C.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: need(rejectedId, "C's invitation") })),
        AccessDeniedException, 403);
    });

    it("C still lists it, with Status REJECTED", async () => {
      const out = await C.send(new ListEngagementInvitationsCommand({ Catalog: "Sandbox", ParticipantType: "RECEIVER", Status: ["REJECTED"] }));
      const s = out.EngagementInvitationSummaries.find((x) => x.Id === need(rejectedId, "C's invitation"));
      assert.ok(s, "the rejected invitation stays listed");
      assert.equal(s.Status, "REJECTED");
      const pending = await C.send(new ListEngagementInvitationsCommand({ Catalog: "Sandbox", ParticipantType: "RECEIVER", Status: ["PENDING"] }));
      assert.ok(!pending.EngagementInvitationSummaries.some((x) => x.Id === rejectedId), "not listed as PENDING");
    });

    it("rejecting or accepting it again is a ConflictException", async () => {
      const Identifier = need(rejectedId, "C's invitation");
      await expectError(C.send(new RejectEngagementInvitationCommand({ Catalog: "Sandbox", Identifier })), ConflictException, 409);
      await expectError(C.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier })), ConflictException, 409);
    });

    it("C did not become a member: GetEngagement is denied, MemberCount stays 2", async () => {
      await expectError(
        C.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: need(engagementId, "the engagement") })),
        AccessDeniedException, 403);
      const out = await A.send(new GetEngagementCommand({ Catalog: "Sandbox", Identifier: engagementId }));
      assert.equal(out.MemberCount, 2);
    });
  });
});
