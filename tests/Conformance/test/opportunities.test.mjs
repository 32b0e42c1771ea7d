// The opportunity operations a CRM sync calls that no other file drives through the SDK: ListOpportunities (its filters,
// the LastModifiedDate window a nightly sync sends as Dates, and the SDK's paginator), AssociateOpportunity and
// DisassociateOpportunity, AssignOpportunity, SubmitOpportunity, GetAwsOpportunitySummary, and the lead path's
// CreateEngagementContext and ListOpportunityFromEngagementTasks. Every output is decoded by the SDK itself: a member
// the server wrote in another form than the SDK reads would come back undefined, or as an invalid Date.
import { describe, it } from "node:test";
import {
  AssignOpportunityCommand, AssociateOpportunityCommand, CreateEngagementContextCommand, CreateOpportunityCommand,
  DisassociateOpportunityCommand, GetAwsOpportunitySummaryCommand, GetEngagementCommand, GetOpportunityCommand,
  ListOpportunitiesCommand, ListOpportunityFromEngagementTasksCommand, paginateListOpportunities,
  StartOpportunityFromEngagementTaskCommand, SubmitOpportunityCommand,
} from "@aws-sdk/client-partnercentral-selling";
import { A, accountA, assert, assertDate, assertOk, futureDate, need, newEngagement, strip } from "../lib/harness.mjs";

const CATALOG = "Sandbox";
const SANDBOX_SOLUTION = "S-1234567"; // every Sandbox account has it (spec 03 §5)
const OPPORTUNITY_ID = /^O[0-9]+$/;
const TASK_ID = /^task-[0-9a-z]+$/;
// A company name no other test file uses, so the CustomerCompanyName filter sees this file's opportunities only.
const COMPANY = `Fabrikam Conformance ${Date.now().toString(36)}`;
// The account has no users in the accounts file: its one user is admin@<website host> (README, "The accounts file").
// PartnerAccountManager is the title AWS's AssigneeContact reference tells callers to send for the opportunity's owner.
const ACCOUNT_USER = { Email: "admin@sender.example.com", FirstName: "Sender", LastName: "Admin", BusinessTitle: "PartnerAccountManager" };

const opportunityInput = (crmId) => ({
  Catalog: CATALOG,
  Origin: "Partner Referral",
  OpportunityType: "Net New Business",
  NationalSecurity: "No",
  PartnerOpportunityIdentifier: crmId,
  PrimaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
  Customer: {
    Account: {
      CompanyName: COMPANY,
      Industry: "Financial Services",
      WebsiteUrl: "https://fabrikam.example.com",
      Address: { CountryCode: "US", City: "Boston", PostalCode: "02110", StateOrRegion: "Massachusetts", StreetAddress: "1 Federal St" },
    },
    Contacts: [{ Email: "kim.park@fabrikam.example.com", FirstName: "Kim", LastName: "Park", BusinessTitle: "CFO" }],
  },
  LifeCycle: { Stage: "Prospect", TargetCloseDate: futureDate("06-30"), NextSteps: "Architecture review" },
  Marketing: { Source: "None" },
  Project: {
    Title: `Fabrikam ledger modernisation ${crmId}`,
    CustomerBusinessProblem: "Month-end close takes nine days because ledgers are reconciled by hand across three systems",
    CustomerUseCase: "Migration / Database Migration",
    DeliveryModels: ["Professional Services"],
    ExpectedCustomerSpend: [{ Amount: "12000.00", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }],
    SalesActivities: ["Initialized discussions with customer"],
  },
});

const byCompany = (extra = {}) => ({ Catalog: CATALOG, CustomerCompanyName: [COMPANY], ...extra });

describe("opportunities through the SDK", () => {
  const ids = [];
  let createdAt;

  it("CreateOpportunity three times; ListOpportunities by CustomerCompanyName lists them, newest change first, decoded", async () => {
    createdAt = new Date(Date.now() - 1000);
    for (const crmId of ["FAB-1", "FAB-2", "FAB-3"]) {
      const out = await A.send(new CreateOpportunityCommand(opportunityInput(crmId)));
      assert.match(out.Id, OPPORTUNITY_ID);
      ids.push(out.Id);
    }
    const out = await A.send(new ListOpportunitiesCommand(byCompany()));
    assertOk(out);
    assert.deepEqual(out.OpportunitySummaries.map((s) => s.Id), [...ids].reverse());
    assert.equal(out.NextToken, undefined);
    const s = out.OpportunitySummaries.at(-1);
    assert.equal(s.Catalog, CATALOG);
    assert.equal(s.Arn, `arn:aws:partnercentral:us-east-1:${accountA.accountId}:catalog/${CATALOG}/opportunity/${ids[0]}`);
    assert.equal(s.PartnerOpportunityIdentifier, "FAB-1");
    assert.equal(s.OpportunityType, "Net New Business");
    assertDate(s.LastModifiedDate, "LastModifiedDate");
    assertDate(s.CreatedDate, "CreatedDate");
    assert.equal(s.LifeCycle.Stage, "Prospect");
    assert.equal(s.LifeCycle.ReviewStatus, "Pending Submission");
    assert.equal(s.LifeCycle.TargetCloseDate, futureDate("06-30"));
    assert.equal(s.Customer.Account.CompanyName, COMPANY);
    assert.equal(s.Customer.Account.Address.CountryCode, "US");
  });

  it("ListOpportunities takes Identifier, stage and review-status filters and the LastModifiedDate window as Dates", async () => {
    need(ids.length === 3, "three opportunities");
    const one = await A.send(new ListOpportunitiesCommand(byCompany({ Identifier: [ids[1]] })));
    assert.deepEqual(one.OpportunitySummaries.map((s) => s.Id), [ids[1]]);
    const prospects = await A.send(new ListOpportunitiesCommand(byCompany({ LifeCycleStage: ["Prospect"], LifeCycleReviewStatus: ["Pending Submission"] })));
    assert.equal(prospects.OpportunitySummaries.length, 3);
    const qualified = await A.send(new ListOpportunitiesCommand(byCompany({ LifeCycleStage: ["Qualified"] })));
    assert.deepEqual(qualified.OpportunitySummaries, []);

    const since = await A.send(new ListOpportunitiesCommand(byCompany({ LastModifiedDate: { AfterLastModifiedDate: createdAt } })));
    assert.equal(since.OpportunitySummaries.length, 3, "changed after the sync's last run");
    const before = await A.send(new ListOpportunitiesCommand(byCompany({ LastModifiedDate: { BeforeLastModifiedDate: createdAt } })));
    assert.deepEqual(before.OpportunitySummaries, [], "nothing of this file changed before it started");
  });

  it("paginateListOpportunities walks pages of one, oldest change first when sorted so", async () => {
    need(ids.length === 3, "three opportunities");
    const seen = [];
    let pages = 0;
    const input = byCompany({ Sort: { SortBy: "LastModifiedDate", SortOrder: "ASCENDING" } });
    for await (const page of paginateListOpportunities({ client: A, pageSize: 1 }, input)) {
      pages += 1;
      seen.push(...page.OpportunitySummaries.map((s) => s.Id));
    }
    assert.deepEqual(seen, ids);
    assert.equal(pages, 3);
  });

  it("AssociateOpportunity (a solution and an AWS product), DisassociateOpportunity (the product): GetOpportunity shows the rest", async () => {
    const id = need(ids[0], "an opportunity");
    for (const [type, entity] of [["Solutions", SANDBOX_SOLUTION], ["AwsProducts", "AmazonRedshift"]]) {
      assertOk(await A.send(new AssociateOpportunityCommand({
        Catalog: CATALOG, OpportunityIdentifier: id, RelatedEntityType: type, RelatedEntityIdentifier: entity,
      })));
    }
    const associated = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: id }));
    assert.deepEqual(associated.RelatedEntityIdentifiers.Solutions, [SANDBOX_SOLUTION]);
    assert.deepEqual(associated.RelatedEntityIdentifiers.AwsProducts, ["AmazonRedshift"]);

    const out = await A.send(new DisassociateOpportunityCommand({
      Catalog: CATALOG, OpportunityIdentifier: id, RelatedEntityType: "AwsProducts", RelatedEntityIdentifier: "AmazonRedshift",
    }));
    assertOk(out);
    assert.deepEqual(strip(out), {}, "an empty output");
    const after = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: id }));
    assert.deepEqual(after.RelatedEntityIdentifiers.Solutions, [SANDBOX_SOLUTION]);
    assert.deepEqual(after.RelatedEntityIdentifiers.AwsProducts ?? [], []);
  });

  it("AssignOpportunity to one of the account's users: its team is led by that user as OpportunityOwner", async () => {
    const id = need(ids[1], "an opportunity");
    const out = await A.send(new AssignOpportunityCommand({ Catalog: CATALOG, Identifier: id, Assignee: ACCOUNT_USER }));
    assertOk(out);
    const after = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: id }));
    const owners = after.OpportunityTeam.filter((m) => m.BusinessTitle === "OpportunityOwner");
    assert.deepEqual(owners.map((m) => [m.Email, m.FirstName, m.LastName]), [[ACCOUNT_USER.Email, ACCOUNT_USER.FirstName, ACCOUNT_USER.LastName]]);
  });

  it("SubmitOpportunity, then GetAwsOpportunitySummary of the AWS opportunity it is linked to", async () => {
    const id = need(ids[0], "an opportunity with a solution");
    assertOk(await A.send(new SubmitOpportunityCommand({ Catalog: CATALOG, Identifier: id, InvolvementType: "Co-Sell", Visibility: "Full" })));
    const submitted = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: id }));
    assert.equal(submitted.LifeCycle.ReviewStatus, "Submitted");

    const out = await A.send(new GetAwsOpportunitySummaryCommand({ Catalog: CATALOG, RelatedOpportunityIdentifier: id }));
    assertOk(out);
    assert.equal(out.Catalog, CATALOG);
    assert.equal(out.RelatedOpportunityId, id);
    assert.equal(out.InvolvementType, "Co-Sell");
    assert.equal(out.Visibility, "Full");
    const listed = await A.send(new ListOpportunitiesCommand(byCompany({ LifeCycleReviewStatus: ["Submitted"] })));
    assert.deepEqual(listed.OpportunitySummaries.map((s) => s.Id), [id]);
  });

  it("CreateEngagementContext adds a Lead; StartOpportunityFromEngagementTask converts it; ListOpportunityFromEngagementTasks finds the task", async () => {
    const engagementId = await newEngagement(A, "Conformance lead conversion");
    const before = await A.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: engagementId }));
    const context = await A.send(new CreateEngagementContextCommand({
      Catalog: CATALOG,
      EngagementIdentifier: engagementId,
      Type: "Lead",
      Payload: {
        Lead: {
          QualificationStatus: "Qualified",
          Customer: {
            CompanyName: COMPANY,
            Industry: "Financial Services",
            WebsiteUrl: "https://fabrikam.example.com",
            Address: { CountryCode: "US", City: "Boston", PostalCode: "02110", StateOrRegion: "Massachusetts" },
          },
          Interactions: [{
            SourceType: "Event",
            SourceId: "EVT-FAB-1",
            SourceName: "Finance summit",
            CustomerAction: "Visited Booth",
            Usecase: "Migration",
            BusinessProblem: "Month-end close takes nine days because ledgers are reconciled by hand",
            InteractionDate: new Date(Date.now() - 3600_000),
            Contact: { BusinessTitle: "CFO", Email: "kim.park@fabrikam.example.com", FirstName: "Kim", LastName: "Park" },
          }],
        },
      },
    }));
    assertOk(context);
    assert.equal(context.EngagementId, engagementId);
    assert.match(context.ContextId, /^[1-9][0-9]*$/);
    assertDate(context.EngagementLastModifiedAt, "EngagementLastModifiedAt");
    assert.ok(context.EngagementLastModifiedAt > before.ModifiedAt, "the engagement's ModifiedAt moved on");

    const task = await A.send(new StartOpportunityFromEngagementTaskCommand({
      Catalog: CATALOG, Identifier: engagementId, ContextIdentifier: context.ContextId,
    }));
    assert.match(task.TaskId, TASK_ID);
    assert.equal(task.TaskStatus, "COMPLETE", `${task.ReasonCode ?? ""} ${task.Message ?? ""}`);

    const out = await A.send(new ListOpportunityFromEngagementTasksCommand({ Catalog: CATALOG, TaskIdentifier: [task.TaskId] }));
    assertOk(out);
    assert.equal(out.TaskSummaries.length, 1);
    const s = out.TaskSummaries[0];
    assert.equal(s.TaskId, task.TaskId);
    assert.equal(s.TaskArn, task.TaskArn);
    assert.equal(s.TaskStatus, "COMPLETE");
    assert.equal(s.OpportunityId, task.OpportunityId);
    assert.equal(s.EngagementId, engagementId);
    assertDate(s.StartTime, "StartTime");
    assert.equal(s.StartTime.getTime(), task.StartTime.getTime());
    const byEngagement = await A.send(new ListOpportunityFromEngagementTasksCommand({ Catalog: CATALOG, EngagementIdentifier: [engagementId] }));
    assert.deepEqual(byEngagement.TaskSummaries.map((t) => t.TaskId), [task.TaskId]);
  });
});
