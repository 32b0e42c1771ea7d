using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// ListEngagementByAcceptingInvitationTasks, ListEngagementFromOpportunityTasks, ListOpportunityFromEngagementTasks (spec 02
/// §8, 03 §2): the tasks the caller's account started, each filter, StartTime order both ways, paging. Tests keep apart by
/// filtering on their own task ids. Moves the clock forward (seconds).
/// </summary>
public sealed class TaskListingTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string ListAccepts = "ListEngagementByAcceptingInvitationTasks";
    private const string ListSubmissions = "ListEngagementFromOpportunityTasks";
    private const string ListConversions = "ListOpportunityFromEngagementTasks";

    private static JsonObject Request(JsonObject? filters = null)
    {
        var body = new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 100 };
        foreach (var (name, value) in filters ?? [])
        {
            body[name] = value?.DeepClone();
        }
        return body;
    }

    private static JsonObject Sorted(string order, JsonObject? filters = null)
    {
        var body = Request(filters);
        body["Sort"] = new JsonObject { ["SortOrder"] = order, ["SortBy"] = "StartTime" };
        return body;
    }

    private async Task<List<JsonObject>> ListAsync(string operation, TestAccount caller, JsonObject request) =>
        (await server.ListAllAsync(operation, request, "TaskSummaries", caller, maxPages: 200)).Items;

    private async Task<List<string>> TaskIdsAsync(string operation, TestAccount caller, JsonObject request) =>
        (await ListAsync(operation, caller, request)).Select(t => (string)t["TaskId"]!).ToList();

    private static JsonObject Filter(string name, params string[] values) => new() { [name] = RequestBodies.Array(values) };

    private static JsonObject Filter(params (string Name, string[] Values)[] filters)
    {
        var o = new JsonObject();
        foreach (var (name, values) in filters)
        {
            o[name] = RequestBodies.Array(values);
        }
        return o;
    }

    /// <summary>A invites <paramref name="receiver"/> into a fresh engagement; the receiver accepts by task. Returns the task.</summary>
    private async Task<JsonObject> AcceptedAsync(TestAccount receiver, TestAccount? sender = null)
    {
        sender ??= server.A;
        var engagement = await server.CreateEngagementAsync(sender);
        var invitation = await server.InviteAsync(sender, engagement, receiver);
        var task = await server.AcceptByTaskAsync(receiver, invitation);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        return task;
    }

    /// <summary>A lead invitation accepted by task: a FAILED task (InvitationValidationFailed).</summary>
    private async Task<JsonObject> FailedAcceptAsync(TestAccount receiver)
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: "Lead");
        var invitation = await server.InviteAsync(server.A, engagement, receiver, lead: true);
        var task = await server.AcceptByTaskAsync(receiver, invitation);
        Assert.Equal("FAILED", (string?)task["TaskStatus"]);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        return task;
    }

    private async Task<JsonObject> SubmittedAsync(TestAccount owner)
    {
        var (_, _, task) = await server.SubmittedOpportunityAsync(owner);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        return task;
    }

    private async Task<(string Engagement, JsonObject Task)> ConvertedAsync(TestAccount caller)
    {
        var engagement = await server.CreateEngagementAsync(caller, contexts: "Lead");
        var task = await server.ConvertByTaskAsync(caller, engagement);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        return (engagement, task);
    }

    private static string Id(JsonObject task) => (string)task["TaskId"]!;

    // ---------------------------------------------------------------- ListEngagementByAcceptingInvitationTasks

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_Caller_OnlyItsOwnTasks()
    {
        var byB = await AcceptedAsync(server.B);
        var byC = await AcceptedAsync(server.C);

        var seenByB = await TaskIdsAsync(ListAccepts, server.B, Request());
        var seenByC = await TaskIdsAsync(ListAccepts, server.C, Request());
        var seenByA = await TaskIdsAsync(ListAccepts, server.A, Request());

        Assert.Contains(Id(byB), seenByB);
        Assert.DoesNotContain(Id(byC), seenByB);
        Assert.Contains(Id(byC), seenByC);
        Assert.DoesNotContain(Id(byB), seenByC);
        Assert.DoesNotContain(Id(byB), seenByA); // the sender did not start it
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_TaskIdentifier_SummaryAsTheStartResponse()
    {
        var task = await AcceptedAsync(server.B);

        var listed = await ListAsync(ListAccepts, server.B, Request(Filter("TaskIdentifier", Id(task))));

        Wire.Same(task, listed.Single(), "the listed summary");
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_TaskIdentifierArn_Found()
    {
        var task = await AcceptedAsync(server.B);

        var ids = await TaskIdsAsync(ListAccepts, server.B, Request(Filter("TaskIdentifier", (string)task["TaskArn"]!)));

        Assert.Equal([Id(task)], ids);
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_TaskStatus_OnlyThatStatus()
    {
        var complete = await AcceptedAsync(server.D);
        var failed = await FailedAcceptAsync(server.D);
        var both = ("TaskIdentifier", new[] { Id(complete), Id(failed) });

        var onlyFailed = await ListAsync(ListAccepts, server.D, Request(Filter(both, ("TaskStatus", ["FAILED"]))));
        var onlyComplete = await ListAsync(ListAccepts, server.D, Request(Filter(both, ("TaskStatus", ["COMPLETE"]))));
        var anyFailed = await ListAsync(ListAccepts, server.D, Request(Filter("TaskStatus", "FAILED")));
        var inProgress = await ListAsync(ListAccepts, server.D, Request(Filter(both, ("TaskStatus", ["IN_PROGRESS"]))));

        Wire.Same(failed, onlyFailed.Single(), "the FAILED summary");
        Assert.Equal("InvitationValidationFailed", (string?)onlyFailed.Single()["ReasonCode"]);
        Assert.Equal([Id(complete)], onlyComplete.Select(t => (string)t["TaskId"]!));
        Assert.Contains(Id(failed), anyFailed.Select(t => (string)t["TaskId"]!));
        Assert.All(anyFailed, t => Assert.Equal("FAILED", (string?)t["TaskStatus"]));
        Assert.Empty(inProgress);
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_OpportunityIdentifier_TheTaskThatMadeIt()
    {
        var first = await AcceptedAsync(server.B);
        await AcceptedAsync(server.B);

        var ids = await TaskIdsAsync(ListAccepts, server.B, Request(Filter("OpportunityIdentifier", (string)first["OpportunityId"]!)));

        Assert.Equal([Id(first)], ids);
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_EngagementInvitationIdentifier_ByIdAndByArn()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);
        // Started with the ARN: the task echoes the ARN, the filter matches the invitation either way.
        var task = await server.AcceptByTaskAsync(server.B, Wire.InvitationArn(invitation));
        await AcceptedAsync(server.B);

        var byId = await TaskIdsAsync(ListAccepts, server.B, Request(Filter("EngagementInvitationIdentifier", invitation)));
        var byArn = await TaskIdsAsync(ListAccepts, server.B, Request(Filter("EngagementInvitationIdentifier", Wire.InvitationArn(invitation))));

        Assert.Equal([Id(task)], byId);
        Assert.Equal([Id(task)], byArn);
        // The listing names the invitation by its id (the member's pattern), whichever form started the task.
        Assert.Equal(Wire.InvitationArn(invitation), (string?)task["EngagementInvitationId"]);
        var listed = await ListAsync(ListAccepts, server.B, Request(Filter("TaskIdentifier", Id(task))));
        Assert.Equal(invitation, (string?)listed.Single()["EngagementInvitationId"]);
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_SortByStartTime_BothWays()
    {
        var first = await AcceptedAsync(server.C);
        var second = await FailedAcceptAsync(server.C);
        var third = await AcceptedAsync(server.C);
        var filter = Filter("TaskIdentifier", Id(first), Id(second), Id(third));

        var ascending = await ListAsync(ListAccepts, server.C, Sorted("ASCENDING", filter));
        var descending = await TaskIdsAsync(ListAccepts, server.C, Sorted("DESCENDING", filter));

        Assert.Equal([Id(first), Id(second), Id(third)], ascending.Select(t => (string)t["TaskId"]!));
        Assert.Equal([Id(third), Id(second), Id(first)], descending);
        var times = ascending.Select(t => Wire.Time(t["StartTime"])).ToList();
        Assert.True(times[0] < times[1] && times[1] < times[2], "StartTime increases");
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_MaxResultsOne_PagesThroughEveryTaskOnce()
    {
        var tasks = new[] { await AcceptedAsync(server.D), await AcceptedAsync(server.D), await AcceptedAsync(server.D) };
        var filter = Filter("TaskIdentifier", tasks.Select(Id).ToArray());
        var request = Sorted("ASCENDING", filter);
        request["MaxResults"] = 1;

        var (items, sizes) = await server.ListAllAsync(ListAccepts, request, "TaskSummaries", server.D);

        Assert.Equal(tasks.Select(Id), items.Select(t => (string)t["TaskId"]!));
        Assert.Equal([1, 1, 1], sizes);
    }

    [Fact]
    public async Task ListEngagementByAcceptingInvitationTasks_OtherCatalog_NotListed()
    {
        var task = await AcceptedAsync(server.B);
        var aws = Request(Filter("TaskIdentifier", Id(task)));
        aws["Catalog"] = "AWS";

        Assert.Empty(await TaskIdsAsync(ListAccepts, server.B, aws));
    }

    // ---------------------------------------------------------------- ListEngagementFromOpportunityTasks

    [Fact]
    public async Task ListEngagementFromOpportunityTasks_Caller_OnlyItsOwnTasksWithTheStartResponseFields()
    {
        var byA = await SubmittedAsync(server.A);
        var byB = await SubmittedAsync(server.B);

        var seenByA = await ListAsync(ListSubmissions, server.A, Request());
        var seenByB = await TaskIdsAsync(ListSubmissions, server.B, Request());

        Wire.Same(byA, seenByA.Single(t => (string?)t["TaskId"] == Id(byA)), "the listed summary");
        Assert.DoesNotContain(Id(byB), seenByA.Select(t => (string)t["TaskId"]!));
        Assert.Contains(Id(byB), seenByB);
        Assert.DoesNotContain(Id(byA), seenByB);
    }

    [Fact]
    public async Task ListEngagementFromOpportunityTasks_OpportunityAndEngagementIdentifier_TheMatchingTask()
    {
        var first = await SubmittedAsync(server.C);
        var second = await SubmittedAsync(server.C);

        var byOpportunity = await TaskIdsAsync(ListSubmissions, server.C, Request(Filter("OpportunityIdentifier", (string)first["OpportunityId"]!)));
        var byEngagement = await TaskIdsAsync(ListSubmissions, server.C, Request(Filter("EngagementIdentifier", (string)second["EngagementId"]!)));
        var byEngagementArn = await TaskIdsAsync(ListSubmissions, server.C,
            Request(Filter("EngagementIdentifier", Wire.EngagementArn((string)second["EngagementId"]!))));

        Assert.Equal([Id(first)], byOpportunity);
        Assert.Equal([Id(second)], byEngagement);
        Assert.Equal([Id(second)], byEngagementArn);
    }

    [Fact]
    public async Task ListEngagementFromOpportunityTasks_TaskStatusAndTaskIdentifier_FailedResubmissionApart()
    {
        var complete = await SubmittedAsync(server.D);
        var failed = (await server.OkAsync("StartEngagementFromOpportunityTask",
            TaskSteps.SubmitTask((string)complete["OpportunityId"]!), server.D))!.AsObject();
        Assert.Equal("FAILED", (string?)failed["TaskStatus"]);
        var both = ("TaskIdentifier", new[] { Id(complete), (string)failed["TaskArn"]! });

        var all = await TaskIdsAsync(ListSubmissions, server.D, Sorted("ASCENDING", Filter(both)));
        var onlyFailed = await ListAsync(ListSubmissions, server.D, Request(Filter(both, ("TaskStatus", ["FAILED"]))));
        var byOpportunity = await TaskIdsAsync(ListSubmissions, server.D,
            Sorted("DESCENDING", Filter("OpportunityIdentifier", (string)complete["OpportunityId"]!)));

        Assert.Equal([Id(complete), Id(failed)], all);
        Wire.Same(failed, onlyFailed.Single(), "the FAILED summary");
        Assert.Equal([Id(failed), Id(complete)], byOpportunity);
    }

    [Fact]
    public async Task ListEngagementFromOpportunityTasks_MaxResultsTwo_DescendingPages()
    {
        var tasks = new[] { await SubmittedAsync(server.B), await SubmittedAsync(server.B), await SubmittedAsync(server.B) };
        var request = Sorted("DESCENDING", Filter("TaskIdentifier", tasks.Select(Id).ToArray()));
        request["MaxResults"] = 2;

        var (items, sizes) = await server.ListAllAsync(ListSubmissions, request, "TaskSummaries", server.B);

        Assert.Equal(tasks.Select(Id).Reverse(), items.Select(t => (string)t["TaskId"]!));
        Assert.Equal([2, 1], sizes);
    }

    // ---------------------------------------------------------------- ListOpportunityFromEngagementTasks

    [Fact]
    public async Task ListOpportunityFromEngagementTasks_Caller_OnlyItsOwnTasksWithTheStartResponseFields()
    {
        var (_, byA) = await ConvertedAsync(server.A);
        var (_, byB) = await ConvertedAsync(server.B);

        var seenByA = await ListAsync(ListConversions, server.A, Request());
        var seenByB = await TaskIdsAsync(ListConversions, server.B, Request());

        Wire.Same(byA, seenByA.Single(t => (string?)t["TaskId"] == Id(byA)), "the listed summary");
        Assert.DoesNotContain(Id(byB), seenByA.Select(t => (string)t["TaskId"]!));
        Assert.Contains(Id(byB), seenByB);
        Assert.DoesNotContain(Id(byA), seenByB);
    }

    [Fact]
    public async Task ListOpportunityFromEngagementTasks_EngagementOpportunityAndContextIdentifier_TheMatchingTasks()
    {
        var (engagement, converted) = await ConvertedAsync(server.C);
        var failed = (await server.OkAsync("StartOpportunityFromEngagementTask", TaskSteps.ConvertTask(engagement, "9"), server.C))!.AsObject();
        Assert.Equal("FAILED", (string?)failed["TaskStatus"]);
        await ConvertedAsync(server.C);

        var byEngagement = await TaskIdsAsync(ListConversions, server.C, Sorted("ASCENDING", Filter("EngagementIdentifier", engagement)));
        var byEngagementArn = await TaskIdsAsync(ListConversions, server.C, Sorted("ASCENDING", Filter("EngagementIdentifier", Wire.EngagementArn(engagement))));
        var byOpportunity = await TaskIdsAsync(ListConversions, server.C, Request(Filter("OpportunityIdentifier", (string)converted["OpportunityId"]!)));
        var byContext = await TaskIdsAsync(ListConversions, server.C,
            Request(Filter(("EngagementIdentifier", [engagement]), ("ContextIdentifier", [(string)converted["ContextId"]!]))));
        // The lead's context, which the caller named: the conversion and the failed attempt on "9" are not both found by it.
        var byLeadContext = await TaskIdsAsync(ListConversions, server.C,
            Request(Filter(("EngagementIdentifier", [engagement]), ("ContextIdentifier", ["1"]))));
        var byEither = await TaskIdsAsync(ListConversions, server.C,
            Sorted("ASCENDING", Filter(("EngagementIdentifier", [engagement]), ("ContextIdentifier", ["1", "9"]))));
        var failedOnly = await ListAsync(ListConversions, server.C, Request(Filter(("EngagementIdentifier", [engagement]), ("TaskStatus", ["FAILED"]))));

        Assert.Equal([Id(converted), Id(failed)], byEngagement);
        Assert.Equal([Id(converted), Id(failed)], byEngagementArn);
        Assert.Equal([Id(converted)], byOpportunity);
        Assert.Equal([Id(converted)], byContext);
        Assert.Equal([Id(converted)], byLeadContext);
        Assert.Equal([Id(converted), Id(failed)], byEither);
        Wire.Same(failed, failedOnly.Single(), "the FAILED summary");
        Assert.Equal("ContextNotFound", (string?)failedOnly.Single()["ReasonCode"]);
    }

    [Fact]
    public async Task ListOpportunityFromEngagementTasks_SortAndPaging_BothWays()
    {
        var tasks = new[] { (await ConvertedAsync(server.D)).Task, (await ConvertedAsync(server.D)).Task, (await ConvertedAsync(server.D)).Task };
        var filter = Filter("TaskIdentifier", tasks.Select(Id).ToArray());
        var ascending = Sorted("ASCENDING", filter);
        ascending["MaxResults"] = 2;
        var descending = Sorted("DESCENDING", filter);
        descending["MaxResults"] = 1;

        var (up, upSizes) = await server.ListAllAsync(ListConversions, ascending, "TaskSummaries", server.D);
        var (down, downSizes) = await server.ListAllAsync(ListConversions, descending, "TaskSummaries", server.D);

        Assert.Equal(tasks.Select(Id), up.Select(t => (string)t["TaskId"]!));
        Assert.Equal([2, 1], upSizes);
        Assert.Equal(tasks.Select(Id).Reverse(), down.Select(t => (string)t["TaskId"]!));
        Assert.Equal([1, 1, 1], downSizes);
    }

    [Fact]
    public async Task ListTasks_OneKind_OtherKindsNotListed()
    {
        var (_, converted) = await ConvertedAsync(server.A);
        var submitted = await SubmittedAsync(server.A);

        Assert.DoesNotContain(Id(converted), await TaskIdsAsync(ListSubmissions, server.A, Request()));
        Assert.DoesNotContain(Id(submitted), await TaskIdsAsync(ListConversions, server.A, Request()));
        Assert.DoesNotContain(Id(submitted), await TaskIdsAsync(ListAccepts, server.A, Request()));
    }
}
