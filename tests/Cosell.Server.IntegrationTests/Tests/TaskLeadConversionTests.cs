using System.Globalization;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// StartOpportunityFromEngagementTask (spec 03 §1.3 "Opportunity created by …", §2.2; 06 Q7, Q11): a Lead context becomes
/// the caller's draft opportunity and the engagement gains a CustomerProject context; orchestration failures are FAILED
/// tasks that create nothing. Moves the clock forward (minutes).
/// </summary>
public sealed class TaskLeadConversionTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Operation = "StartOpportunityFromEngagementTask";
    private const string BusinessProblem = "Production planning runs on spreadsheets that cannot model the new plant";

    /// <summary>A Sandbox engagement whose only context ("1") is a lead, optionally with a qualification status.</summary>
    private async Task<string> LeadEngagementAsync(TestAccount creator, string? qualification = null, bool withProblem = true)
    {
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        var lead = body["Contexts"]![0]!["Payload"]!["Lead"]!;
        lead["Customer"]!["WebsiteUrl"] = "https://globex.example.com";
        if (qualification is not null)
        {
            lead["QualificationStatus"] = qualification;
        }
        if (withProblem)
        {
            lead["Interactions"]![0]!["BusinessProblem"] = BusinessProblem;
        }
        return (string)(await server.OkAsync("CreateEngagement", body, creator))!["Id"]!;
    }

    private Task<ApiResponse> StartAsync(string engagement, string context, TestAccount caller, string? token = null) =>
        server.CallAsync(Operation, TaskSteps.ConvertTask(engagement, context, token), caller);

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadContext_CompleteWithNewContextIdTwo()
    {
        var engagement = await LeadEngagementAsync(server.A);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = server.Clock.GetUtcNow();

        var task = await server.ConvertByTaskAsync(server.A, engagement);

        TaskSteps.AssertComplete(task);
        var taskId = (string)task["TaskId"]!;
        Assert.Matches(TaskSteps.TaskIdPattern, taskId);
        Assert.Equal(TaskSteps.TaskArn(TaskSteps.ConvertKind, taskId), (string?)task["TaskArn"]);
        Assert.Equal(now, Wire.Time(task["StartTime"]));
        Assert.Matches(TaskSteps.OpportunityIdPattern, (string)task["OpportunityId"]!);
        Assert.Matches(TaskSteps.JobIdPattern, (string)task["ResourceSnapshotJobId"]!);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        Assert.Equal("2", (string?)task["ContextId"]); // the new CustomerProject context (06 Q11)
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadOfIndustryOther_OpportunityUpdatedAsRead()
    {
        // A lead has no OtherIndustry to carry over; an update that echoes the opportunity as read is not refused for it.
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        body["Contexts"]![0]!["Payload"]!["Lead"]!["Customer"]!["Industry"] = "Other";
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;
        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;
        Assert.Equal("Other", (string?)(await server.GetOpportunityAsync(server.B, id))["Customer"]!["Account"]!["Industry"]);

        await server.UpdateOkAsync(server.B, id, b => b["LifeCycle"]!["NextSteps"] = "Call the plant manager");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_FreeTextLead_KnownValuesCarriedInTheModelsSpelling()
    {
        // A lead's customer is free text (model patch 007); values the opportunity model knows carry over in its spelling.
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        var customer = body["Contexts"]![0]!["Payload"]!["Lead"]!["Customer"]!;
        customer["Industry"] = " software AND internet ";
        customer["WebsiteUrl"] = "globex.example.com";
        customer["Address"]!["CountryCode"] = "de";
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;

        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;

        var account = (await server.GetOpportunityAsync(server.B, id))["Customer"]!["Account"]!;
        Assert.Equal("Software and Internet", (string?)account["Industry"]);
        Assert.Null(account["OtherIndustry"]);
        Assert.Equal("DE", (string?)account["Address"]!["CountryCode"]);
        var context = (await server.GetEngagementAsync(server.B, engagement))["Contexts"]![1]!["Payload"]!["CustomerProject"]!["Customer"]!;
        Assert.Equal("Software and Internet", (string?)context["Industry"]);
        Assert.Equal("DE", (string?)context["CountryCode"]);
        Assert.Equal("globex.example.com", (string?)context["WebsiteUrl"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_FreeTextLead_UnknownIndustryIsOtherUnknownCountryAndShortTextLeftOut()
    {
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        var lead = body["Contexts"]![0]!["Payload"]!["Lead"]!;
        lead["Customer"]!["Industry"] = "Fintech";
        lead["Customer"]!["WebsiteUrl"] = "gx";
        lead["Customer"]!["Address"]!["CountryCode"] = "Germany";
        lead["Interactions"]![0]!["BusinessProblem"] = "Too slow";
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;

        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;

        var o = await server.GetOpportunityAsync(server.B, id);
        var account = o["Customer"]!["Account"]!;
        Assert.Equal("Other", (string?)account["Industry"]);
        Assert.Equal("Fintech", (string?)account["OtherIndustry"]);
        Assert.Null(account["WebsiteUrl"]);
        Assert.Null(account["Address"]?["CountryCode"]);
        Assert.Null(o["Project"]!["CustomerBusinessProblem"]);
        var project = (await server.GetEngagementAsync(server.B, engagement))["Contexts"]![1]!["Payload"]!["CustomerProject"]!;
        Assert.Null(project["Customer"]);
        Assert.StartsWith("Lead from ", (string?)project["Project"]!["BusinessProblem"], StringComparison.Ordinal);

        await server.UpdateOkAsync(server.B, id, b => b["LifeCycle"]!["NextSteps"] = "Call the plant manager");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_FreeTextLead_OnlyModelValidValuesReachTheOpportunityAndContext()
    {
        // "acme" is a website to an opportunity (4+ characters) but not to a context's customer (a URL pattern); ten
        // emoji are ten characters (twenty UTF-16 units), too short for a business problem.
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        var lead = body["Contexts"]![0]!["Payload"]!["Lead"]!;
        lead["Customer"]!["Industry"] = "Retail";
        lead["Customer"]!["WebsiteUrl"] = "acme";
        lead["Customer"]!["Address"] = new JsonObject { ["City"] = "Austin" };
        lead["Interactions"]![0]!["BusinessProblem"] = string.Concat(Enumerable.Repeat("\U0001F680", 10));
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;

        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;

        var o = await server.GetOpportunityAsync(server.B, id);
        Assert.Equal("acme", (string?)o["Customer"]!["Account"]!["WebsiteUrl"]);
        Assert.Null(o["Customer"]!["Account"]!["Address"]);
        Assert.Null(o["Project"]!["CustomerBusinessProblem"]);
        Assert.Null((await server.GetEngagementAsync(server.B, engagement))["Contexts"]![1]!["Payload"]!["CustomerProject"]!["Customer"]);
        await server.UpdateOkAsync(server.B, id, b => b["LifeCycle"]!["NextSteps"] = "Call the store manager");
    }

    [Theory]
    [InlineData("a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a!")] // backtracks for seconds in .NET's regex
    [InlineData("globex.example.com\n")] // .NET's $ matches before a final newline, ECMAScript's does not
    public async Task StartOpportunityFromEngagementTask_LeadWebsiteTheContextsPatternRefuses_ConvertedWithoutTheContextsCustomer(string website)
    {
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        body["Contexts"]![0]!["Payload"]!["Lead"]!["Customer"]!["WebsiteUrl"] = website;
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;

        var task = await server.ConvertByTaskAsync(server.B, engagement);

        TaskSteps.AssertComplete(task);
        Assert.Null((await server.GetEngagementAsync(server.B, engagement))["Contexts"]![1]!["Payload"]!["CustomerProject"]!["Customer"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadWithoutAddressOrSource_StoredAsSentAndConverted()
    {
        // The SDK's lead needs neither an address nor an interaction source (model patch 007).
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        var lead = body["Contexts"]![0]!["Payload"]!["Lead"]!.AsObject();
        lead["Customer"]!.AsObject().Remove("Address");
        foreach (var member in new[] { "SourceType", "SourceId", "SourceName", "CustomerAction" })
        {
            lead["Interactions"]![0]!.AsObject().Remove(member);
        }
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.B))!["Id"]!;
        var stored = (await server.GetEngagementAsync(server.B, engagement))["Contexts"]![0]!["Payload"]!["Lead"]!;
        Assert.Null(stored["Customer"]!["Address"]);
        Assert.Null(stored["Interactions"]![0]!["SourceType"]);

        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;

        var account = (await server.GetOpportunityAsync(server.B, id))["Customer"]!["Account"]!;
        Assert.Equal("Manufacturing", (string?)account["Industry"]);
        Assert.Null(account["Address"]?["CountryCode"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_ByEngagementArn_Complete()
    {
        var engagement = await LeadEngagementAsync(server.A);

        var task = await server.ConvertByTaskAsync(server.A, Wire.EngagementArn(engagement));

        TaskSteps.AssertComplete(task);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadContext_DraftOpportunityConvertedFromLead()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var today = server.Clock.GetUtcNow();

        var id = (string)(await server.ConvertByTaskAsync(server.A, engagement))["OpportunityId"]!;

        var o = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal(OpportunityBodies.OpportunityArn(server.A.AccountId, id), (string?)o["Arn"]);
        Assert.Equal("Converted from Lead", (string?)o["Project"]!["Title"]);
        Assert.Equal(BusinessProblem, (string?)o["Project"]!["CustomerBusinessProblem"]);
        Assert.Empty(o["Project"]!["ExpectedCustomerSpend"]?.AsArray() ?? []);
        var account = o["Customer"]!["Account"]!;
        Assert.Equal("Globex Ltd", (string?)account["CompanyName"]);
        Assert.Equal("Manufacturing", (string?)account["Industry"]);
        Assert.Equal("https://globex.example.com", (string?)account["WebsiteUrl"]);
        Assert.Equal("DE", (string?)account["Address"]!["CountryCode"]);
        Assert.Equal("Prospect", (string?)o["LifeCycle"]!["Stage"]);
        Assert.Equal("Pending Submission", (string?)o["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal(today.UtcDateTime.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)o["LifeCycle"]!["TargetCloseDate"]);
        Assert.Equal("Net New Business", (string?)o["OpportunityType"]);
        Assert.Equal("No", (string?)o["NationalSecurity"]);
        Assert.Equal("None", (string?)o["Marketing"]!["Source"]);
        // The account's owner alone, as a Sandbox conversion in AWS's Postman samples reads back (README "The accounts file").
        var owner = Assert.Single(o["OpportunityTeam"]!.AsArray())!;
        Assert.Equal("OpportunityOwner", (string?)owner["BusinessTitle"]);
        Assert.Equal("admin@" + new Uri(server.A.WebsiteUrl!).Host, (string?)owner["Email"]);
    }

    [Fact]
    public async Task SubmittingTheConvertedOpportunity_ANewJobWithTheSubmissionsTags_AndOneRevisionPerChange()
    {
        // Real submissions of a converted lead answered with a job other than the conversion's (the AWS sample's steps 5
        // and 10; the LeadToOpportunity folder of AWS's Postman samples).
        await server.PutRoleAsync(server.B); // jobs execute on changes only with the account's snapshot role
        var engagement = await LeadEngagementAsync(server.B);
        var converted = await server.ConvertByTaskAsync(server.B, engagement);
        var id = (string)converted["OpportunityId"]!;
        await server.AddSalesActivityAsync(server.B, id); // as AWS's lead-to-opportunity sample does before submitting
        var body = TaskSteps.SubmitTask(id);
        body["Tags"] = SnapshotSteps.Tags(("Source", "submission"));

        var submitted = (await server.OkAsync("StartEngagementFromOpportunityTask", body, server.B))!;
        var first = (string)converted["ResourceSnapshotJobId"]!;
        var second = (string)submitted["ResourceSnapshotJobId"]!;
        var jobs = await server.ListAllAsync("ListResourceSnapshotJobs",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["EngagementIdentifier"] = engagement }, "ResourceSnapshotJobSummaries", server.B);
        var revisions = (await server.SnapshotSummariesAsync(server.B, engagement)).Count;
        await server.UpdateOkAsync(server.B, id, b => b["LifeCycle"]!["ReviewStatus"] = "Approved"); // Sandbox plays AWS's review

        Assert.NotEqual(first, second);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), jobs.Items.Select(j => (string)j["Id"]!).Order(StringComparer.Ordinal));
        Assert.All(jobs.Items, j => Assert.Equal("Running", (string?)j["Status"]));
        Assert.Equal([("Source", "submission")], SnapshotSteps.TagPairs((await server.ListTagsAsync(server.B, SnapshotSteps.JobArn(server.B, second)))["Tags"]));
        Assert.Equal(revisions + 1, (await server.SnapshotSummariesAsync(server.B, engagement)).Count);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadContext_EngagementGainsCustomerProjectContextAndModifiedAtMoves()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var before = await server.GetEngagementAsync(server.A, engagement);
        server.Clock.Advance(TimeSpan.FromMinutes(3));
        var convertedAt = server.Clock.GetUtcNow();

        await server.ConvertByTaskAsync(server.A, engagement);

        var after = await server.GetEngagementAsync(server.A, engagement);
        var contexts = after["Contexts"]!.AsArray();
        Assert.Equal([("1", "Lead"), ("2", "CustomerProject")], contexts.Select(c => ((string)c!["Id"]!, (string)c["Type"]!)));
        Wire.Same(before["Contexts"]![0], contexts[0], "the lead context");
        Assert.Equal("Converted from Lead", (string?)contexts[1]!["Payload"]!["CustomerProject"]!["Project"]!["Title"]);
        Assert.Equal(convertedAt, Wire.Time(after["ModifiedAt"]));
        Assert.True(Wire.Time(after["ModifiedAt"]) > Wire.Time(before["ModifiedAt"]));
        Assert.Equal(server.A.AccountId, (string?)after["ModifiedBy"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_InvitedMemberConverts_OpportunityOwnedByThatMember()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B, lead: true);
        await server.AcceptAsync(server.B, invitation);

        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;

        Assert.Equal(OpportunityBodies.OpportunityArn(server.B.AccountId, id), (string?)(await server.GetOpportunityAsync(server.B, id))["Arn"]);
        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.A)).AssertError(404, "ResourceNotFoundException");
        Assert.Equal(server.B.AccountId, (string?)(await server.GetEngagementAsync(server.A, engagement))["ModifiedBy"]);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_UnknownContext_FailedContextNotFoundAndNothingCreated()
    {
        var engagement = await LeadEngagementAsync(server.C);
        await AssertFailsWithoutSideEffectAsync(server.C, engagement, "7", "ContextNotFound");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_CustomerProjectContext_FailedCustomerProjectContextNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.C);
        await AssertFailsWithoutSideEffectAsync(server.C, engagement, "1", "CustomerProjectContextNotPermitted");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_ProspectingResultContext_FailedContextNotFoundNamingItsType()
    {
        var engagement = await LeadEngagementAsync(server.C);
        await server.OkAsync("StartProspectingFromEngagementTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["TaskName"] = "Prospecting",
            ["Identifiers"] = RequestBodies.Array(engagement),
        }, server.C);

        await AssertFailsWithoutSideEffectAsync(server.C, engagement, "2", "ContextNotFound");
        var task = (await StartAsync(engagement, "2", server.C)).Json!;
        Assert.Contains("is a ProspectingResult context", (string?)task["Message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_ConvertedContextTwo_FailedCustomerProjectContextNotPermitted()
    {
        var engagement = await LeadEngagementAsync(server.C);
        await server.ConvertByTaskAsync(server.C, engagement);

        await AssertFailsWithoutSideEffectAsync(server.C, engagement, "2", "CustomerProjectContextNotPermitted");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_LeadConvertedAgainBySamePartner_FailedOpportunityConflictAndNothingNew()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var first = await server.ConvertByTaskAsync(server.A, engagement);
        var opportunities = await server.OpportunityIdsAsync(server.A);
        var contexts = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Count;

        var again = (await server.OkAsync(Operation, TaskSteps.ConvertTask(engagement), server.A))!.AsObject();

        TaskSteps.AssertComplete(first);
        TaskSteps.AssertFailed(again, "OpportunityConflict");
        Assert.Contains((string)first["OpportunityId"]!, (string?)again["Message"], StringComparison.Ordinal);
        Assert.Null(again["OpportunityId"]);
        Assert.Equal(opportunities, await server.OpportunityIdsAsync(server.A));
        Assert.Equal(contexts, (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("Disqualified")]
    [InlineData("disqualified")] // the status is free text: a CRM's own spelling still means it
    [InlineData("DISQUALIFIED")]
    public async Task StartOpportunityFromEngagementTask_DisqualifiedLead_FailedDisqualifiedLeadNotPermitted(string status)
    {
        var engagement = await LeadEngagementAsync(server.C, qualification: status);
        await AssertFailsWithoutSideEffectAsync(server.C, engagement, "1", "DisqualifiedLeadNotPermitted");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_SecondMemberConverts_ItsOwnCustomerProjectContext()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.D, lead: true);
        await server.AcceptAsync(server.D, invitation);
        var first = await server.ConvertByTaskAsync(server.A, engagement);

        var second = await server.ConvertByTaskAsync(server.D, engagement);

        // Spec 06 Q11: a conversion adds a CustomerProject context and answers its id, whoever converts.
        TaskSteps.AssertComplete(second);
        Assert.Equal("2", (string?)first["ContextId"]);
        Assert.Equal("3", (string?)second["ContextId"]);
        Assert.NotEqual((string?)first["OpportunityId"], (string?)second["OpportunityId"]);
        var contexts = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray();
        Assert.Equal(["Lead", "CustomerProject", "CustomerProject"], contexts.Select(c => (string)c!["Type"]!).ToArray());
    }

    private async Task AssertFailsWithoutSideEffectAsync(TestAccount caller, string engagement, string context, string reason)
    {
        var opportunitiesBefore = await server.OpportunityIdsAsync(caller);
        var engagementBefore = await server.GetEngagementAsync(caller, engagement);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await StartAsync(engagement, context, caller);

        Assert.True(response.Status == 200, $"a failed orchestration is a FAILED task, not an error (06 Q7): {response}");
        var task = response.Json!.AsObject();
        TaskSteps.AssertFailed(task, reason);
        Assert.Matches(TaskSteps.TaskIdPattern, (string)task["TaskId"]!);
        Assert.Null(task["OpportunityId"]);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        Assert.Equal(opportunitiesBefore, await server.OpportunityIdsAsync(caller));
        Wire.Same(engagementBefore, await server.GetEngagementAsync(caller, engagement), "the engagement after a failed conversion");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_NotMember_403AccessDenied()
    {
        var engagement = await LeadEngagementAsync(server.A);
        var before = await server.OpportunityIdsAsync(server.D);

        (await StartAsync(engagement, "1", server.D)).AssertError(403, "AccessDeniedException");

        Assert.Equal(before, await server.OpportunityIdsAsync(server.D));
        Assert.Single((await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray());
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_InvitedButNotAccepted_403AccessDenied()
    {
        var engagement = await LeadEngagementAsync(server.A);
        await server.InviteAsync(server.A, engagement, server.D, lead: true);

        (await StartAsync(engagement, "1", server.D)).AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_UnknownEngagement_404ResourceNotFound()
    {
        (await StartAsync("eng-zzzzzzzzzzzzzz", "1", server.A)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_SameClientTokenSameBody_SameTaskAndOneOpportunity()
    {
        var engagement = await LeadEngagementAsync(server.B);
        var token = RequestBodies.NewToken();
        var before = await server.OpportunityIdsAsync(server.B);

        var first = await StartAsync(engagement, "1", server.B, token);
        var again = await StartAsync(engagement, "1", server.B, token);

        Assert.Equal(200, first.Status);
        Wire.Same(first.Json, again.Json, "the replayed task");
        Assert.Equal([(string)first.Json!["OpportunityId"]!], (await server.OpportunityIdsAsync(server.B)).Except(before));
        Assert.Equal(2, (await server.GetEngagementAsync(server.B, engagement))["Contexts"]!.AsArray().Count);
    }

    [Fact]
    public async Task StartOpportunityFromEngagementTask_SameClientTokenOtherContext_409Conflict()
    {
        var engagement = await LeadEngagementAsync(server.B);
        var token = RequestBodies.NewToken();
        Assert.Equal(200, (await StartAsync(engagement, "1", server.B, token)).Status);

        (await StartAsync(engagement, "2", server.B, token)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_ConvertedLead_SubmittableAfterwards()
    {
        var engagement = await LeadEngagementAsync(server.B);
        var id = (string)(await server.ConvertByTaskAsync(server.B, engagement))["OpportunityId"]!;
        await server.AddSalesActivityAsync(server.B, id);

        var task = await server.SubmitByTaskAsync(server.B, id);

        TaskSteps.AssertComplete(task);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.B, id));
    }
}
