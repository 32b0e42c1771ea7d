using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// Resource snapshot jobs (spec 03 §4, spec 06 Q12): Create (Stopped) → Start (Running) → Stop → Delete; Delete while
/// Running is a conflict; the owner alone sees its jobs. Executions are covered by <see cref="SnapshotJobExecutionTests"/>.
/// </summary>
public sealed class SnapshotJobTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task CreateResourceSnapshotJob_New_StoppedWithOwnersArnAndNoExecution()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        var created = await server.OkAsync("CreateResourceSnapshotJob", Job(engagement, opportunity), server.A);

        var id = (string)created!["Id"]!;
        Assert.Matches(JobIdPattern, id);
        Assert.Equal(JobArn(server.A, id), (string?)created["Arn"]);
        var job = await server.GetJobAsync(server.A, id);
        Wire.Same(new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["Id"] = id,
            ["Arn"] = JobArn(server.A, id),
            ["EngagementId"] = engagement,
            ["ResourceType"] = "Opportunity",
            ["ResourceId"] = opportunity,
            ["ResourceArn"] = OpportunityBodies.OpportunityArn(server.A.AccountId, opportunity),
            ["ResourceSnapshotTemplateName"] = SummaryView,
            ["CreatedAt"] = job["CreatedAt"]!.DeepClone(),
            ["Status"] = "Stopped",
        }, job, "GetResourceSnapshotJob");
        Assert.Equal(server.Clock.GetUtcNow(), Wire.Time(job["CreatedAt"]));
    }

    [Fact]
    public async Task CreateResourceSnapshotJob_SecondForTheSameResourceAndTemplate_Conflict()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.CreateJobAsync(server.A, engagement, opportunity);

        (await server.CallAsync("CreateResourceSnapshotJob", Job(engagement, opportunity), server.A)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateResourceSnapshotJob_OthersOpportunity_NotFound_NonMember_AccessDenied_BadTemplate_Invalid()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var outsiders = await server.CreateOpportunityAsync(server.C);

        (await server.CallAsync("CreateResourceSnapshotJob", Job(engagement, opportunity), server.B)).AssertError(404, "ResourceNotFoundException");
        (await server.CallAsync("CreateResourceSnapshotJob", Job(engagement, outsiders), server.C)).AssertError(403, "AccessDeniedException");
        Assert.Equal([("resourceSnapshotTemplateIdentifier", "INVALID_VALUE")],
            (await server.CallAsync("CreateResourceSnapshotJob", Job(engagement, opportunity, "Summary"), server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task ResourceSnapshotJob_Lifecycle_StartStopDeleteEachIdempotent()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);

        var start = await server.CallAsync("StartResourceSnapshotJob", JobRef(job), server.A);
        Assert.Equal((200, ""), (start.Status, start.Body));
        await server.OkAsync("StartResourceSnapshotJob", JobRef(job), server.A);
        Assert.Equal("Running", (string?)(await server.GetJobAsync(server.A, job))["Status"]);

        (await server.CallAsync("DeleteResourceSnapshotJob", JobRef(job), server.A)).AssertError(409, "ConflictException");

        await server.OkAsync("StopResourceSnapshotJob", JobRef(job), server.A);
        await server.OkAsync("StopResourceSnapshotJob", JobRef(job), server.A);
        Assert.Equal("Stopped", (string?)(await server.GetJobAsync(server.A, job))["Status"]);

        var delete = await server.CallAsync("DeleteResourceSnapshotJob", JobRef(job), server.A);
        Assert.Equal((200, ""), (delete.Status, delete.Body));
        (await server.CallAsync("GetResourceSnapshotJob", JobRef(job), server.A)).AssertError(404, "ResourceNotFoundException");
        await server.OkAsync("DeleteResourceSnapshotJob", JobRef(job), server.A);
        (await server.CallAsync("StartResourceSnapshotJob", JobRef(job), server.A)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StopResourceSnapshotJob_NeverStarted_InvalidResourceState()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);

        var errors = (await server.CallAsync("StopResourceSnapshotJob", JobRef(job), server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("resourceSnapshotJobIdentifier", "INVALID_RESOURCE_STATE")], errors);
    }

    [Fact]
    public async Task CreateResourceSnapshotJob_AfterDeletingTheFirst_Allowed()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var first = await server.CreateJobAsync(server.A, engagement, opportunity);
        await server.OkAsync("DeleteResourceSnapshotJob", JobRef(first), server.A);

        var second = await server.CreateJobAsync(server.A, engagement, opportunity);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task DeleteResourceSnapshotJob_NothingEverShared_TheOpportunityCanBeSharedIntoAnotherEngagement()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var other = await server.CreateEngagementAsync(server.A);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);
        var whileTheJobExists = await server.CallAsync("CreateResourceSnapshot", Snapshot(other, opportunity), server.A);

        await server.OkAsync("DeleteResourceSnapshotJob", JobRef(job), server.A);
        var afterDeleting = await server.CallAsync("CreateResourceSnapshot", Snapshot(other, opportunity), server.A);

        whileTheJobExists.AssertError(409, "ConflictException");
        Assert.Equal(200, afterDeleting.Status);
        // A job that did share stays bound: the snapshot keeps the opportunity in its engagement.
        var sharedJob = await server.CreateJobAsync(server.A, other, opportunity);
        await server.OkAsync("DeleteResourceSnapshotJob", JobRef(sharedJob), server.A);
        (await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity), server.A)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task ResourceSnapshotJob_AnotherAccount_NotFoundForEveryOperation()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var job = await server.CreateJobAsync(server.A, engagement, opportunity);

        foreach (var operation in new[] { "GetResourceSnapshotJob", "StartResourceSnapshotJob", "StopResourceSnapshotJob", "DeleteResourceSnapshotJob" })
        {
            (await server.CallAsync(operation, JobRef(job), server.B)).AssertError(404, "ResourceNotFoundException");
        }
        (await server.CallAsync("GetResourceSnapshotJob", JobRef(job, "AWS"), server.A)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task ListResourceSnapshotJobs_OwnersJobs_NewestFirstFilteredByEngagementAndStatus()
    {
        var owner = server.D;
        var engagement = await server.CreateEngagementAsync(owner);
        var other = await server.CreateEngagementAsync(owner);
        // Two jobs in one engagement: one opportunity (a partner has one there), two templates; the AWS view needs a submission.
        var opportunity = await server.CreateOpportunityAsync(owner);
        var jobs = new List<string>();
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        jobs.Add(await server.CreateJobAsync(owner, engagement, opportunity));
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(opportunity), owner);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        jobs.Add((string)(await server.OkAsync("CreateResourceSnapshotJob", Job(engagement, opportunity, AwsFullView), owner))!["Id"]!);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        jobs.Add(await server.CreateJobAsync(owner, other, await server.CreateOpportunityAsync(owner)));
        await server.OkAsync("StartResourceSnapshotJob", JobRef(jobs[1]), owner);

        async Task<List<string>> ListAsync(Action<JsonObject> filter, TestAccount? caller = null)
        {
            var request = new JsonObject { ["Catalog"] = "Sandbox" };
            filter(request);
            var (items, _) = await server.ListAllAsync("ListResourceSnapshotJobs", request, "ResourceSnapshotJobSummaries", caller ?? owner);
            return items.Select(i => (string)i["Id"]!).ToList();
        }

        var inEngagement = await ListAsync(r => r["EngagementIdentifier"] = engagement);
        var ascending = await ListAsync(r =>
        {
            r["EngagementIdentifier"] = engagement;
            r["Sort"] = new JsonObject { ["SortBy"] = "CreatedDate", ["SortOrder"] = "ASCENDING" };
        });
        var running = await ListAsync(r => r["Status"] = "Running");
        var page = (await server.OkAsync("ListResourceSnapshotJobs",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement }, owner))!["ResourceSnapshotJobSummaries"]![0]!;

        Assert.Equal([jobs[1], jobs[0]], inEngagement);
        Assert.Equal([jobs[0], jobs[1]], ascending);
        Assert.Contains(jobs[1], running);
        Assert.DoesNotContain(jobs[0], running);
        Wire.Same(new JsonObject { ["Id"] = jobs[1], ["Arn"] = JobArn(owner, jobs[1]), ["EngagementId"] = engagement, ["Status"] = "Running" },
            page, "summary");
        Assert.Empty(await ListAsync(r => r["EngagementIdentifier"] = engagement, server.A));
    }

    [Fact]
    public async Task ListResourceSnapshotJobs_MaxResults_Pages()
    {
        var owner = server.Accounts[4];
        for (var i = 0; i < 3; i++)
        {
            await server.CreateJobAsync(owner, await server.CreateEngagementAsync(owner), await server.CreateOpportunityAsync(owner));
        }

        var (items, sizes) = await server.ListAllAsync("ListResourceSnapshotJobs",
            new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 2 }, "ResourceSnapshotJobSummaries", owner);

        Assert.Equal(3, items.Select(i => (string)i["Id"]!).Distinct().Count());
        Assert.Equal([2, 1], sizes);
    }

    [Fact]
    public async Task CreateResourceSnapshotJob_Tags_ListedForTheJob()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        var job = await server.CreateJobAsync(server.A, engagement, opportunity, Tags(("team", "alliances"), ("env", "test")));

        Assert.Equal([("team", "alliances"), ("env", "test")], TagPairs((await server.ListTagsAsync(server.A, JobArn(server.A, job)))["Tags"]));
    }
}
