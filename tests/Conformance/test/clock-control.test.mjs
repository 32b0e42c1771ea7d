// `serve --clock-control` from the JS SDK's side: a server of its own (SQLite), whose time the test moves with
// POST /_cosell/clock while the SDK keeps signing with this machine's clock. What a CRM's tests of an unanswered
// invitation and of a ClientToken retried days later need.
import { after, before, describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import {
  AcceptEngagementInvitationCommand, ConflictException, CreateEngagementCommand, CreateEngagementInvitationCommand,
  GetEngagementInvitationCommand, ListEngagementInvitationsCommand, PartnerCentralSellingClient,
} from "@aws-sdk/client-partnercentral-selling";
import { assert, assertOk, expectError, vectorInput } from "../lib/harness.mjs";
import { startServer } from "../lib/server.mjs";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("clock control (a server of its own, its time moved forward)", () => {
  let server;
  let A;
  let B;

  const client = (account) => new PartnerCentralSellingClient({
    region: "us-east-1",
    endpoint: server.endpoint,
    credentials: { accessKeyId: account.accessKeys[0].accessKeyId, secretAccessKey: account.accessKeys[0].secretAccessKey },
  });

  async function advance(duration) {
    const r = await fetch(`${server.endpoint}/_cosell/clock`, { method: "POST", body: JSON.stringify({ advance: duration }) });
    assert.equal(r.status, 200, `POST /_cosell/clock ${duration}: ${await r.clone().text()}`);
    return r.json();
  }

  before(async () => {
    server = await startServer({ flags: ["--clock-control"], sqlite: true });
    process.on("exit", server.killSync);
    [A, B] = server.accounts.map(client);
  });
  after(() => server?.stop());

  it("an invitation left 16 days reads EXPIRED and cannot be accepted; requests stay signed with the real time", async () => {
    const engagement = await A.send(new CreateEngagementCommand(vectorInput("CreateEngagement")));
    const seed = vectorInput("CreateEngagementInvitation-opportunity");
    seed.EngagementIdentifier = engagement.Id;
    seed.Invitation.Receiver.Account.AwsAccountId = server.accounts[1].accountId;
    const invitation = await A.send(new CreateEngagementInvitationCommand(seed));
    const pending = await B.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: invitation.Id }));

    const clock = await advance("P16D");

    assert.equal(clock.offset, "P16D");
    assert.ok(Math.abs(Date.parse(clock.now) - (Date.now() + 16 * DAY_MS)) < 60_000, `the server's time is 16 days ahead: ${clock.now}`);
    const read = await B.send(new GetEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: invitation.Id }));
    assertOk(read);
    assert.equal(pending.Status, "PENDING");
    assert.equal(read.Status, "EXPIRED");
    assert.ok(read.ExpirationDate.getTime() < Date.parse(clock.now), "expired before the server's time");
    const listed = await B.send(new ListEngagementInvitationsCommand({
      Catalog: "Sandbox", ParticipantType: "RECEIVER", EngagementIdentifier: [engagement.Id], Status: ["EXPIRED"],
    }));
    assert.deepEqual(listed.EngagementInvitationSummaries.map((s) => s.Id), [invitation.Id]);
    await expectError(B.send(new AcceptEngagementInvitationCommand({ Catalog: "Sandbox", Identifier: invitation.Id })), ConflictException, 409);
  });

  it("a ClientToken retried more than a day later starts a new request", async () => {
    const input = { ...vectorInput("CreateEngagement"), ClientToken: randomUUID() };
    const first = await A.send(new CreateEngagementCommand(structuredClone(input)));
    const replay = await A.send(new CreateEngagementCommand(structuredClone(input)));

    await advance("PT25H");
    const later = await A.send(new CreateEngagementCommand(structuredClone(input)));

    assert.equal(replay.Id, first.Id, "replayed within the day");
    assert.notEqual(later.Id, first.Id, "a new engagement after the token lapsed");
    assert.ok(later.ModifiedAt.getTime() - first.ModifiedAt.getTime() >= 25 * 60 * 60 * 1000, "dated by the moved clock");
  });
});
