// Resource snapshots, snapshot jobs, engagement↔resource associations, tags, selling-system settings and prospecting
// tasks (spec 03 §3, §4, §6, §7; spec 01 §5) through the JS SDK: A shares an opportunity into an engagement B has joined;
// B reads the snapshots, never the opportunity; a running job re-snapshots after an update; C, an outsider, is refused.
import { describe, it } from "node:test";
import {
  AcceptEngagementInvitationCommand, AccessDeniedException, AssociateOpportunityCommand, ConflictException, CreateEngagementCommand,
  CreateEngagementInvitationCommand, CreateOpportunityCommand, CreateResourceSnapshotCommand, CreateResourceSnapshotJobCommand,
  DeleteResourceSnapshotJobCommand, GetEngagementCommand, GetOpportunityCommand, GetProspectingFromEngagementTaskCommand,
  GetResourceSnapshotCommand, GetResourceSnapshotJobCommand, GetSellingSystemSettingsCommand, ListEngagementResourceAssociationsCommand,
  ListResourceSnapshotsCommand, ListTagsForResourceCommand, PutSellingSystemSettingsCommand, ResourceNotFoundException,
  StartProspectingFromEngagementTaskCommand, StartResourceSnapshotJobCommand, StopResourceSnapshotJobCommand, TagResourceCommand,
  UntagResourceCommand, UpdateOpportunityCommand, ValidationException, paginateListProspectingFromEngagementTasks,
  paginateListResourceSnapshotJobs,
} from "@aws-sdk/client-partnercentral-selling";
import {
  A, accountA, accountB, accountC, assert, assertOk, B, C, expectError, futureDate, need, vectorInput,
} from "../lib/harness.mjs";

const CATALOG = "Sandbox";
const TEMPLATE = "OpportunitySummaryView";
const JOB_ID = /^job-[0-9a-z]{13}$/;
// Prospecting task ids have 14 characters after "task-", one more than the other task kinds (API reference:
// GetProspectingFromEngagementTask).
const PROSPECTING_TASK_ID = /^task-[0-9a-z]{14}$/;
const snapshotArn = (e, o, n) =>
  `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/engagement/${e}/resource/Opportunity/${o}/template/${TEMPLATE}/snapshot/${n}`;
const opportunityArn = (account, id) => `arn:aws:partnercentral:us-east-1:${account.accountId}:catalog/${CATALOG}/opportunity/${id}`;
const jobArn = (account, id) => `arn:aws:partnercentral:us-east-1:${account.accountId}:catalog/${CATALOG}/resource-snapshot-job/${id}`;

const opportunityInput = () => ({
  Catalog: CATALOG,
  Origin: "Partner Referral",
  OpportunityType: "Net New Business",
  PrimaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
  Customer: {
    Account: {
      CompanyName: "Umbrella Analytics",
      Industry: "Software and Internet",
      WebsiteUrl: "https://umbrella.example.com",
      Address: { City: "Denver", CountryCode: "US", PostalCode: "80202", StateOrRegion: "Colorado" },
    },
  },
  LifeCycle: { Stage: "Prospect", TargetCloseDate: futureDate("03-31"), NextSteps: "Discovery call" },
  Project: {
    Title: "Analytics platform modernisation",
    CustomerBusinessProblem: "Reporting jobs overrun their windows on the legacy cluster every night",
    DeliveryModels: ["SaaS or PaaS"],
    ExpectedCustomerSpend: [{ Amount: "2500.00", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }],
    ExpectedContractDuration: { Term: "Months", Value: "24" },
  },
});

const snapshotKey = (engagementId, opportunityId) => ({
  Catalog: CATALOG, EngagementIdentifier: engagementId, ResourceType: "Opportunity", ResourceIdentifier: opportunityId,
  ResourceSnapshotTemplateIdentifier: TEMPLATE,
});

describe("selling-system settings (C)", () => {
  it("never put: only the Catalog; a role name becomes a role ARN of the caller; put without a role clears it", async () => {
    const before = await C.send(new GetSellingSystemSettingsCommand({ Catalog: CATALOG }));
    assertOk(before);
    assert.equal(before.Catalog, CATALOG);
    assert.equal(before.ResourceSnapshotJobRoleArn, undefined);

    const put = await C.send(new PutSellingSystemSettingsCommand({ Catalog: CATALOG, ResourceSnapshotJobRoleIdentifier: "CosellSnapshots" }));
    assert.equal(put.ResourceSnapshotJobRoleArn, `arn:aws:iam::${accountC.accountId}:role/CosellSnapshots`);
    const after = await C.send(new GetSellingSystemSettingsCommand({ Catalog: CATALOG }));
    assert.equal(after.ResourceSnapshotJobRoleArn, put.ResourceSnapshotJobRoleArn);

    const cleared = await C.send(new PutSellingSystemSettingsCommand({ Catalog: CATALOG }));
    assert.equal(cleared.ResourceSnapshotJobRoleArn, undefined);
  });

  it("a malformed role is a ValidationException", async () => {
    await expectError(C.send(new PutSellingSystemSettingsCommand({ Catalog: CATALOG, ResourceSnapshotJobRoleIdentifier: "no spaces allowed" })),
      ValidationException, 400);
  });
});

describe("snapshots, jobs, associations and tags (A shares, B reads, C is an outsider)", () => {
  let engagementId;
  let opportunityId;
  let jobId;

  it("A creates an engagement, B joins it, A creates an opportunity", async () => {
    const engagement = await A.send(new CreateEngagementCommand({ ...vectorInput("CreateEngagement"), ClientToken: undefined, Title: "Snapshot sharing" }));
    engagementId = engagement.Id;
    const invitation = vectorInput("CreateEngagementInvitation-opportunity");
    invitation.EngagementIdentifier = engagementId;
    invitation.Invitation.Receiver.Account.AwsAccountId = accountB.accountId;
    delete invitation.ClientToken;
    const sent = await A.send(new CreateEngagementInvitationCommand(invitation));
    assertOk(await B.send(new AcceptEngagementInvitationCommand({ Catalog: CATALOG, Identifier: sent.Id })));
    const created = await A.send(new CreateOpportunityCommand(opportunityInput()));
    opportunityId = created.Id;
  });

  it("A takes a snapshot: revision 1 with the snapshot ARN", async () => {
    const out = await A.send(new CreateResourceSnapshotCommand(snapshotKey(need(engagementId, "the engagement"), need(opportunityId, "the opportunity"))));
    assertOk(out);
    assert.equal(out.Revision, 1);
    assert.equal(out.Arn, snapshotArn(engagementId, opportunityId, 1));
  });

  it("B reads the snapshot with its payload decoded, but not the opportunity", async () => {
    const out = await B.send(new GetResourceSnapshotCommand(snapshotKey(need(engagementId, "the engagement"), opportunityId)));
    assertOk(out);
    assert.equal(out.CreatedBy, accountA.accountId);
    assert.ok(out.CreatedAt instanceof Date);
    assert.equal(out.Revision, 1);
    assert.deepEqual(out.TargetMemberAccounts, [accountA.accountId, accountB.accountId]);
    const view = out.Payload.OpportunitySummary;
    assert.equal(view.Customer.Account.CompanyName, "Umbrella Analytics");
    assert.equal(view.Lifecycle.NextSteps, "Discovery call");
    assert.deepEqual(view.Project.ExpectedContractDuration, { Term: "Months", Value: "24" });
    assert.deepEqual(view.RelatedEntityIdentifiers.Solutions, []);
    await expectError(B.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId })), ResourceNotFoundException, 404);
  });

  it("C, not a member, is refused", async () => {
    await expectError(C.send(new GetResourceSnapshotCommand(snapshotKey(need(engagementId, "the engagement"), opportunityId))), AccessDeniedException, 403);
    await expectError(C.send(new ListResourceSnapshotsCommand({ Catalog: CATALOG, EngagementIdentifier: engagementId })), AccessDeniedException, 403);
  });

  it("ListEngagementResourceAssociations maps the opportunity to the engagement for A; B, a member without a snapshot of its own there, sees none", async () => {
    const request = { Catalog: CATALOG, EngagementIdentifier: need(engagementId, "the engagement") };
    const out = await A.send(new ListEngagementResourceAssociationsCommand(request));
    assertOk(out);
    assert.deepEqual(out.EngagementResourceAssociationSummaries, [{
      Catalog: CATALOG, EngagementId: engagementId, ResourceType: "Opportunity", ResourceId: opportunityId, CreatedBy: accountA.accountId,
    }]);
    const forB = await B.send(new ListEngagementResourceAssociationsCommand(request));
    assert.deepEqual(forB.EngagementResourceAssociationSummaries, []);
  });

  it("A creates a tagged job (Stopped), starts it with a role set, and an update takes revision 2", async () => {
    await A.send(new PutSellingSystemSettingsCommand({ Catalog: CATALOG, ResourceSnapshotJobRoleIdentifier: "CosellSnapshots" }));
    const created = await A.send(new CreateResourceSnapshotJobCommand({
      ...snapshotKey(need(engagementId, "the engagement"), opportunityId), Tags: [{ Key: "team", Value: "alliances" }],
    }));
    assert.match(created.Id, JOB_ID);
    assert.equal(created.Arn, jobArn(accountA, created.Id));
    jobId = created.Id;
    assert.equal((await A.send(new GetResourceSnapshotJobCommand({ Catalog: CATALOG, ResourceSnapshotJobIdentifier: jobId }))).Status, "Stopped");

    assertOk(await A.send(new StartResourceSnapshotJobCommand({ Catalog: CATALOG, ResourceSnapshotJobIdentifier: jobId })));
    const current = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId }));
    const { Id, CreatedDate, OpportunityTeam, RelatedEntityIdentifiers, Arn, $metadata, ...rest } = current;
    // An update names the marketing source even when the opportunity was created without one (REQUIRED_FIELD_MISSING).
    await A.send(new UpdateOpportunityCommand({
      ...rest, Identifier: Id, Marketing: rest.Marketing ?? { Source: "None" }, LifeCycle: { ...rest.LifeCycle, NextSteps: "Architecture review" },
    }));

    const latest = await B.send(new GetResourceSnapshotCommand(snapshotKey(engagementId, opportunityId)));
    assert.equal(latest.Revision, 2);
    assert.equal(latest.Payload.OpportunitySummary.Lifecycle.NextSteps, "Architecture review");
    const job = await A.send(new GetResourceSnapshotJobCommand({ Catalog: CATALOG, ResourceSnapshotJobIdentifier: jobId }));
    assert.equal(job.Status, "Running");
    assert.ok(job.LastSuccessfulExecutionDate instanceof Date);
    assert.equal(job.ResourceArn, opportunityArn(accountA, opportunityId));
    const listed = await B.send(new ListResourceSnapshotsCommand({ Catalog: CATALOG, EngagementIdentifier: engagementId }));
    assert.deepEqual(listed.ResourceSnapshotSummaries.map((s) => s.Revision), [1, 2]);
  });

  it("paginateListResourceSnapshotJobs lists A's job in the engagement", async () => {
    const ids = [];
    for await (const page of paginateListResourceSnapshotJobs({ client: A, pageSize: 1 }, { Catalog: CATALOG, EngagementIdentifier: need(engagementId, "the engagement") })) {
      ids.push(...page.ResourceSnapshotJobSummaries.map((j) => j.Id));
    }
    assert.deepEqual(ids, [need(jobId, "the job")]);
  });

  it("tags: the job's from its creation; an opportunity's by TagResource and UntagResource", async () => {
    const jobTags = await A.send(new ListTagsForResourceCommand({ ResourceArn: jobArn(accountA, need(jobId, "the job")) }));
    assert.deepEqual(jobTags.Tags, [{ Key: "team", Value: "alliances" }]);

    const arn = opportunityArn(accountA, opportunityId);
    assertOk(await A.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "stage", Value: "pilot" }, { Key: "owner", Value: "emea" }] })));
    assertOk(await A.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["stage"] })));
    assert.deepEqual((await A.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: "owner", Value: "emea" }]);
    await expectError(B.send(new ListTagsForResourceCommand({ ResourceArn: arn })), ResourceNotFoundException, 404);
  });

  it("a Running job cannot be deleted; stopped, it can, and then it is gone", async () => {
    const ref = { Catalog: CATALOG, ResourceSnapshotJobIdentifier: need(jobId, "the job") };
    await expectError(A.send(new DeleteResourceSnapshotJobCommand(ref)), ConflictException, 409);
    assertOk(await A.send(new StopResourceSnapshotJobCommand(ref)));
    assertOk(await A.send(new DeleteResourceSnapshotJobCommand(ref)));
    await expectError(A.send(new GetResourceSnapshotJobCommand(ref)), ResourceNotFoundException, 404);
  });

  it("AWS Marketplace solutions associate and read back in RelatedEntityIdentifiers", async () => {
    // A Marketplace solution of the caller's own seller account, as AWS's guide requires.
    const solution = `arn:aws:aws-marketplace:us-east-1:${accountA.accountId}:AWSMarketplace/Solution/soln-conformance`;
    assertOk(await A.send(new AssociateOpportunityCommand({
      Catalog: CATALOG, OpportunityIdentifier: need(opportunityId, "the opportunity"), RelatedEntityType: "AwsMarketplaceSolutions", RelatedEntityIdentifier: solution,
    })));
    const out = await A.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: opportunityId }));
    assert.deepEqual(out.RelatedEntityIdentifiers.AwsMarketplaceSolutions, [solution]);
    assert.deepEqual(out.RelatedEntityIdentifiers.AwsMarketplaceProducts, []);
  });
});

describe("prospecting tasks (A prospects its engagement and one it is not a member of)", () => {
  let taskId;
  let engagementId;

  it("StartProspectingFromEngagementTask completes; each engagement on its own", async () => {
    engagementId = (await A.send(new CreateEngagementCommand({ ...vectorInput("CreateEngagement"), ClientToken: undefined, Title: "Prospecting" }))).Id;
    const foreign = (await C.send(new CreateEngagementCommand({ ...vectorInput("CreateEngagement"), ClientToken: undefined, Title: "Not A's" }))).Id;

    const out = await A.send(new StartProspectingFromEngagementTaskCommand({ Catalog: CATALOG, TaskName: "Conformance prospecting", Identifiers: [engagementId, foreign] }));
    assertOk(out);
    assert.match(out.TaskId, PROSPECTING_TASK_ID);
    assert.equal(out.TaskStatus, "COMPLETED");
    assert.ok(out.StartTime instanceof Date);
    assert.deepEqual(out.Identifiers, [engagementId, foreign]);
    taskId = out.TaskId;

    const task = await A.send(new GetProspectingFromEngagementTaskCommand({ Catalog: CATALOG, TaskIdentifier: taskId }));
    assert.ok(task.EndTime instanceof Date);
    assert.deepEqual(task.Engagements.map((e) => [e.Status, e.ReasonCode]), [["COMPLETED", undefined], ["FAILED", "EngagementAccessDenied"]]);
  });

  it("the engagement carries a synthetic ProspectingResult context", async () => {
    const task = await A.send(new GetProspectingFromEngagementTaskCommand({ Catalog: CATALOG, TaskIdentifier: need(taskId, "the task") }));
    const engagement = await A.send(new GetEngagementCommand({ Catalog: CATALOG, Identifier: engagementId }));
    const context = engagement.Contexts.find((c) => c.Id === task.Engagements[0].EngagementContextId);
    assert.equal(context.Type, "ProspectingResult");
    assert.match(context.Payload.ProspectingResult.Aws.Customer.PublicProfileSummary, /^\[Synthetic\]/);
    assert.equal(context.Payload.ProspectingResult.Aws.TaskId, taskId);
  });

  it("paginateListProspectingFromEngagementTasks finds it with its counts", async () => {
    const found = [];
    for await (const page of paginateListProspectingFromEngagementTasks({ client: A, pageSize: 1 }, { Catalog: CATALOG, TaskIdentifier: [need(taskId, "the task")] })) {
      found.push(...page.TaskSummaries);
    }
    assert.equal(found.length, 1);
    assert.deepEqual([found[0].TotalEngagementCount, found[0].CompletedEngagementCount, found[0].FailedEngagementCount], [2, 1, 1]);
    await expectError(B.send(new GetProspectingFromEngagementTaskCommand({ Catalog: CATALOG, TaskIdentifier: taskId })), ResourceNotFoundException, 404);
  });
});
