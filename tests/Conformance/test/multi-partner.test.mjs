// The multi-partner path (spec 02 §8, §10; 03 §1.1, §2.1) across two accounts, through the real SDK: A creates an opportunity
// and submits it with StartEngagementFromOpportunityTask (a new engagement, an invitation to AWS, ReviewStatus Submitted);
// A invites B into that engagement with the seed OpportunityInvitation; B accepts with StartEngagementByAcceptingInvitationTask
// and gets its own opportunity, made from the invitation, whose review status mirrors A's (Submitted); A plays AWS in the
// Sandbox (GetOpportunity's output sent back to UpdateOpportunity with LifeCycle.ReviewStatus Approved), which flips B's
// opportunity to Approved and makes AWS a member of the engagement.
import { describe, it } from "node:test";
import {
  CreateEngagementInvitationCommand, CreateOpportunityCommand, GetEngagementCommand, GetEngagementInvitationCommand,
  GetOpportunityCommand, ListEngagementByAcceptingInvitationTasksCommand, ListEngagementFromOpportunityTasksCommand,
  ListEngagementInvitationsCommand, ListEngagementMembersCommand, ResourceNotFoundException,
  StartEngagementByAcceptingInvitationTaskCommand, StartEngagementFromOpportunityTaskCommand, UpdateOpportunityCommand,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, accountA, accountB, assert, assertDate, assertOk, B, ENGAGEMENT_ID, expectError, futureDate, INVITATION_ID,
  invitationArn, need, strip, vectorInput,
} from "../lib/harness.mjs";

const CATALOG = "Sandbox";
const TASK_ID = /^task-[0-9a-z]{13}$/;
const OPPORTUNITY_ID = /^O[0-9]+$/;
const JOB_ID = /^job-[0-9a-z]+$/;
const taskArn = (kind, id) => `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/${kind}/${id}`;

// ---------------------------------------------------------------- requests, from the model
const OPPORTUNITY_TITLE = "Multi-partner analytics platform for Contoso retail stores"; // 58 characters
const opportunityInput = () => ({
  Catalog: CATALOG,
  Origin: "Partner Referral",
  OpportunityType: "Net New Business",
  NationalSecurity: "No",
  PartnerOpportunityIdentifier: "CRM-MP-0001",
  PrimaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
  Customer: {
    Account: {
      CompanyName: "Contoso Retail",
      Industry: "Retail",
      WebsiteUrl: "https://contoso-retail.example.com",
      Address: { CountryCode: "US", City: "Chicago", PostalCode: "60601", StateOrRegion: "Illinois", StreetAddress: "1 Main St" },
    },
    Contacts: [{ Email: "sam.lee@contoso-retail.example.com", FirstName: "Sam", LastName: "Lee", BusinessTitle: "CIO" }],
  },
  LifeCycle: { Stage: "Qualified", TargetCloseDate: futureDate("09-30"), NextSteps: "Joint workshop with the receiving partner" },
  Marketing: { Source: "None" },
  Project: {
    Title: OPPORTUNITY_TITLE,
    CustomerBusinessProblem: "Store sales data arrives a day late and cannot drive same-day replenishment decisions",
    CustomerUseCase: "Big Data: Data Warehouse / Data Integration / ETL / Data Lake / BI",
    DeliveryModels: ["SaaS or PaaS"],
    ExpectedCustomerSpend: [{ Amount: "8000.00", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }],
    SalesActivities: ["Initialized discussions with customer"],
  },
});

/** GetOpportunity's members that UpdateOpportunity does not take (read-only), and Id renamed to Identifier. */
function asUpdate(opportunity) {
  const { $metadata, Id, Arn, CreatedDate, RelatedEntityIdentifiers, OpportunityTeam, ...rest } = structuredClone(opportunity);
  return { ...rest, Identifier: Id };
}

async function reviewStatus(client, id) {
  const out = await client.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: id }));
  return out.LifeCycle.ReviewStatus;
}

// ---------------------------------------------------------------- the path
describe("multi-partner opportunity (A submits and invites B, B accepts by task, A's approval reaches B)", () => {
  let senderOpportunityId;
  let engagementId;
  let awsInvitationId;
  let invitationId;
  let acceptTask;
  let receiverOpportunityId;
  const seed = vectorInput("CreateEngagementInvitation-opportunity");

  it("A creates an opportunity: Pending Submission", async () => {
    const out = await A.send(new CreateOpportunityCommand(opportunityInput()));
    assertOk(out);
    assert.match(out.Id, OPPORTUNITY_ID);
    assert.equal(out.PartnerOpportunityIdentifier, "CRM-MP-0001");
    assertDate(out.LastModifiedDate, "CreateOpportunity LastModifiedDate");
    senderOpportunityId = out.Id;
    assert.equal(await reviewStatus(A, out.Id), "Pending Submission");
  });

  it("A starts an engagement from it: COMPLETE, a new engagement, an invitation to AWS, Submitted", async () => {
    const out = await A.send(new StartEngagementFromOpportunityTaskCommand({
      Catalog: CATALOG,
      Identifier: need(senderOpportunityId, "A's opportunity"),
      AwsSubmission: { InvolvementType: "Co-Sell", Visibility: "Full" },
    }));
    assertOk(out);
    assert.match(out.TaskId, TASK_ID);
    assert.equal(out.TaskArn, taskArn("engagement-from-opportunity-task", out.TaskId));
    assert.equal(out.TaskStatus, "COMPLETE");
    assertDate(out.StartTime, "StartTime");
    assert.equal(out.OpportunityId, senderOpportunityId);
    assert.match(out.EngagementId ?? "", ENGAGEMENT_ID);
    assert.match(out.EngagementInvitationId ?? "", INVITATION_ID);
    assert.match(out.ResourceSnapshotJobId ?? "", JOB_ID);
    assert.equal(out.ReasonCode, undefined);
    engagementId = out.EngagementId;
    awsInvitationId = out.EngagementInvitationId;
    assert.equal(await reviewStatus(A, senderOpportunityId), "Submitted");

    // How a client finds the engagement afterwards (DG:multi): the task listing.
    const listed = await A.send(new ListEngagementFromOpportunityTasksCommand({ Catalog: CATALOG, TaskIdentifier: [out.TaskId] }));
    assertOk(listed);
    assert.deepEqual(listed.TaskSummaries.map(strip), [strip(out)]);
  });

  it("the engagement is A's, titled after the opportunity (cut to 40), and AWS is invited", async () => {
    const e = await A.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: need(engagementId, "the engagement") }));
    assertOk(e);
    assert.equal(e.Title, OPPORTUNITY_TITLE.slice(0, 40));
    assert.equal(e.CreatedBy, accountA.accountId);
    assert.equal(e.MemberCount, 1);
    assert.deepEqual(e.Contexts.map((c) => c.Type), ["CustomerProject"]);
    const sent = await A.send(new ListEngagementInvitationsCommand({
      Catalog: CATALOG, ParticipantType: "SENDER", EngagementIdentifier: [engagementId],
    }));
    const toAws = sent.EngagementInvitationSummaries.find((s) => s.Id === need(awsInvitationId, "the invitation to AWS"));
    assert.ok(toAws, `the invitation to AWS is listed; got ${JSON.stringify(sent.EngagementInvitationSummaries.map((s) => s.Id))}`);
    assert.deepEqual(toAws.Receiver, { Account: { AwsAccountId: "aws" } });
    assert.equal(toAws.Status, "PENDING");
  });

  it("A invites B into the engagement with the seed OpportunityInvitation", async () => {
    const input = structuredClone(seed);
    delete input.ClientToken; // the SDK fills the idempotency token
    input.EngagementIdentifier = need(engagementId, "the engagement");
    input.Invitation.Receiver.Account.AwsAccountId = accountB.accountId;
    const out = await A.send(new CreateEngagementInvitationCommand(input));
    assertOk(out);
    assert.match(out.Id, INVITATION_ID);
    assert.equal(out.Arn, invitationArn(out.Id));
    invitationId = out.Id;

    const got = await B.send(new GetEngagementInvitationCommand({ Catalog: CATALOG, Identifier: out.Id }));
    assert.equal(got.Status, "PENDING");
    assert.equal(got.EngagementId, engagementId);
    assert.deepEqual(got.ExistingMembers, [{ CompanyName: accountA.companyName, WebsiteUrl: accountA.websiteUrl }]);
  });

  it("B accepts with StartEngagementByAcceptingInvitationTask: COMPLETE, its own opportunity", async () => {
    const out = await B.send(new StartEngagementByAcceptingInvitationTaskCommand({
      Catalog: CATALOG,
      Identifier: invitationArn(need(invitationId, "the invitation")),
      Tags: [{ Key: "Source", Value: "conformance" }],
    }));
    assertOk(out);
    assert.match(out.TaskId, TASK_ID);
    assert.equal(out.TaskArn, taskArn("engagement-by-accepting-invitation-task", out.TaskId));
    assert.equal(out.TaskStatus, "COMPLETE");
    assertDate(out.StartTime, "StartTime");
    assert.match(out.OpportunityId ?? "", OPPORTUNITY_ID, "OpportunityId is present in the Start response");
    assert.notEqual(out.OpportunityId, senderOpportunityId);
    assert.match(out.ResourceSnapshotJobId ?? "", JOB_ID);
    assert.equal(out.EngagementInvitationId, invitationArn(invitationId), "the identifier is echoed as passed (an ARN)");
    assert.equal(out.ReasonCode, undefined);
    acceptTask = out;
    receiverOpportunityId = out.OpportunityId;

    const listed = await B.send(new ListEngagementByAcceptingInvitationTasksCommand({
      Catalog: CATALOG, EngagementInvitationIdentifier: [invitationId],
    }));
    // The listing names the invitation by its id (the member's pattern), as a real listing does.
    assert.deepEqual(listed.TaskSummaries.map(strip), [strip({ ...out, EngagementInvitationId: invitationId })]);
  });

  it("B is a member and the invitation is ACCEPTED", async () => {
    need(acceptTask, "the accept task");
    const e = await B.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: engagementId }));
    assert.equal(e.MemberCount, 2);
    assert.equal(e.ModifiedBy, accountB.accountId);
    const invitation = await A.send(new GetEngagementInvitationCommand({ Catalog: CATALOG, Identifier: invitationId }));
    assert.equal(invitation.Status, "ACCEPTED");
  });

  it("B's opportunity is made from the invitation and mirrors A's review status: Submitted", async () => {
    const out = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: need(receiverOpportunityId, "B's opportunity") }));
    assertOk(out);
    assert.equal(out.Arn, `arn:aws:partnercentral:us-east-1:${accountB.accountId}:catalog/${CATALOG}/opportunity/${receiverOpportunityId}`);
    const payload = seed.Invitation.Payload.OpportunityInvitation;
    assert.equal(out.Customer.Account.CompanyName, payload.Customer.CompanyName);
    assert.equal(out.Customer.Account.Industry, payload.Customer.Industry);
    assert.equal(out.Customer.Account.WebsiteUrl, payload.Customer.WebsiteUrl);
    assert.equal(out.Customer.Account.Address.CountryCode, payload.Customer.CountryCode);
    assert.equal(out.Project.Title, payload.Project.Title);
    assert.equal(out.Project.CustomerBusinessProblem, payload.Project.BusinessProblem);
    // Amounts as numbers: a real receiver's opportunity read "10000" for the invitation's "10000.00".
    assert.deepEqual(out.Project.ExpectedCustomerSpend,
      payload.Project.ExpectedCustomerSpend.map((s) => ({ ...s, Amount: s.Amount.includes(".") ? s.Amount.replace(/0+$/, "").replace(/\.$/, "") : s.Amount })));
    assert.equal(out.LifeCycle.Stage, "Prospect");
    assert.equal(out.LifeCycle.TargetCloseDate, payload.Project.TargetCompletionDate);
    assert.equal(out.LifeCycle.ReviewStatus, "Submitted");
    // Only its owner reads it.
    await expectError(A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: receiverOpportunityId })), ResourceNotFoundException, 404);
  });

  it("A approves its opportunity in the Sandbox (GetOpportunity's output back to UpdateOpportunity, ReviewStatus Approved)", async () => {
    const current = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: need(senderOpportunityId, "A's opportunity") }));
    assert.equal(current.LifeCycle.ReviewStatus, "Submitted");
    const input = asUpdate(current);
    input.LifeCycle.ReviewStatus = "Approved";
    const out = await A.send(new UpdateOpportunityCommand(input));
    assertOk(out);
    assert.equal(out.Id, senderOpportunityId);
    assertDate(out.LastModifiedDate, "UpdateOpportunity LastModifiedDate");
    assert.equal(await reviewStatus(A, senderOpportunityId), "Approved");
  });

  it("B's opportunity follows: Approved", async () => {
    assert.equal(await reviewStatus(B, need(receiverOpportunityId, "B's opportunity")), "Approved");
  });

  it("AWS joined the engagement; the invitation to AWS is ACCEPTED", async () => {
    const members = await B.send(new ListEngagementMembersCommand({ Catalog: CATALOG, Identifier: need(engagementId, "the engagement") }));
    assertOk(members);
    assert.deepEqual(members.EngagementMemberList.map((m) => m.AccountId), [accountA.accountId, accountB.accountId, "aws"]);
    assert.deepEqual(members.EngagementMemberList[2], { AccountId: "aws", CompanyName: "AWS", WebsiteUrl: "www.aws.com" });
    const toAws = await A.send(new GetEngagementInvitationCommand({ Catalog: CATALOG, Identifier: need(awsInvitationId, "the invitation to AWS") }));
    assert.equal(toAws.Status, "ACCEPTED");
  });
});
