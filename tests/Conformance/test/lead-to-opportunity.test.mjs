// The lead-to-opportunity path (spec 01 §4, 03 §2.2 and §2.1) across two accounts, written from the model: A stands in
// for AWS and creates a Lead engagement, then sends B a LeadInvitation; B reads and accepts it, qualifies the lead with
// UpdateEngagementContext (optimistic concurrency on the engagement's ModifiedAt), converts it with
// StartOpportunityFromEngagementTask, associates the Sandbox solution, sends the opportunity back to UpdateOpportunity
// as GetOpportunity returned it, and submits it with StartEngagementFromOpportunityTask, which reuses the lead engagement.
//
// A step whose operation (or an operation an earlier step needs) is not implemented yet is marked `todo`: it still runs,
// and its outcome is reported, but it does not fail the suite. Which operations are implemented is asked of the server
// when the file loads (a bare request is answered NotImplementedException, HTTP 501, by a missing handler).
import { describe, it } from "node:test";
import * as sdk from "@aws-sdk/client-partnercentral-selling";
import {
  AcceptEngagementInvitationCommand, AssociateOpportunityCommand, ConflictException, CreateEngagementCommand,
  CreateEngagementInvitationCommand, GetEngagementCommand, GetEngagementInvitationCommand, GetOpportunityCommand,
  ListSolutionsCommand, StartEngagementFromOpportunityTaskCommand, StartOpportunityFromEngagementTaskCommand,
  UpdateEngagementContextCommand, UpdateOpportunityCommand,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, accountA, accountB, accountC, assert, assertDate, assertOk, B, clientFor, ENGAGEMENT_ID, engagementArn,
  expectError, INVITATION_ID, need, strip, vectorInput,
} from "../lib/harness.mjs";

const CATALOG = "Sandbox";
const SANDBOX_SOLUTION = "S-1234567"; // every Sandbox account has it (DG:sandbox; spec 03 §5)
const TASK_ID = /^task-[0-9a-z]+$/;
const OPPORTUNITY_ID = /^O[0-9]+$/;

// ---------------------------------------------------------------- which operations the server implements
const OPERATIONS = [
  "CreateEngagement", "CreateEngagementInvitation", "GetEngagementInvitation", "AcceptEngagementInvitation", "GetEngagement",
  "UpdateEngagementContext", "StartOpportunityFromEngagementTask", "ListSolutions", "AssociateOpportunity", "GetOpportunity",
  "UpdateOpportunity", "StartEngagementFromOpportunityTask",
];
const implemented = new Set();
{
  const probe = clientFor(accountC, { maxAttempts: 1 }); // a 501 would otherwise be retried
  for (const op of OPERATIONS) {
    try {
      await probe.send(new sdk[`${op}Command`]({ Catalog: CATALOG }));
      implemented.add(op);
    } catch (e) {
      if (e.name !== "NotImplementedException") implemented.add(op);
    }
  }
}
/** `todo` for a step that calls `ops` (its own and those of the earlier steps it depends on). */
function needs(...ops) {
  const missing = ops.filter((op) => !implemented.has(op));
  return missing.length ? { todo: `not implemented yet: ${missing.join(", ")}` } : {};
}
const LEAD = ["CreateEngagement", "CreateEngagementInvitation", "AcceptEngagementInvitation"];
const CONVERTED = [...LEAD, "GetEngagement", "UpdateEngagementContext", "StartOpportunityFromEngagementTask"];

// ---------------------------------------------------------------- requests, from the model
const leadCustomer = {
  CompanyName: "Initech Logistics",
  Industry: "Transportation and Logistics",
  Address: { CountryCode: "US", StateOrRegion: "Texas", City: "Austin" },
};
const firstInteraction = {
  SourceType: "Event",
  SourceId: "EVT-2026-0117",
  SourceName: "Supply chain summit 2026",
  CustomerAction: "Visited Booth",
  Usecase: "Migration",
  Contact: { BusinessTitle: "VP Infrastructure", Email: "dana.reyes@initech.example.com", FirstName: "Dana", LastName: "Reyes" },
};
const leadEngagementInput = () => ({
  Catalog: CATALOG,
  Title: "Initech fleet data lead",
  Description: "Lead from the 2026 supply chain summit, routed for qualification",
  Contexts: [{ Type: "Lead", Payload: { Lead: { Customer: leadCustomer, Interactions: [firstInteraction] } } }],
});
const qualifiedCustomer = {
  CompanyName: "Initech Logistics",
  Industry: "Software and Internet",
  WebsiteUrl: "https://initech-logistics.example.com",
  MarketSegment: "Medium",
  AwsMaturity: "Multi-Account",
  Address: { CountryCode: "US", StateOrRegion: "Texas", City: "Austin", PostalCode: "78701" },
};
const BUSINESS_PROBLEM = "Fleet telemetry lands in a single on-premises database that cannot keep up with daily route planning";
const qualifyingInteraction = {
  SourceType: "Other",
  SourceId: "CALL-0031",
  SourceName: "Discovery call",
  CustomerAction: "Requested Contact",
  BusinessProblem: BUSINESS_PROBLEM,
  Usecase: "Database",
  InteractionDate: new Date(Date.now() - 60 * 60 * 1000),
  Contact: { BusinessTitle: "VP Infrastructure", Email: "dana.reyes@initech.example.com", FirstName: "Dana", LastName: "Reyes" },
};

/** GetOpportunity's members that UpdateOpportunity does not take (read-only), and Id renamed to Identifier. */
function asUpdate(opportunity) {
  const { $metadata, Id, Arn, CreatedDate, RelatedEntityIdentifiers, OpportunityTeam, ...rest } = structuredClone(opportunity);
  return { ...rest, Identifier: Id };
}

// ---------------------------------------------------------------- the path
describe("lead to opportunity (A stands in for AWS, B converts the lead)", () => {
  let engagementId;
  let invitationId;
  let modifiedAt; // GetEngagement ModifiedAt before the qualification
  let opportunityId;
  let opportunity; // GetOpportunity output after the association

  it("A creates a Lead engagement in the Sandbox catalog", needs("CreateEngagement"), async () => {
    const out = await A.send(new CreateEngagementCommand(leadEngagementInput()));
    assertOk(out);
    assert.match(out.Id, ENGAGEMENT_ID);
    assert.equal(out.Arn, engagementArn(out.Id));
    assertDate(out.ModifiedAt, "CreateEngagement ModifiedAt");
    engagementId = out.Id;
  });

  it("A sends B a LeadInvitation for it", needs("CreateEngagement", "CreateEngagementInvitation"), async () => {
    const input = vectorInput("CreateEngagementInvitation-lead");
    delete input.ClientToken; // the SDK fills the idempotency token
    input.EngagementIdentifier = need(engagementId, "the engagement");
    input.Invitation.Receiver.Account.AwsAccountId = accountB.accountId;
    const out = await A.send(new CreateEngagementInvitationCommand(input));
    assertOk(out);
    assert.match(out.Id, INVITATION_ID);
    invitationId = out.Id;
  });

  it("B gets the invitation: a pending LeadInvitation from A for the engagement", needs("CreateEngagement", "CreateEngagementInvitation", "GetEngagementInvitation"), async () => {
    const out = await B.send(new GetEngagementInvitationCommand({ Catalog: CATALOG, Identifier: need(invitationId, "the invitation") }));
    assertOk(out);
    assert.equal(out.PayloadType, "LeadInvitation");
    assert.equal(out.Status, "PENDING");
    assert.equal(out.EngagementId, engagementId);
    assert.equal(out.EngagementTitle, leadEngagementInput().Title);
    assert.equal(out.SenderAwsAccountId, accountA.accountId);
    assert.deepEqual(out.Receiver, { Account: { AwsAccountId: accountB.accountId } });
    assert.ok(out.Payload?.LeadInvitation, "the payload is a LeadInvitation");
  });

  it("B accepts the invitation", needs(...LEAD), async () => {
    const out = await B.send(new AcceptEngagementInvitationCommand({ Catalog: CATALOG, Identifier: need(invitationId, "the invitation") }));
    assertOk(out);
    assert.deepEqual(strip(out), {});
  });

  it("B gets the engagement: a member now, with the Lead context \"1\" and its contact", needs(...LEAD, "GetEngagement"), async () => {
    const out = await B.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: need(engagementId, "the engagement") }));
    assertOk(out);
    assert.equal(out.MemberCount, 2);
    assert.equal(out.CreatedBy, accountA.accountId);
    assert.equal(out.ModifiedBy, accountB.accountId, "accepting modifies the engagement (spec 01 §1)");
    assertDate(out.ModifiedAt, "GetEngagement ModifiedAt");
    const [context] = out.Contexts;
    assert.equal(context.Id, "1");
    assert.equal(context.Type, "Lead");
    assert.equal(context.Payload.Lead.Customer.CompanyName, leadCustomer.CompanyName);
    assert.deepEqual(context.Payload.Lead.Interactions[0].Contact, firstInteraction.Contact, "members see the lead's contact");
    modifiedAt = out.ModifiedAt;
  });

  it("B qualifies the lead: UpdateEngagementContext with EngagementLastModifiedAt = GetEngagement's ModifiedAt", needs(...LEAD, "GetEngagement", "UpdateEngagementContext"), async () => {
    const out = await B.send(new UpdateEngagementContextCommand({
      Catalog: CATALOG,
      EngagementIdentifier: need(engagementId, "the engagement"),
      ContextIdentifier: "1",
      EngagementLastModifiedAt: need(modifiedAt, "GetEngagement's ModifiedAt"),
      Type: "Lead",
      Payload: { Lead: { QualificationStatus: "Qualified", Customer: qualifiedCustomer, Interaction: qualifyingInteraction } },
    }));
    assertOk(out);
    assert.equal(out.EngagementId, engagementId);
    assert.equal(out.EngagementArn, engagementArn(engagementId));
    assert.equal(out.ContextId, "1");
    assertDate(out.EngagementLastModifiedAt, "EngagementLastModifiedAt");
    assert.ok(out.EngagementLastModifiedAt > modifiedAt, "the engagement's ModifiedAt moved on");

    const after = await B.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: engagementId }));
    assert.equal(after.ModifiedAt.getTime(), out.EngagementLastModifiedAt.getTime(), "GetEngagement shows the new ModifiedAt");
    const lead = after.Contexts.find((c) => c.Id === "1").Payload.Lead;
    assert.equal(lead.QualificationStatus, "Qualified");
    assert.equal(lead.Customer.Industry, qualifiedCustomer.Industry);
    assert.ok(lead.Interactions.some((i) => i.SourceId === qualifyingInteraction.SourceId), "the qualifying interaction is stored");
  });

  it("the same update with the old ModifiedAt is a ConflictException", needs(...LEAD, "GetEngagement", "UpdateEngagementContext"), async () => {
    await expectError(B.send(new UpdateEngagementContextCommand({
      Catalog: CATALOG,
      EngagementIdentifier: need(engagementId, "the engagement"),
      ContextIdentifier: "1",
      EngagementLastModifiedAt: need(modifiedAt, "GetEngagement's ModifiedAt"),
      Type: "Lead",
      Payload: { Lead: { QualificationStatus: "Qualified", Customer: qualifiedCustomer } },
    })), ConflictException, 409);
  });

  it("B starts an opportunity from the engagement: COMPLETE at once, OpportunityId set, ContextId \"2\"", needs(...CONVERTED), async () => {
    const before = Date.now();
    const out = await B.send(new StartOpportunityFromEngagementTaskCommand({
      Catalog: CATALOG,
      Identifier: need(engagementId, "the engagement"),
      ContextIdentifier: "1",
      Tags: [{ Key: "Origin", Value: "LeadConversion" }],
    }));
    assertOk(out);
    assert.match(out.TaskId, TASK_ID);
    assert.equal(out.TaskArn, `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/opportunity-from-engagement-task/${out.TaskId}`);
    assert.equal(out.TaskStatus, "COMPLETE");
    assertDate(out.StartTime, "StartTime");
    assert.ok(Math.abs(out.StartTime.getTime() - before) < 60_000, "StartTime is about now");
    assert.match(out.OpportunityId ?? "", OPPORTUNITY_ID, "OpportunityId is present in the Start response");
    assert.equal(out.EngagementId, engagementId);
    assert.equal(out.ContextId, "2", "ContextId is the new CustomerProject context (spec 03 §2.2)");
    assert.equal(out.ReasonCode, undefined);
    opportunityId = out.OpportunityId;
  });

  it("the engagement gained the CustomerProject context \"2\"", needs(...CONVERTED), async () => {
    need(opportunityId, "the converted opportunity");
    const out = await B.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: engagementId }));
    const context = out.Contexts.find((c) => c.Id === "2");
    assert.ok(context, `context "2" exists; got ${JSON.stringify(out.Contexts.map((c) => [c.Id, c.Type]))}`);
    assert.equal(context.Type, "CustomerProject");
  });

  it(`B lists its active solutions: the Sandbox solution ${SANDBOX_SOLUTION} is there`, needs("ListSolutions"), async () => {
    const out = await B.send(new ListSolutionsCommand({ Catalog: CATALOG, Status: ["Active"], MaxResults: 20 }));
    assertOk(out);
    const s = out.SolutionSummaries.find((x) => x.Id === SANDBOX_SOLUTION);
    assert.ok(s, `listed; got ${JSON.stringify(out.SolutionSummaries.map((x) => x.Id))}`);
    assert.equal(s.Catalog, CATALOG);
    assert.equal(s.Status, "Active");
    assert.equal(s.Arn, `arn:aws:partnercentral:us-east-1:${accountB.accountId}:catalog/${CATALOG}/solution/${SANDBOX_SOLUTION}`);
    assert.equal(typeof s.Name, "string");
    assert.equal(typeof s.Category, "string");
    assertDate(s.CreatedDate, "solution CreatedDate");
    for (const x of out.SolutionSummaries) assert.equal(x.Status, "Active", "Status filter");
  });

  it(`B associates ${SANDBOX_SOLUTION} with the opportunity`, needs(...CONVERTED, "AssociateOpportunity"), async () => {
    const out = await B.send(new AssociateOpportunityCommand({
      Catalog: CATALOG,
      OpportunityIdentifier: need(opportunityId, "the converted opportunity"),
      RelatedEntityType: "Solutions",
      RelatedEntityIdentifier: SANDBOX_SOLUTION,
    }));
    assertOk(out);
    assert.deepEqual(strip(out), {});
  });

  it("B gets the opportunity: drafted from the qualified lead, with the solution", needs(...CONVERTED, "AssociateOpportunity", "GetOpportunity"), async () => {
    const out = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: need(opportunityId, "the converted opportunity") }));
    assertOk(out);
    assert.equal(out.Id, opportunityId);
    assert.equal(out.Arn, `arn:aws:partnercentral:us-east-1:${accountB.accountId}:catalog/${CATALOG}/opportunity/${opportunityId}`);
    assert.equal(out.Catalog, CATALOG);
    assert.deepEqual(out.RelatedEntityIdentifiers.Solutions, [SANDBOX_SOLUTION]);
    assert.equal(out.LifeCycle.ReviewStatus, "Pending Submission");
    assert.equal(out.LifeCycle.Stage, "Prospect");
    assert.equal(out.Customer.Account.CompanyName, qualifiedCustomer.CompanyName);
    assert.equal(out.Customer.Account.Industry, qualifiedCustomer.Industry);
    assert.equal(out.Customer.Account.Address.CountryCode, qualifiedCustomer.Address.CountryCode);
    assert.equal(out.Project.CustomerBusinessProblem, BUSINESS_PROBLEM);
    assertDate(out.LastModifiedDate, "LastModifiedDate");
    assertDate(out.CreatedDate, "CreatedDate");
    opportunity = out;
  });

  it("B sends the opportunity back to UpdateOpportunity as returned (read-only members removed)", needs(...CONVERTED, "AssociateOpportunity", "GetOpportunity", "UpdateOpportunity"), async () => {
    const input = asUpdate(need(opportunity, "GetOpportunity's output"));
    const out = await B.send(new UpdateOpportunityCommand(input));
    assertOk(out);
    assert.equal(out.Id, opportunityId);
    assertDate(out.LastModifiedDate, "UpdateOpportunity LastModifiedDate");
    assert.ok(out.LastModifiedDate >= opportunity.LastModifiedDate, "LastModifiedDate does not go back");

    const again = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId }));
    assert.equal(again.LastModifiedDate.getTime(), out.LastModifiedDate.getTime(), "GetOpportunity shows the new LastModifiedDate");
    assert.deepEqual(asUpdate({ ...again, LastModifiedDate: input.LastModifiedDate }), input, "an unchanged round trip changes nothing");
    if (out.LastModifiedDate.getTime() !== opportunity.LastModifiedDate.getTime()) {
      await expectError(B.send(new UpdateOpportunityCommand(input)), ConflictException, 409); // the old LastModifiedDate
    }
  });

  it("B records a sales activity, which a submission needs and a converted lead lacks", needs(...CONVERTED, "GetOpportunity", "UpdateOpportunity"), async () => {
    const current = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: need(opportunityId, "the converted opportunity") }));
    assert.equal(current.Project.SalesActivities, undefined);
    const input = asUpdate(current);
    input.Project = { ...input.Project, SalesActivities: ["Conducted POC / Demo"] };
    assertOk(await B.send(new UpdateOpportunityCommand(input)));
    const again = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId }));
    assert.deepEqual(again.Project.SalesActivities, ["Conducted POC / Demo"]);
  });

  it("B starts an engagement from the opportunity: the lead engagement is reused, AWS (not a member) is invited", needs(...CONVERTED, "GetOpportunity", "StartEngagementFromOpportunityTask"), async () => {
    const out = await B.send(new StartEngagementFromOpportunityTaskCommand({
      Catalog: CATALOG,
      Identifier: need(opportunityId, "the converted opportunity"),
      AwsSubmission: { InvolvementType: "Co-Sell", Visibility: "Full" },
    }));
    assertOk(out);
    assert.match(out.TaskId, TASK_ID);
    assert.equal(out.TaskArn, `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/engagement-from-opportunity-task/${out.TaskId}`);
    assert.equal(out.TaskStatus, "COMPLETE");
    assert.equal(out.OpportunityId, opportunityId);
    assert.equal(out.EngagementId, engagementId, "EngagementId is the lead engagement (spec 03 §2.1)");
    // A stood in for AWS: the real AWS is not a member, so the submission invites it (a Sandbox capture in AWS's
    // Postman samples answers with an EngagementInvitationId for a lead a partner made).
    assert.match(out.EngagementInvitationId ?? "", /^engi-[0-9a-z]{13}$/);
    const toAws = await B.send(new GetEngagementInvitationCommand({ Catalog: CATALOG, Identifier: out.EngagementInvitationId }));
    assert.equal(toAws.Receiver.Account.AwsAccountId, "aws");
    assert.equal(out.ReasonCode, undefined);

    const submitted = await B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId }));
    assert.equal(submitted.LifeCycle.ReviewStatus, "Submitted");
  });
});

// ---------------------------------------------------------------- a lead as the SDK types it (model patch 007)
describe("a lead as the SDK types it: free-text customer, no address, no interaction source", () => {
  it("B creates it, reads it back as sent, and converts it: the industry becomes Other with B's words", needs("CreateEngagement", "GetEngagement", "StartOpportunityFromEngagementTask", "GetOpportunity"), async () => {
    const b = clientFor(accountB);
    const customer = { CompanyName: "Umbrella Freight", Industry: "Freight brokerage", MarketSegment: "Mid-market", WebsiteUrl: "umbrella", AwsMaturity: "Evaluating" };
    const interaction = { BusinessProblem: "Quotes take days", Contact: { BusinessTitle: "Head of Operations", Email: "ops at umbrella", FirstName: "Jo", LastName: "Park", Phone: "ext. 7" } };
    const created = await b.send(new CreateEngagementCommand({
      Catalog: CATALOG, Title: "Umbrella freight lead", Description: "A lead typed the way the SDK allows",
      Contexts: [{ Type: "Lead", Payload: { Lead: { Customer: customer, Interactions: [interaction] } } }],
    }));
    assertOk(created);
    const engagement = await b.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: created.Id }));
    const lead = engagement.Contexts[0].Payload.Lead;
    assert.deepEqual(lead.Customer, customer);
    const { InteractionDate, ...stored } = lead.Interactions[0]; // the server dates an undated interaction
    assert.ok(InteractionDate instanceof Date);
    assert.deepEqual(stored, interaction);

    const task = await b.send(new StartOpportunityFromEngagementTaskCommand({ Catalog: CATALOG, Identifier: created.Id, ContextIdentifier: "1" }));
    const opportunity = await b.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: task.OpportunityId }));
    assert.equal(opportunity.Customer.Account.Industry, "Other");
    assert.equal(opportunity.Customer.Account.OtherIndustry, "Freight brokerage");
    assert.equal(opportunity.Customer.Account.WebsiteUrl, "umbrella");
  });
});
