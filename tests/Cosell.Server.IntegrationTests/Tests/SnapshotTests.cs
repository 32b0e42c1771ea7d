using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// CreateResourceSnapshot, GetResourceSnapshot and ListResourceSnapshots (spec 03 §3; ARN spec 06 Q18): members read the
/// owner's snapshots, only the owner reads the opportunity; the AWS full view only its owner.
/// </summary>
public sealed class SnapshotTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task CreateResourceSnapshot_OwnOpportunity_RevisionsCountUpWithTheObservedArn()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        var first = await server.OkAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity), server.A);
        var second = await server.OkAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity), server.A);

        Assert.Equal(1, (int?)first!["Revision"]);
        Assert.Equal(SnapshotArn(engagement, opportunity, 1), (string?)first["Arn"]);
        Assert.Equal(2, (int?)second!["Revision"]);
        Assert.Equal(SnapshotArn(engagement, opportunity, 2), (string?)second["Arn"]);
    }

    [Fact]
    public async Task CreateResourceSnapshot_SameClientToken_SameRevisionNoNewSnapshot()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var body = Snapshot(engagement, opportunity);

        var first = await server.OkAsync("CreateResourceSnapshot", body, server.A);
        var again = await server.OkAsync("CreateResourceSnapshot", body, server.A);

        Assert.Equal(first!.ToJsonString(), again!.ToJsonString());
        AssertRevisions(await server.SnapshotSummariesAsync(server.A, engagement), 1);
    }

    [Fact]
    public async Task GetResourceSnapshot_OtherMember_ReadsTheOwnersOpportunityButNotTheOpportunity()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        await server.SnapshotAsync(server.A, engagement, opportunity);

        var snapshot = await server.GetSnapshotAsync(server.B, engagement, opportunity);

        Assert.Equal("Sandbox", (string?)snapshot["Catalog"]);
        Assert.Equal(SnapshotArn(engagement, opportunity, 1), (string?)snapshot["Arn"]);
        Assert.Equal(server.A.AccountId, (string?)snapshot["CreatedBy"]);
        Assert.Equal(server.Clock.GetUtcNow(), Wire.Time(snapshot["CreatedAt"]));
        Assert.Equal(engagement, (string?)snapshot["EngagementId"]);
        Assert.Equal("Opportunity", (string?)snapshot["ResourceType"]);
        Assert.Equal(opportunity, (string?)snapshot["ResourceId"]);
        Assert.Equal(SummaryView, (string?)snapshot["ResourceSnapshotTemplateName"]);
        Assert.Equal(1, (int?)snapshot["Revision"]);
        Assert.Equal([server.A.AccountId, server.B.AccountId], snapshot["TargetMemberAccounts"]!.AsArray().Select(a => (string)a!));
        var view = snapshot["Payload"]!["OpportunitySummary"]!;
        var created = OpportunityBodies.Create();
        Wire.Same(created["Customer"], view["Customer"], "Customer");
        Assert.Equal("Net New Business", (string?)view["OpportunityType"]);
        Assert.Equal("Pending Submission", (string?)view["Lifecycle"]!["ReviewStatus"]);
        Assert.Equal("Prospect", (string?)view["Lifecycle"]!["Stage"]);
        Assert.Equal("Schedule a discovery workshop", (string?)view["Lifecycle"]!["NextSteps"]);
        Wire.Same(created["Project"]!["ExpectedCustomerSpend"], view["Project"]!["ExpectedCustomerSpend"], "ExpectedCustomerSpend");
        Assert.Null(view["Project"]!["Title"]); // ProjectView copies only the shared project fields
        Assert.Empty(view["RelatedEntityIdentifiers"]!["Solutions"]!.AsArray());
        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(opportunity), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetResourceSnapshot_RevisionOmittedOrGiven_LatestOrThatOne()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        await server.UpdateOkAsync(server.A, opportunity, b => b["LifeCycle"]!["NextSteps"] = "Run the proof of concept");
        await server.SnapshotAsync(server.A, engagement, opportunity);

        var latest = await server.GetSnapshotAsync(server.B, engagement, opportunity);
        var first = await server.GetSnapshotAsync(server.B, engagement, opportunity, revision: 1);

        Assert.Equal(2, (int?)latest["Revision"]);
        Assert.Equal("Run the proof of concept", (string?)latest["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["NextSteps"]);
        Assert.Equal(1, (int?)first["Revision"]);
        Assert.Equal("Schedule a discovery workshop", (string?)first["Payload"]!["OpportunitySummary"]!["Lifecycle"]!["NextSteps"]);
        (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity, revision: 3), server.B))
            .AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetResourceSnapshot_NonMember_AccessDenied()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);

        (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity), server.C)).AssertError(403, "AccessDeniedException");
        (await server.CallAsync("ListResourceSnapshots",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement }, server.C)).AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task GetResourceSnapshot_NeverTaken_NotFound()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateResourceSnapshot_AnotherAccountsOpportunity_NotFound()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        (await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateResourceSnapshot_NotAMember_AccessDenied_UnknownEngagement_NotFound()
    {
        var (engagement, _) = await server.SharedEngagementAsync(server.A, server.B);
        var own = await server.CreateOpportunityAsync(server.C);

        (await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, own), server.C)).AssertError(403, "AccessDeniedException");
        (await server.CallAsync("CreateResourceSnapshot", Snapshot("eng-00000000000000", own), server.C)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateResourceSnapshot_UnknownTemplate_BusinessInvalidValue()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);

        var errors = (await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity, "Opportunity"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("resourceSnapshotTemplateIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task CreateResourceSnapshot_OpportunityOfAnotherEngagement_Conflict()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var other = await server.CreateEngagementAsync(server.A);

        (await server.CallAsync("CreateResourceSnapshot", Snapshot(other, opportunity), server.A)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateResourceSnapshotOrJob_SecondOpportunityOfTheSamePartnerInOneEngagement_ConflictNothingShared()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var second = await server.CreateOpportunityAsync(server.A);

        var snapshot = await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, second), server.A);
        var job = await server.CallAsync("CreateResourceSnapshotJob", Job(engagement, second), server.A);

        Assert.Contains(opportunity, (string?)snapshot.AssertError(409, "ConflictException")["Message"]);
        job.AssertError(409, "ConflictException");
        Assert.Equal([opportunity], (await server.SnapshotSummariesAsync(server.A, engagement)).Select(s => (string)s["ResourceId"]!).Distinct());
        // The second opportunity stayed free: it can start an engagement of its own.
        var other = await server.CreateEngagementAsync(server.A);
        Assert.Equal(1, await server.SnapshotAsync(server.A, other, second));
    }

    [Fact]
    public async Task CreateResourceSnapshot_AwsFullView_OnlyOnceSubmittedAndOnlyForTheOwner()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var before = (await server.CallAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity, AwsFullView), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal([("resourceSnapshotTemplateIdentifier", "INVALID_RESOURCE_STATE")], before);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(opportunity), server.A);

        Assert.Equal(1, await server.SnapshotAsync(server.A, engagement, opportunity, AwsFullView));

        var own = await server.GetSnapshotAsync(server.A, engagement, opportunity, template: AwsFullView);
        Assert.Equal(opportunity, (string?)own["Payload"]!["AwsOpportunitySummaryFullView"]!["RelatedOpportunityId"]);
        Assert.Equal("Co-Sell", (string?)own["Payload"]!["AwsOpportunitySummaryFullView"]!["InvolvementType"]);
        Assert.Equal([server.A.AccountId], own["TargetMemberAccounts"]!.AsArray().Select(a => (string)a!));
        (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity, template: AwsFullView), server.B))
            .AssertError(403, "AccessDeniedException");
        Assert.Equal([SummaryView, AwsFullView], (await server.SnapshotSummariesAsync(server.A, engagement)).Select(s => (string)s["ResourceSnapshotTemplateName"]!));
        Assert.Equal([SummaryView], (await server.SnapshotSummariesAsync(server.B, engagement)).Select(s => (string)s["ResourceSnapshotTemplateName"]!));
    }

    [Fact]
    public async Task GetResourceSnapshot_AnotherOwnersFullView_AccessDeniedForAnyRevision_TheirCountNotRevealed()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(opportunity), server.A);
        Assert.Equal(1, await server.SnapshotAsync(server.A, engagement, opportunity, AwsFullView));

        foreach (var revision in new[] { 1, 2, 99 })
        {
            (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity, revision, AwsFullView), server.B))
                .AssertError(403, "AccessDeniedException");
        }
        // The owner still learns which revisions exist.
        (await server.CallAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity, 2, AwsFullView), server.A))
            .AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateResourceSnapshot_LeadEngagementWithoutCustomerProject_AddsOneFromTheOpportunity()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: "Lead");
        var opportunity = await server.CreateOpportunityAsync(server.A);

        await server.SnapshotAsync(server.A, engagement, opportunity);

        var contexts = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray();
        Assert.Equal(["Lead", "CustomerProject"], contexts.Select(c => (string)c!["Type"]!));
        var project = contexts[1]!["Payload"]!["CustomerProject"]!;
        Assert.Equal("Acme Corp", (string?)project["Customer"]!["CompanyName"]);
        Assert.Equal("Data platform migration", (string?)project["Project"]!["Title"]);
    }

    [Fact]
    public async Task ListResourceSnapshots_Filters_ResourceTemplateAndCreator()
    {
        var (engagement, mine) = await server.SharedEngagementAsync(server.A, server.B);
        var theirs = await server.CreateOpportunityAsync(server.B);
        await server.SnapshotAsync(server.A, engagement, mine);
        await server.SnapshotAsync(server.B, engagement, theirs);
        await server.SnapshotAsync(server.A, engagement, mine);

        var all = await server.SnapshotSummariesAsync(server.B, engagement);
        var byResource = await server.SnapshotSummariesAsync(server.B, engagement, r => r["ResourceIdentifier"] = mine);
        var byCreator = await server.SnapshotSummariesAsync(server.A, engagement, r => r["CreatedBy"] = server.B.AccountId);
        var byTemplate = await server.SnapshotSummariesAsync(server.A, engagement, r => r["ResourceSnapshotTemplateIdentifier"] = AwsFullView);

        Assert.Equal([mine, theirs, mine], all.Select(s => (string)s["ResourceId"]!));
        Assert.Equal([SnapshotArn(engagement, mine, 1), SnapshotArn(engagement, theirs, 1), SnapshotArn(engagement, mine, 2)], all.Select(s => (string)s["Arn"]!));
        Assert.Equal([server.A.AccountId, server.B.AccountId, server.A.AccountId], all.Select(s => (string)s["CreatedBy"]!));
        Assert.All(all, s => Assert.Equal("Opportunity", (string?)s["ResourceType"]));
        AssertRevisions(byResource, 1, 2);
        Assert.Equal([theirs], byCreator.Select(s => (string)s["ResourceId"]!));
        Assert.Empty(byTemplate);
    }

    [Fact]
    public async Task ListResourceSnapshots_MaxResults_PagesWithNextToken()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        for (var i = 0; i < 5; i++)
        {
            await server.SnapshotAsync(server.A, engagement, opportunity);
        }

        var (items, sizes) = await server.ListAllAsync("ListResourceSnapshots",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement, ["MaxResults"] = 2 }, "ResourceSnapshotSummaries", server.B);

        AssertRevisions(items, 1, 2, 3, 4, 5);
        Assert.Equal([2, 2, 1], sizes);
    }

    [Fact]
    public async Task ListResourceSnapshots_TokenWithOtherFilters_Refused()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var page = await server.OkAsync("ListResourceSnapshots",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement, ["MaxResults"] = 1 }, server.A);

        var response = await server.CallAsync("ListResourceSnapshots", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement, ["MaxResults"] = 1,
            ["CreatedBy"] = server.A.AccountId, ["NextToken"] = (string)page!["NextToken"]!,
        }, server.A);

        response.AssertValidation("REQUEST_VALIDATION_FAILED");
    }
}
