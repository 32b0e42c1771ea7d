// ListEngagements through the SDK's own paginator (NextToken round trips).
import { describe, it } from "node:test";
import { paginateListEngagements, paginateListEngagementInvitations, CreateEngagementInvitationCommand } from "@aws-sdk/client-partnercentral-selling";
import { randomUUID } from "node:crypto";
import { A, C, accountC, assert, engagementArn, newEngagement, vectorInput } from "../lib/harness.mjs";

describe("pagination", () => {
  it("paginateListEngagements walks every engagement of the caller, two per page", async () => {
    const created = [];
    for (let i = 1; i <= 5; i++) created.push(await newEngagement(C, `Paginated engagement ${i}`));
    const pages = [];
    for await (const page of paginateListEngagements({ client: C, pageSize: 2 }, { Catalog: "Sandbox", CreatedBy: [accountC.accountId] })) {
      pages.push(page);
    }
    const items = pages.flatMap((p) => p.EngagementSummaryList);
    const ids = items.map((s) => s.Id);
    assert.ok(pages.length >= 3, `at least 3 pages of 2 for ${ids.length} engagements, got ${pages.length}`);
    for (const p of pages) {
      assert.ok(p.EngagementSummaryList.length <= 2, "MaxResults (pageSize) is honoured");
      assert.equal(p.$metadata.httpStatusCode, 200);
    }
    for (const p of pages.slice(0, -1)) assert.equal(typeof p.NextToken, "string", "every page but the last has a NextToken");
    assert.equal(pages.at(-1).NextToken, undefined, "the last page has no NextToken");
    assert.equal(new Set(ids).size, ids.length, "no engagement is listed twice");
    for (const id of created) assert.ok(ids.includes(id), `engagement ${id} is listed`);
    for (const s of items) {
      assert.equal(s.CreatedBy, accountC.accountId, "CreatedBy filter");
      assert.equal(s.Arn, engagementArn(s.Id));
      assert.ok(s.CreatedAt instanceof Date, "CreatedAt decodes as a Date");
      assert.equal(typeof s.Title, "string");
      assert.equal(s.MemberCount, 1);
      assert.deepEqual(s.ContextTypes, ["CustomerProject"]);
    }
    for (let i = 1; i < items.length; i++) {
      assert.ok(items[i - 1].CreatedAt >= items[i].CreatedAt, "newest first by default");
    }
    const mine = items.filter((s) => created.includes(s.Id)).map((s) => s.Title);
    assert.deepEqual(mine, created.map((_, i) => `Paginated engagement ${i + 1}`).reverse(), "newest first");
  });

  it("an engagement A created is not among C's engagements", async () => {
    const id = await newEngagement(A, "Not C's");
    const ids = [];
    for await (const page of paginateListEngagements({ client: C, pageSize: 50 }, { Catalog: "Sandbox" })) {
      ids.push(...page.EngagementSummaryList.map((s) => s.Id));
    }
    assert.ok(!ids.includes(id));
  });

  it("paginateListEngagementInvitations walks the sender's invitations, one per page", async () => {
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const input = vectorInput("CreateEngagementInvitation-opportunity");
      input.ClientToken = randomUUID();
      input.EngagementIdentifier = await newEngagement(A, `Paged invitation ${i}`);
      input.Invitation.Receiver.Account.AwsAccountId = accountC.accountId;
      sent.push((await A.send(new CreateEngagementInvitationCommand(input))).Id);
    }
    const ids = [];
    let pages = 0;
    for await (const page of paginateListEngagementInvitations({ client: A, pageSize: 1 }, { Catalog: "Sandbox", ParticipantType: "SENDER" })) {
      pages++;
      assert.ok(page.EngagementInvitationSummaries.length <= 1);
      ids.push(...page.EngagementInvitationSummaries.map((s) => s.Id));
    }
    assert.ok(pages >= 3);
    assert.equal(new Set(ids).size, ids.length, "no invitation is listed twice");
    for (const id of sent) assert.ok(ids.includes(id), `invitation ${id} is listed`);
  });
});
