using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// What a Running job does (spec 03 §4): a new revision when the opportunity's template fields change, nothing when other
/// fields do; without a ResourceSnapshotJobRole (spec 03 §6) it records LastFailure instead. The three engagement tasks
/// leave a real, Running job and a first snapshot behind.
/// </summary>
public sealed class SnapshotJobExecutionTests(CosellServer server) : IClassFixture<CosellServer>
{
    private async Task<(string Engagement, string Opportunity, string Job)> RunningJobAsync(TestAccount owner, TestAccount member)
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(owner, member);
        await server.SnapshotAsync(owner, engagement, opportunity);
        var job = await server.CreateJobAsync(owner, engagement, opportunity);
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);
        return (engagement, opportunity, job);
    }

    /// <summary>The job's latest execution succeeded now; <paramref name="earlierFailure"/> is the message of a failure
    /// before it, which the job keeps showing (the most recent failure, once it had any).</summary>
    private async Task AssertSucceededNowAsync(TestAccount owner, string job, string? earlierFailure = null)
    {
        var state = await server.GetJobAsync(owner, job);
        Assert.Equal(earlierFailure, (string?)state["LastFailure"]);
        Assert.Equal(server.Clock.GetUtcNow(), Wire.Time(state["LastSuccessfulExecutionDate"]));
    }

    [Fact]
    public async Task RunningJob_TemplateFieldChanged_NewRevisionForTheMembers()
    {
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity, job) = await RunningJobAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.UpdateOkAsync(server.A, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Architecture workshop booked");

        var latest = await server.GetSnapshotAsync(server.B, engagement, opportunity);
        Assert.Equal(2, (int?)latest["Revision"]);
        Assert.Equal("Architecture workshop booked", (string?)latest["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["NextSteps"]);
        await AssertSucceededNowAsync(server.A, job);
    }

    [Fact]
    public async Task RunningJob_OtherFieldChanged_NoNewRevision()
    {
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity, job) = await RunningJobAsync(server.A, server.B);
        var started = (string?)(await server.GetJobAsync(server.A, job))["LastSuccessfulExecutionDate"];
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        await server.UpdateOkAsync(server.A, opportunity, b =>
        {
            b["PartnerOpportunityIdentifier"] = "CRM-0002";
            b["Project"]!["Title"] = "A title members do not see";
        });

        AssertRevisions(await server.SnapshotSummariesAsync(server.B, engagement), 1);
        // The start's execution is the last one recorded: a change that takes nothing leaves the job as it was.
        Assert.NotNull(started);
        Assert.Equal(started, (string?)(await server.GetJobAsync(server.A, job))["LastSuccessfulExecutionDate"]);
    }

    [Fact]
    public async Task RunningJob_AssociatedSolution_NewRevisionListsIt()
    {
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity, _) = await RunningJobAsync(server.A, server.B);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(opportunity, "Solutions", "S-1234567"), server.A);

        var latest = await server.GetSnapshotAsync(server.B, engagement, opportunity);
        Assert.Equal(2, (int?)latest["Revision"]);
        Assert.Equal(["S-1234567"], latest["Payload"]!["OpportunitySummary"]!["RelatedEntityIdentifiers"]!["Solutions"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task RunningJob_NoRoleSet_LastFailureAndNoNewRevision()
    {
        var owner = server.C; // never puts settings in this class
        var (engagement, opportunity, job) = await RunningJobAsync(owner, server.D);

        await server.UpdateOkAsync(owner, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Send the proposal");

        AssertRevisions(await server.SnapshotSummariesAsync(server.D, engagement), 1);
        var state = await server.GetJobAsync(owner, job);
        Assert.Equal("Running", (string?)state["Status"]);
        Assert.Contains("PutSellingSystemSettings", (string?)state["LastFailure"]);
        Assert.Null(state["LastSuccessfulExecutionDate"]);
    }

    [Fact]
    public async Task StartResourceSnapshotJob_SnapshotCurrent_TheStartsExecutionIsRecorded()
    {
        // Without a role the start's execution fails at once (the snapshot is current, so nothing else would show it);
        // with the role set, starting again records a successful execution that took nothing.
        var owner = server.Accounts[11]; // no other test of this class uses it: its settings are this test's
        var (engagement, _, job) = await RunningJobAsync(owner, server.D);
        var failed = await server.GetJobAsync(owner, job);
        Assert.Contains("PutSellingSystemSettings", (string?)failed["LastFailure"]);
        Assert.Null(failed["LastSuccessfulExecutionDate"]);

        await server.OkAsync("StopResourceSnapshotJob", JobRef(job), owner);
        await server.PutRoleAsync(owner);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);

        await AssertSucceededNowAsync(owner, job, (string?)failed["LastFailure"]);
        AssertRevisions(await server.SnapshotSummariesAsync(server.D, engagement), 1);
    }

    [Fact]
    public async Task RunningJobThatFailed_StartedAgainAfterTheRoleIsSet_TakesTheRevisionItMissed()
    {
        var owner = server.Accounts[10]; // sets its role only here, after the failure
        var (engagement, opportunity, job) = await RunningJobAsync(owner, server.D);
        await server.UpdateOkAsync(owner, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Architecture workshop booked");
        var failed = await server.GetJobAsync(owner, job);
        await server.PutRoleAsync(owner);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);

        Assert.NotNull(failed["LastFailure"]);
        var latest = await server.GetSnapshotAsync(server.D, engagement, opportunity);
        Assert.Equal(2, (int?)latest["Revision"]);
        Assert.Equal("Architecture workshop booked", (string?)latest["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["NextSteps"]);
        await AssertSucceededNowAsync(owner, job, (string?)failed["LastFailure"]);
        // Started again with nothing failed, it takes nothing new.
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);
        AssertRevisions(await server.SnapshotSummariesAsync(server.D, engagement), 1, 2);
    }

    [Fact]
    public async Task RunningJobThatFailed_SnapshotTakenByHandThenStartedWithTheRole_Recovered()
    {
        var owner = server.Accounts[7]; // sets its role only here, after the failure
        var (engagement, opportunity, job) = await RunningJobAsync(owner, server.D);
        await server.UpdateOkAsync(owner, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Architecture workshop booked");
        await server.SnapshotAsync(owner, engagement, opportunity);
        var failed = await server.GetJobAsync(owner, job);
        await server.PutRoleAsync(owner);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);

        await AssertSucceededNowAsync(owner, job, (string?)failed["LastFailure"]);
        AssertRevisions(await server.SnapshotSummariesAsync(server.D, engagement), 1, 2);
    }

    [Fact]
    public async Task RecoveredJob_FailsAgainWithTheSameMessage_StartRunsItOnceMore()
    {
        // The second failure reads exactly like the first: the job must still know its latest execution failed.
        var owner = server.Accounts[6]; // only this test of the class sets its role
        var (engagement, opportunity, job) = await RunningJobAsync(owner, server.D);
        await server.PutRoleAsync(owner);
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);
        var recovered = await server.GetJobAsync(owner, job);
        Assert.NotNull(recovered["LastSuccessfulExecutionDate"]);
        await server.OkAsync("PutSellingSystemSettings", new JsonObject { ["Catalog"] = "Sandbox" }, owner);
        await server.UpdateOkAsync(owner, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Pricing call held");
        Assert.Equal(recovered["LastSuccessfulExecutionDate"]!.ToJsonString(),
            (await server.GetJobAsync(owner, job))["LastSuccessfulExecutionDate"]!.ToJsonString());
        await server.PutRoleAsync(owner);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), owner);

        await AssertSucceededNowAsync(owner, job, (string?)recovered["LastFailure"]);
        AssertRevisions(await server.SnapshotSummariesAsync(server.D, engagement), 1, 2);
    }

    [Fact]
    public async Task RunningJob_LeadEngagementWithoutRoomForACustomerProject_LastFailureAndTheRequestsSucceed()
    {
        // A lead engagement at its 5 contexts: a snapshot would add a CustomerProject context, which does not fit.
        await server.PutRoleAsync(server.A);
        var engagement = await server.CreateEngagementAsync(server.A, contexts: "Lead");
        for (var i = 0; i < 4; i++)
        {
            var lead = RequestBodies.LeadContext();
            await server.OkAsync("CreateEngagementContext", new JsonObject
            {
                ["Catalog"] = RequestBodies.Sandbox, ["EngagementIdentifier"] = engagement, ["ClientToken"] = RequestBodies.NewToken(),
                ["Type"] = lead["Type"]!.DeepClone(), ["Payload"] = lead["Payload"]!.DeepClone(),
            }, server.A);
        }
        var opportunity = await server.CreateOpportunityAsync(server.A);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);

        var start = await server.CallAsync("StartResourceSnapshotJob", JobRef(job), server.A);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var update = await server.UpdateAsync(server.A, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Send the proposal");

        Assert.Equal(200, start.Status);
        Assert.Equal(200, update.Status);
        var state = await server.GetJobAsync(server.A, job);
        Assert.Equal("Running", (string?)state["Status"]);
        Assert.Contains("contexts", (string?)state["LastFailure"], StringComparison.Ordinal);
        Assert.Null(state["LastSuccessfulExecutionDate"]);
        Assert.Equal("Send the proposal", (string?)(await server.GetOpportunityAsync(server.A, opportunity))["LifeCycle"]!["NextSteps"]);
        Assert.Equal(5, (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Count);
        Assert.Empty(await server.SnapshotSummariesAsync(server.A, engagement));
    }

    [Fact]
    public async Task StoppedJob_TemplateFieldChanged_NoNewRevision()
    {
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity, job) = await RunningJobAsync(server.A, server.B);
        await server.OkAsync("StopResourceSnapshotJob", JobRef(job), server.A);

        await server.UpdateOkAsync(server.A, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Architecture workshop booked");

        AssertRevisions(await server.SnapshotSummariesAsync(server.B, engagement), 1);
    }

    [Fact]
    public async Task StartResourceSnapshotJob_ChangedSinceTheLastSnapshot_TakesARevision()
    {
        await server.PutRoleAsync(server.A);
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);
        await server.UpdateOkAsync(server.A, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Align with the AWS account team");

        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), server.A);

        var latest = await server.GetSnapshotAsync(server.B, engagement, opportunity);
        Assert.Equal(2, (int?)latest["Revision"]);
        Assert.Equal("Align with the AWS account team", (string?)latest["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["NextSteps"]);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_Complete_RunningJobAndFirstSnapshotOfTheSubmission()
    {
        var (opportunity, engagement, task) = await server.SubmittedOpportunityAsync(server.Accounts[4]);

        var job = await server.GetJobAsync(server.Accounts[4], (string)task["ResourceSnapshotJobId"]!);
        var snapshot = await server.GetSnapshotAsync(server.Accounts[4], engagement, opportunity);

        Assert.Equal("Running", (string?)job["Status"]);
        Assert.Equal(engagement, (string?)job["EngagementId"]);
        Assert.Equal(opportunity, (string?)job["ResourceId"]);
        Assert.Equal(1, (int?)snapshot["Revision"]);
        Assert.Equal("Submitted", (string?)snapshot["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_JobAlreadyRunning_OneRevisionForTheSubmission()
    {
        // The lead's conversion left a running job; the submission changes the opportunity (the job takes that revision)
        // and shares it: one new revision, not two identical ones.
        await server.PutRoleAsync(server.A);
        var engagement = await server.CreateEngagementAsync(server.A, contexts: "Lead");
        var opportunity = (string)(await server.ConvertByTaskAsync(server.A, engagement))["OpportunityId"]!;
        await server.AddSalesActivityAsync(server.A, opportunity);
        var before = (int)(await server.GetSnapshotAsync(server.A, engagement, opportunity))["Revision"]!;
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        TaskSteps.AssertComplete(await server.SubmitByTaskAsync(server.A, opportunity));

        var latest = await server.GetSnapshotAsync(server.A, engagement, opportunity);
        Assert.Equal(before + 1, (int?)latest["Revision"]);
        Assert.Equal("Submitted", (string?)latest["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_Complete_ReceiversJobAndSnapshotVisibleToTheSender()
    {
        var engagement = await server.CreateEngagementAsync(server.Accounts[5]);
        var invitation = await server.InviteAsync(server.Accounts[5], engagement, server.Accounts[6]);

        var task = await server.AcceptByTaskAsync(server.Accounts[6], invitation);

        var opportunity = (string)task["OpportunityId"]!;
        var job = await server.GetJobAsync(server.Accounts[6], (string)task["ResourceSnapshotJobId"]!);
        Assert.Equal("Running", (string?)job["Status"]);
        var seenBySender = await server.GetSnapshotAsync(server.Accounts[5], engagement, opportunity);
        Assert.Equal(server.Accounts[6].AccountId, (string?)seenBySender["CreatedBy"]);
        Assert.Equal("Acme Corp", (string?)seenBySender["Payload"]!["OpportunitySummary"]!["Customer"]!["Account"]!["CompanyName"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_Complete_JobOnTheNewOpportunity()
    {
        var engagement = await server.CreateEngagementAsync(server.Accounts[8], contexts: "Lead");

        var task = await server.ConvertByTaskAsync(server.Accounts[8], engagement);

        var job = await server.GetJobAsync(server.Accounts[8], (string)task["ResourceSnapshotJobId"]!);
        Assert.Equal((string?)task["OpportunityId"], (string?)job["ResourceId"]);
        Assert.Equal("Running", (string?)job["Status"]);
        var contexts = (await server.GetEngagementAsync(server.Accounts[8], engagement))["Contexts"]!.AsArray();
        Assert.Equal(["Lead", "CustomerProject"], contexts.Select(c => (string)c!["Type"]!)); // the task's, not a second one
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_Tags_AppliedToTheJob()
    {
        var owner = server.Accounts[9];
        var opportunity = await server.CreateOpportunityAsync(owner);
        var body = TaskSteps.SubmitTask(opportunity);
        body["Tags"] = Tags(("source", "crm"));

        var task = await server.OkAsync("StartEngagementFromOpportunityTask", body, owner);

        var tags = await server.ListTagsAsync(owner, JobArn(owner, (string)task!["ResourceSnapshotJobId"]!));
        Assert.Equal([("source", "crm")], TagPairs(tags["Tags"]));
    }
}
