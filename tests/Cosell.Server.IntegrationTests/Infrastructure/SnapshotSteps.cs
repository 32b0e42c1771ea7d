using System.Text.Json.Nodes;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Request bodies and moves of resource snapshots, snapshot jobs, settings and tags (spec 03 §3, §4, §6, §7).</summary>
public static class SnapshotSteps
{
    public const string SummaryView = "OpportunitySummaryView";
    public const string AwsFullView = "AwsOpportunitySummaryFullView";
    public const string JobIdPattern = "^job-[0-9a-z]{13}$";

    public static string SnapshotArn(string engagement, string opportunity, int revision, string template = SummaryView, string catalog = RequestBodies.Sandbox) =>
        $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/engagement/{engagement}/resource/Opportunity/{opportunity}/template/{template}/snapshot/{revision}";

    public static string JobArn(TestAccount owner, string job, string catalog = RequestBodies.Sandbox) =>
        $"arn:aws:partnercentral:us-east-1:{owner.AccountId}:catalog/{catalog}/resource-snapshot-job/{job}";

    public static JsonObject Snapshot(string engagement, string opportunity, string template = SummaryView, string? token = null, string catalog = RequestBodies.Sandbox) => new()
    {
        ["Catalog"] = catalog,
        ["ClientToken"] = token ?? RequestBodies.NewToken(),
        ["EngagementIdentifier"] = engagement,
        ["ResourceType"] = "Opportunity",
        ["ResourceIdentifier"] = opportunity,
        ["ResourceSnapshotTemplateIdentifier"] = template,
    };

    public static JsonObject GetSnapshot(string engagement, string opportunity, int? revision = null, string template = SummaryView)
    {
        var body = new JsonObject
        {
            ["Catalog"] = RequestBodies.Sandbox,
            ["EngagementIdentifier"] = engagement,
            ["ResourceType"] = "Opportunity",
            ["ResourceIdentifier"] = opportunity,
            ["ResourceSnapshotTemplateIdentifier"] = template,
        };
        if (revision is { } r)
        {
            body["Revision"] = r;
        }
        return body;
    }

    public static JsonObject Job(string engagement, string opportunity, string template = SummaryView, JsonArray? tags = null)
    {
        var body = Snapshot(engagement, opportunity, template);
        if (tags is not null)
        {
            body["Tags"] = tags;
        }
        return body;
    }

    public static JsonObject JobRef(string job, string catalog = RequestBodies.Sandbox) =>
        new() { ["Catalog"] = catalog, ["ResourceSnapshotJobIdentifier"] = job };

    public static JsonArray Tags(params (string Key, string Value)[] tags) =>
        new(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());

    /// <summary>CreateResourceSnapshot, required to answer 200; returns its revision.</summary>
    public static async Task<int> SnapshotAsync(this CosellServer server, TestAccount owner, string engagement, string opportunity, string template = SummaryView)
    {
        var json = await server.OkAsync("CreateResourceSnapshot", Snapshot(engagement, opportunity, template), owner);
        return (int)json!["Revision"]!;
    }

    public static async Task<JsonObject> GetSnapshotAsync(
        this CosellServer server, TestAccount caller, string engagement, string opportunity, int? revision = null, string template = SummaryView) =>
        (await server.OkAsync("GetResourceSnapshot", GetSnapshot(engagement, opportunity, revision, template), caller))!.AsObject();

    /// <summary>CreateResourceSnapshotJob, required to answer 200; returns the job id.</summary>
    public static async Task<string> CreateJobAsync(this CosellServer server, TestAccount owner, string engagement, string opportunity, JsonArray? tags = null)
    {
        var json = await server.OkAsync("CreateResourceSnapshotJob", Job(engagement, opportunity, tags: tags), owner);
        return (string)json!["Id"]!;
    }

    public static async Task<JsonObject> GetJobAsync(this CosellServer server, TestAccount owner, string job) =>
        (await server.OkAsync("GetResourceSnapshotJob", JobRef(job), owner))!.AsObject();

    public static Task PutRoleAsync(this CosellServer server, TestAccount caller, string role = "PartnerCentralSnapshotRole") =>
        server.OkAsync("PutSellingSystemSettings",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["ResourceSnapshotJobRoleIdentifier"] = role }, caller);

    /// <summary>
    /// A engagement of <paramref name="owner"/> (CustomerProject context) that <paramref name="member"/> has joined by
    /// AcceptEngagementInvitation, and an opportunity of the owner that is not yet in it.
    /// </summary>
    public static async Task<(string Engagement, string Opportunity)> SharedEngagementAsync(this CosellServer server, TestAccount owner, TestAccount member)
    {
        var engagement = await server.CreateEngagementAsync(owner);
        await server.AcceptAsync(member, await server.InviteAsync(owner, engagement, member));
        return (engagement, await server.CreateOpportunityAsync(owner));
    }

    /// <summary>Every snapshot summary of the engagement the caller can list.</summary>
    public static async Task<List<JsonObject>> SnapshotSummariesAsync(this CosellServer server, TestAccount caller, string engagement, Action<JsonObject>? filter = null)
    {
        var request = new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["EngagementIdentifier"] = engagement };
        filter?.Invoke(request);
        var (items, _) = await server.ListAllAsync("ListResourceSnapshots", request, "ResourceSnapshotSummaries", caller);
        return items;
    }

    public static async Task<JsonObject> ListTagsAsync(this CosellServer server, TestAccount caller, string arn) =>
        (await server.OkAsync("ListTagsForResource", new JsonObject { ["ResourceArn"] = arn }, caller))!.AsObject();

    public static List<(string Key, string Value)> TagPairs(JsonNode? tags) =>
        tags!.AsArray().Select(t => ((string)t!["Key"]!, (string)t["Value"]!)).ToList();

    public static void AssertRevisions(IEnumerable<JsonObject> summaries, params int[] revisions) =>
        Assert.Equal(revisions, summaries.Select(s => (int)s["Revision"]!).ToArray());
}
