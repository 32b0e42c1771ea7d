using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// The three prospecting operations (model/patches/006; spec 01 §5): each engagement the caller is a member of gets a
/// synthetic, deterministic ProspectingResult context; each engagement fails or succeeds on its own.
/// </summary>
public sealed class ProspectingTests(CosellServer server) : IClassFixture<CosellServer>
{
    // One character longer than the other task kinds' ids (TaskSteps.TaskIdPattern); API reference: GetProspectingFromEngagementTask.
    private const string ProspectingTaskIdPattern = "^task-[0-9a-z]{14}$";

    private static JsonObject Start(string name, params string[] engagements) => new()
    {
        ["Catalog"] = "Sandbox", ["TaskName"] = name, ["Identifiers"] = RequestBodies.Array(engagements), ["ClientToken"] = RequestBodies.NewToken(),
    };

    private static JsonObject Get(string task) => new() { ["Catalog"] = "Sandbox", ["TaskIdentifier"] = task };

    private async Task<List<JsonObject>> ListAsync(TestAccount caller, Action<JsonObject>? change = null)
    {
        var request = new JsonObject { ["Catalog"] = "Sandbox" };
        change?.Invoke(request);
        var (items, _) = await server.ListAllAsync("ListProspectingFromEngagementTasks", request, "TaskSummaries", caller);
        return items;
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_MemberEngagement_CompletedWithAProspectingResultContext()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        var now = server.Clock.GetUtcNow();

        var task = (await server.OkAsync("StartProspectingFromEngagementTask", Start("Q3 prospecting", engagement), server.A))!;

        var id = (string)task["TaskId"]!;
        Assert.Matches(ProspectingTaskIdPattern, id);
        Assert.Equal(TaskSteps.TaskArn("prospecting-from-engagement-task", id), (string?)task["TaskArn"]);
        Assert.Equal("COMPLETED", (string?)task["TaskStatus"]);
        Assert.Equal("Q3 prospecting", (string?)task["TaskName"]);
        Assert.Equal([engagement], task["Identifiers"]!.AsArray().Select(i => (string)i!));
        Assert.Equal(now, Wire.Time(task["StartTime"]));
        Assert.Null(task["ReasonCode"]);

        var got = (await server.OkAsync("GetProspectingFromEngagementTask", Get(id), server.A))!;
        Assert.Equal(now, Wire.Time(got["EndTime"]));
        var result = got["Engagements"]!.AsArray().Single()!;
        Assert.Equal("COMPLETED", (string?)result["Status"]);
        Assert.Equal("2", (string?)result["EngagementContextId"]);

        var context = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Single(c => (string?)c!["Id"] == "2")!;
        Assert.Equal("ProspectingResult", (string?)context["Type"]);
        var aws = context["Payload"]!["ProspectingResult"]!["Aws"]!;
        Assert.Equal("Acme Corp", (string?)aws["Customer"]!["AccountName"]);
        Assert.Equal("US", (string?)aws["Customer"]!["Country"]);
        Assert.StartsWith("[Synthetic]", (string?)aws["Customer"]!["PublicProfileSummary"]);
        Assert.Contains((string?)aws["Insights"]!["MarketplaceEngagementScore"], new[] { "Low", "Medium", "High" });
        Assert.Equal(id, (string?)aws["TaskId"]);
        Assert.Equal("Q3 prospecting", (string?)aws["TaskName"]);
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_SameEngagementAgain_SameResultSameContext()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.OkAsync("StartProspectingFromEngagementTask", Start("first", engagement), server.A);
        var first = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]![1]!["Payload"]!["ProspectingResult"]!["Aws"]!;

        var again = (await server.OkAsync("StartProspectingFromEngagementTask", Start("second", engagement), server.A))!;

        var got = (await server.OkAsync("GetProspectingFromEngagementTask", Get((string)again["TaskId"]!), server.A))!;
        Assert.Equal("2", (string?)got["Engagements"]![0]!["EngagementContextId"]);
        var contexts = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray();
        Assert.Equal(2, contexts.Count);
        var second = contexts[1]!["Payload"]!["ProspectingResult"]!["Aws"]!;
        Wire.Same(first["Customer"], second["Customer"], "Customer");
        Wire.Same(first["Insights"], second["Insights"], "Insights");
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_SomeEngagementsFail_EachOnItsOwn()
    {
        var mine = await server.CreateEngagementAsync(server.B);
        var notMine = await server.CreateEngagementAsync(server.C);

        var task = (await server.OkAsync("StartProspectingFromEngagementTask", Start("mixed", mine, notMine, "eng-00000000000000"), server.B))!;

        Assert.Equal("COMPLETED", (string?)task["TaskStatus"]);
        var results = (await server.OkAsync("GetProspectingFromEngagementTask", Get((string)task["TaskId"]!), server.B))!["Engagements"]!.AsArray();
        Assert.Equal(["COMPLETED", "FAILED", "FAILED"], results.Select(r => (string)r!["Status"]!));
        Assert.Equal([null, "EngagementAccessDenied", "EngagementValidationFailed"], results.Select(r => (string?)r!["ReasonCode"]));
        Assert.All(results.Skip(1), r => Assert.False(string.IsNullOrEmpty((string?)r!["Message"])));
        Assert.Single((await server.GetEngagementAsync(server.C, notMine))["Contexts"]!.AsArray());
        var summary = (await ListAsync(server.B, r => r["TaskIdentifier"] = RequestBodies.Array((string)task["TaskId"]!))).Single();
        Assert.Equal((3, 1, 2), ((int)summary["TotalEngagementCount"]!, (int)summary["CompletedEngagementCount"]!, (int)summary["FailedEngagementCount"]!));
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_EveryEngagementFails_TaskFailedWithTheReason()
    {
        var notMine = await server.CreateEngagementAsync(server.C);

        var task = (await server.OkAsync("StartProspectingFromEngagementTask", Start("denied", notMine), server.D))!;

        Assert.Equal("FAILED", (string?)task["TaskStatus"]);
        Assert.Equal("EngagementAccessDenied", (string?)task["ReasonCode"]);
        Assert.False(string.IsNullOrEmpty((string?)task["Message"]));
    }

    [Fact]
    public async Task StartProspectingFromEngagementTask_SameClientToken_SameTask()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = Start("retried", engagement);

        var first = await server.OkAsync("StartProspectingFromEngagementTask", body, server.A);
        var again = await server.OkAsync("StartProspectingFromEngagementTask", body, server.A);

        Assert.Equal(first!.ToJsonString(), again!.ToJsonString());
        Assert.Single(await ListAsync(server.A, r => r["TaskName"] = RequestBodies.Array("retried")));
    }

    [Fact]
    public async Task GetProspectingFromEngagementTask_StartedTaskId_FourteenCharactersAndFound_OtherAccount_NotFound()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var task = (await server.OkAsync("StartProspectingFromEngagementTask", Start("fourteen", engagement), server.A))!;
        var id = (string)task["TaskId"]!;

        var got = (await server.OkAsync("GetProspectingFromEngagementTask", Get(id), server.A))!;

        Assert.Matches(ProspectingTaskIdPattern, id);
        Assert.Equal(id, (string?)got["TaskId"]);
        Assert.Equal(TaskSteps.TaskArn("prospecting-from-engagement-task", id), (string?)got["TaskArn"]);
        var listed = await ListAsync(server.A, r => r["TaskIdentifier"] = RequestBodies.Array(id));
        Assert.Equal([id], listed.Select(t => (string)t["TaskId"]!));
        (await server.CallAsync("GetProspectingFromEngagementTask", Get(id), server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetProspectingFromEngagementTask_WellFormedUnknownId_NotFound()
    {
        var response = await server.CallAsync("GetProspectingFromEngagementTask", Get("task-0123456789abcd"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    // The API reference's pattern is task-[0-9a-z]{14}: the other task kinds' 13-character ids and ARNs are malformed here.
    [Theory]
    [InlineData("task-0123456789abc")]
    [InlineData("arn:aws:partnercentral:us-east-1::catalog/Sandbox/prospecting-from-engagement-task/task-0123456789abcd")]
    public async Task GetProspectingFromEngagementTask_NotAFourteenCharacterId_ValidationException(string identifier)
    {
        var get = await server.CallAsync("GetProspectingFromEngagementTask", Get(identifier), server.A);
        var list = await server.CallAsync("ListProspectingFromEngagementTasks", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["TaskIdentifier"] = RequestBodies.Array(identifier),
        }, server.A);

        Assert.Equal([("taskIdentifier", "INVALID_STRING_FORMAT")], get.AssertValidation("REQUEST_VALIDATION_FAILED"));
        Assert.All(list.AssertValidation("REQUEST_VALIDATION_FAILED"), e => Assert.StartsWith("taskIdentifier", e.Field, StringComparison.Ordinal));
    }

    // API reference: StartProspectingFromEngagementTask marks ClientToken required (SDKs fill it in; a raw request must send it).
    [Fact]
    public async Task StartProspectingFromEngagementTask_NoClientToken_ValidationExceptionNamingIt_NoTask()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = Start("tokenless", engagement);
        body.Remove("ClientToken");

        var errors = (await server.CallAsync("StartProspectingFromEngagementTask", body, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("clientToken", "REQUIRED_FIELD_MISSING")], errors);
        Assert.Empty(await ListAsync(server.A, r => r["TaskName"] = RequestBodies.Array("tokenless")));
    }

    // API reference: StartProspectingFromEngagementTask's Identifiers are plain eng- ids, with no ARN form.
    [Fact]
    public async Task StartProspectingFromEngagementTask_EngagementArn_ValidationException()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var errors = (await server.CallAsync("StartProspectingFromEngagementTask", Start("by arn", Wire.EngagementArn(engagement)), server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.All(errors, e => Assert.StartsWith("identifiers", e.Field, StringComparison.Ordinal));
        Assert.Single((await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray());
    }

    [Fact]
    public async Task ListProspectingFromEngagementTasks_SortsAndFilters()
    {
        var caller = server.Accounts[4];
        var engagement = await server.CreateEngagementAsync(caller);
        var notMine = await server.CreateEngagementAsync(server.A);
        var ids = new List<string>();
        foreach (var (name, engagements) in new[] { ("bravo", new[] { engagement }), ("alpha", new[] { engagement, notMine }), ("charlie", new[] { notMine }) })
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((string)(await server.OkAsync("StartProspectingFromEngagementTask", Start(name, engagements), caller))!["TaskId"]!);
        }
        var middle = server.Clock.GetUtcNow().AddSeconds(-1.5);

        var newestFirst = await ListAsync(caller);
        var byName = await ListAsync(caller, r => r["Sort"] = new JsonObject { ["SortBy"] = "TaskName", ["SortOrder"] = "ASCENDING" });
        var byFailures = await ListAsync(caller, r => r["Sort"] = new JsonObject { ["SortBy"] = "FailedEngagementCount", ["SortOrder"] = "DESCENDING" });
        var named = await ListAsync(caller, r => r["TaskName"] = RequestBodies.Array("alpha", "charlie"));
        var after = await ListAsync(caller, r => r["StartAfter"] = middle.ToString("O"));
        var before = await ListAsync(caller, r => r["StartBefore"] = middle.ToString("O"));

        Assert.Equal([ids[2], ids[1], ids[0]], newestFirst.Select(t => (string)t["TaskId"]!));
        Assert.Equal(["alpha", "bravo", "charlie"], byName.Select(t => (string)t["TaskName"]!));
        Assert.Equal([1, 1, 0], byFailures.Select(t => (int)t["FailedEngagementCount"]!));
        Assert.Equal([ids[2], ids[1]], named.Select(t => (string)t["TaskId"]!));
        Assert.Equal([ids[2], ids[1]], after.Select(t => (string)t["TaskId"]!));
        Assert.Equal([ids[0]], before.Select(t => (string)t["TaskId"]!));
        Assert.Empty(await ListAsync(server.Accounts[5]));
    }

    [Fact]
    public async Task ListProspectingFromEngagementTasks_SortedByName_PagesWithNextToken()
    {
        var caller = server.Accounts[6];
        var engagement = await server.CreateEngagementAsync(caller);
        foreach (var name in new[] { "d", "b", "a", "c", "e" })
        {
            await server.OkAsync("StartProspectingFromEngagementTask", Start(name, engagement), caller);
        }

        var (items, sizes) = await server.ListAllAsync("ListProspectingFromEngagementTasks", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["MaxResults"] = 2, ["Sort"] = new JsonObject { ["SortBy"] = "TaskName", ["SortOrder"] = "DESCENDING" },
        }, "TaskSummaries", caller);

        Assert.Equal(["e", "d", "c", "b", "a"], items.Select(t => (string)t["TaskName"]!));
        Assert.Equal([2, 2, 1], sizes);
    }

    [Fact]
    public async Task CreateEngagementContext_ProspectingResultByAPartner_ActionNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ClientToken"] = RequestBodies.NewToken(), ["EngagementIdentifier"] = engagement, ["Type"] = "ProspectingResult",
            ["Payload"] = new JsonObject { ["ProspectingResult"] = new JsonObject { ["Aws"] = new JsonObject { ["TaskName"] = "forged" } } },
        };

        var errors = (await server.CallAsync("CreateEngagementContext", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("type", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task UpdateEngagementContext_ProspectingResultByAPartner_ActionNotPermittedAndUnchanged()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.OkAsync("StartProspectingFromEngagementTask", Start("Prospecting", engagement), server.A);
        var before = await server.GetEngagementAsync(server.A, engagement);
        var body = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = engagement, ["ContextIdentifier"] = "2", ["Type"] = "ProspectingResult",
            ["EngagementLastModifiedAt"] = before["ModifiedAt"]!.DeepClone(),
            ["Payload"] = new JsonObject { ["ProspectingResult"] = new JsonObject { ["Aws"] = new JsonObject { ["TaskName"] = "forged" } } },
        };

        var errors = (await server.CallAsync("UpdateEngagementContext", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal("ProspectingResult", (string?)before["Contexts"]![1]!["Type"]);
        Assert.Equal([("type", "ACTION_NOT_PERMITTED")], errors);
        Wire.Same(before, await server.GetEngagementAsync(server.A, engagement), "the engagement after the refused update");
    }

    [Fact]
    public async Task ListEngagements_ContextTypesProspectingResult_FindsProspectedEngagements()
    {
        var caller = server.Accounts[8];
        var prospected = await server.CreateEngagementAsync(caller);
        var other = await server.CreateEngagementAsync(caller);
        await server.OkAsync("StartProspectingFromEngagementTask", Start("filter", prospected), caller);

        var (items, _) = await server.ListAllAsync("ListEngagements", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ContextTypes"] = RequestBodies.Array("ProspectingResult"),
        }, "EngagementSummaryList", caller);

        Assert.Contains(prospected, items.Select(i => (string)i["Id"]!));
        Assert.DoesNotContain(other, items.Select(i => (string)i["Id"]!));
    }
}
