using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.SnapshotSteps;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// TagResource, UntagResource, ListTagsForResource (spec 03 §7): opportunities and resource snapshot jobs of the caller;
/// the ARN must be a TaggableResourceArn; another account's resource is not found.
/// </summary>
public sealed class TagTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static JsonObject TagBody(string arn, JsonArray tags) => new() { ["ResourceArn"] = arn, ["Tags"] = tags };

    private static JsonObject UntagBody(string arn, params string[] keys) => new() { ["ResourceArn"] = arn, ["TagKeys"] = RequestBodies.Array(keys) };

    private async Task<string> OpportunityArnAsync(TestAccount owner, JsonArray? tags = null)
    {
        var body = OpportunityBodies.Create();
        if (tags is not null)
        {
            body["Tags"] = tags;
        }
        return OpportunityBodies.OpportunityArn(owner.AccountId, await server.CreateOpportunityAsync(owner, body));
    }

    [Fact]
    public async Task TagResource_Opportunity_AddsToTheTagsOfCreateAndOverwritesByKey()
    {
        var arn = await OpportunityArnAsync(server.A, Tags(("owner", "sales"), ("tier", "1")));

        var tag = await server.CallAsync("TagResource", TagBody(arn, Tags(("tier", "2"), ("region", "emea"))), server.A);

        Assert.Equal((200, "{}"), (tag.Status, tag.Body));
        Assert.Equal([("owner", "sales"), ("tier", "2"), ("region", "emea")], TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]));
    }

    [Fact]
    public async Task TagResource_LettersAndDigitsBeyondTheBasicPlane_AcceptedAndReadBackEmojiRefused()
    {
        // The tag patterns' \p{L} and \p{N} take whole code points, as AWS's Java validator does: 𠮷 (U+20BB7) is a
        // letter, 𝟘 (U+1D7D8) a digit; an emoji is neither.
        var arn = await OpportunityArnAsync(server.A);

        await server.OkAsync("TagResource", TagBody(arn, Tags(("customer", "\U00020BB7野家"), ("\U0001D7D8", "zero"))), server.A);
        var emoji = await server.CallAsync("TagResource", TagBody(arn, Tags(("mood", "😀"))), server.A);

        Assert.Equal([("customer", "\U00020BB7野家"), ("\U0001D7D8", "zero")], TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]));
        Assert.Equal([("tags.value", "INVALID_STRING_FORMAT")], emoji.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task UntagResource_Keys_RemovedAbsentKeysIgnored()
    {
        var arn = await OpportunityArnAsync(server.A, Tags(("owner", "sales"), ("tier", "1")));

        var untag = await server.CallAsync("UntagResource", UntagBody(arn, "tier", "never-there"), server.A);
        await server.OkAsync("UntagResource", UntagBody(arn, "tier"), server.A);

        Assert.Equal((200, "{}"), (untag.Status, untag.Body));
        Assert.Equal([("owner", "sales")], TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]));
    }

    [Fact]
    public async Task UntagResource_ReservedKey_RefusedAndNoTagRemoved()
    {
        var arn = await OpportunityArnAsync(server.A, Tags(("owner", "sales"), ("tier", "1")));

        var errors = (await server.CallAsync("UntagResource", UntagBody(arn, "tier", "AWS:created"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("tagKeys", "INVALID_VALUE")], errors);
        Assert.Equal([("owner", "sales"), ("tier", "1")], TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]));
    }

    [Fact]
    public async Task ListTagsForResource_Untagged_EmptyList()
    {
        var arn = await OpportunityArnAsync(server.A);

        var tags = await server.ListTagsAsync(server.A, arn);

        Assert.Empty(tags["Tags"]!.AsArray());
    }

    [Fact]
    public async Task TagResource_Opportunity_LastModifiedDateUnchanged()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = (string?)(await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"];
        server.Clock.Advance(TimeSpan.FromSeconds(5));

        await server.OkAsync("TagResource", TagBody(OpportunityBodies.OpportunityArn(server.A.AccountId, id), Tags(("k", "v"))), server.A);

        Assert.Equal(before, (string?)(await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);
    }

    [Fact]
    public async Task TagResource_TenAtOnceOnOneJob_AllAnsweredAndAllKept()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var arn = JobArn(server.A, await server.CreateJobAsync(server.A, engagement, opportunity));

        // Jobs are read without a row lock: concurrent changes are settled by re-reading, never by a ConflictException.
        // Only PostgreSQL runs these writers concurrently; SQLite's single writer passes this either way.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            server.CallAsync("TagResource", TagBody(arn, Tags(($"k{i}", "v"))), server.A)));

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}").Order(),
            TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]).Select(t => t.Key).Order());
    }

    [Fact]
    public async Task TagResource_Job_ListedAndRemovable()
    {
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        var arn = JobArn(server.A, await server.CreateJobAsync(server.A, engagement, opportunity));

        await server.OkAsync("TagResource", TagBody(arn, Tags(("cost-center", "42"))), server.A);
        Assert.Equal([("cost-center", "42")], TagPairs((await server.ListTagsAsync(server.A, arn))["Tags"]));
        await server.OkAsync("UntagResource", UntagBody(arn, "cost-center"), server.A);
        Assert.Empty((await server.ListTagsAsync(server.A, arn))["Tags"]!.AsArray());
    }

    [Fact]
    public async Task TagResource_AnotherAccountsOpportunity_NotFound()
    {
        var arn = await OpportunityArnAsync(server.A);
        var forged = arn.Replace(server.A.AccountId, server.B.AccountId, StringComparison.Ordinal);

        (await server.CallAsync("TagResource", TagBody(arn, Tags(("k", "v"))), server.B)).AssertError(404, "ResourceNotFoundException");
        (await server.CallAsync("ListTagsForResource", new JsonObject { ["ResourceArn"] = arn }, server.B)).AssertError(404, "ResourceNotFoundException");
        (await server.CallAsync("ListTagsForResource", new JsonObject { ["ResourceArn"] = forged }, server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task TagResource_UnknownOpportunityOrOtherCatalog_NotFound()
    {
        var arn = await OpportunityArnAsync(server.A);

        (await server.CallAsync("TagResource", TagBody(OpportunityBodies.OpportunityArn(server.A.AccountId, "O99999999"), Tags(("k", "v"))), server.A))
            .AssertError(404, "ResourceNotFoundException");
        (await server.CallAsync("TagResource", TagBody(arn.Replace("/Sandbox/", "/AWS/", StringComparison.Ordinal), Tags(("k", "v"))), server.A))
            .AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task TagResource_EngagementArnWithoutAccount_RequestValidation()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var errors = (await server.CallAsync("TagResource", TagBody(Wire.EngagementArn(engagement), Tags(("k", "v"))), server.A))
            .AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("resourceArn", "INVALID_STRING_FORMAT")], errors);
    }

    [Fact]
    public async Task TagResource_SolutionArn_NotTaggable()
    {
        var arn = $"arn:aws:partnercentral:us-east-1:{server.A.AccountId}:catalog/Sandbox/solution/S-1234567";

        var errors = (await server.CallAsync("TagResource", TagBody(arn, Tags(("k", "v"))), server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("resourceArn", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task TagResource_MoreThan200InAll_TooManyValues()
    {
        var arn = await OpportunityArnAsync(server.A);
        await server.OkAsync("TagResource", TagBody(arn, Tags(Enumerable.Range(0, 150).Select(i => ($"a{i}", "x")).ToArray())), server.A);

        var errors = (await server.CallAsync("TagResource", TagBody(arn, Tags(Enumerable.Range(0, 51).Select(i => ($"b{i}", "x")).ToArray())), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("tags", "TOO_MANY_VALUES")], errors);
        Assert.Equal(150, (await server.ListTagsAsync(server.A, arn))["Tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task TagResource_DuplicateKeyOrReservedPrefix_BusinessValidation()
    {
        var arn = await OpportunityArnAsync(server.A);

        Assert.Equal([("tags.key", "DUPLICATE_KEY_VALUE")],
            (await server.CallAsync("TagResource", TagBody(arn, Tags(("k", "1"), ("k", "2"))), server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal([("tags.key", "INVALID_VALUE")],
            (await server.CallAsync("TagResource", TagBody(arn, Tags(("aws:created", "x"))), server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED"));
    }

    [Theory]
    [InlineData("CreateOpportunity")]
    [InlineData("StartEngagementFromOpportunityTask")]
    [InlineData("StartEngagementByAcceptingInvitationTask")]
    [InlineData("StartOpportunityFromEngagementTask")]
    public async Task Tags_OfTheOperationsThatCreateTaggableResources_DuplicateOrReservedKeyRefusedBeforeAnythingChanges(string operation)
    {
        var body = await TaggedRequestAsync(operation);
        var opportunitiesBefore = await server.OpportunityIdsAsync(server.B);

        body["Tags"] = Tags(("k", "1"), ("k", "2"));
        var duplicate = (await server.CallAsync(operation, body, server.B)).AssertValidation("BUSINESS_VALIDATION_FAILED");
        body["Tags"] = Tags(("aws:created", "x"));
        body["ClientToken"] = RequestBodies.NewToken();
        var reserved = (await server.CallAsync(operation, body, server.B)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("tags.key", "DUPLICATE_KEY_VALUE")], duplicate);
        Assert.Equal([("tags.key", "INVALID_VALUE")], reserved);
        Assert.Equal(opportunitiesBefore, await server.OpportunityIdsAsync(server.B));
        // The same request with acceptable tags goes through: the refusals were the tags'.
        body["Tags"] = Tags(("k", "1"));
        body["ClientToken"] = RequestBodies.NewToken();
        var created = (await server.OkAsync(operation, body, server.B))!;
        Assert.NotEqual("FAILED", (string?)created["TaskStatus"]);
        // The tags go to what the call creates: the opportunity (but for a submission, whose opportunity exists) and the job.
        if (operation != "StartEngagementFromOpportunityTask")
        {
            var opportunity = (string?)created["Id"] ?? (string)created["OpportunityId"]!;
            Assert.Equal([("k", "1")], TagPairs((await server.ListTagsAsync(server.B, OpportunityBodies.OpportunityArn(server.B.AccountId, opportunity)))["Tags"]));
        }
        if ((string?)created["ResourceSnapshotJobId"] is { } job)
        {
            Assert.Equal([("k", "1")], TagPairs((await server.ListTagsAsync(server.B, JobArn(server.B, job)))["Tags"]));
        }
    }

    /// <summary>A request of <paramref name="operation"/> by account B that would create an opportunity.</summary>
    private async Task<JsonObject> TaggedRequestAsync(string operation)
    {
        switch (operation)
        {
            case "CreateOpportunity":
                return OpportunityBodies.Create();
            case "StartEngagementFromOpportunityTask":
                return TaskSteps.SubmitTask(await server.CreateOpportunityAsync(server.B));
            case "StartEngagementByAcceptingInvitationTask":
                var engagement = await server.CreateEngagementAsync(server.A);
                return TaskSteps.AcceptTask(await server.InviteAsync(server.A, engagement, server.B));
            default:
                var lead = RequestBodies.CreateEngagement(contexts: "Lead");
                lead["Contexts"]![0]!["Payload"]!["Lead"]!["Interactions"]![0]!["BusinessProblem"] = "Needs a data platform that scales with its seasonal load.";
                return TaskSteps.ConvertTask((string)(await server.OkAsync("CreateEngagement", lead, server.B))!["Id"]!);
        }
    }

    [Fact]
    public async Task TagResource_ModelLimits_RequestValidation()
    {
        var arn = await OpportunityArnAsync(server.A);

        var empty = (await server.CallAsync("TagResource", TagBody(arn, []), server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        var longKey = (await server.CallAsync("TagResource", TagBody(arn, Tags((new string('k', 129), "v"))), server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        var badChar = (await server.CallAsync("TagResource", TagBody(arn, Tags(("k", "semi;colon"))), server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        var tooManyKeys = (await server.CallAsync("UntagResource", UntagBody(arn, Enumerable.Range(0, 51).Select(i => $"k{i}").ToArray()), server.A))
            .AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("tags", "NOT_ENOUGH_VALUES")], empty);
        Assert.Equal([("tags.key", "INVALID_STRING_FORMAT")], longKey);
        Assert.Equal([("tags.value", "INVALID_STRING_FORMAT")], badChar);
        Assert.Equal([("tagKeys", "TOO_MANY_VALUES")], tooManyKeys);
    }
}
