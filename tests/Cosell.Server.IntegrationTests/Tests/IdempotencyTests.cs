using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>ClientToken handling (spec 04 §1; spec 02 §4 row 2).</summary>
public sealed class IdempotencyTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string TokenConflict = "Conflicting client token submitted for a new request body.";

    private async Task<List<JsonObject>> SentInvitationsAsync(TestAccount sender, string engagement)
    {
        var body = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        };
        return (await server.OkAsync("ListEngagementInvitations", body, sender))!["EngagementInvitationSummaries"]!
            .AsArray().Select(n => n!.AsObject()).ToList();
    }

    /// <summary>The same JSON with every object's members in reverse order.</summary>
    private static JsonNode Reordered(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : Reordered(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(e => e is null ? null : Reordered(e)).ToArray()),
        _ => node.DeepClone(),
    };

    [Fact]
    public async Task CreateEngagementInvitation_SameTokenSameBodyReordered_SameIdOneInvitation()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var reordered = Reordered(body);
        Assert.NotEqual(body.ToJsonString(), reordered.ToJsonString());

        var first = (await server.OkAsync("CreateEngagementInvitation", body, server.A))!;
        var again = (await server.OkAsync("CreateEngagementInvitation", body, server.A))!;
        var third = (await server.OkAsync("CreateEngagementInvitation", reordered, server.A))!;

        Assert.Equal((string?)first["Id"], (string?)again["Id"]);
        Assert.Equal((string?)first["Arn"], (string?)again["Arn"]);
        Assert.Equal((string?)first["Id"], (string?)third["Id"]);
        var sent = await SentInvitationsAsync(server.A, engagement);
        Assert.Single(sent);
        Assert.Equal((string?)first["Id"], (string?)sent[0]["Id"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_SameTokenWithMembersTheModelDoesNotDefine_SameIdOneInvitation()
    {
        // The operation ignores members the model does not define (a newer SDK's), so they do not make a different request.
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var extended = body.DeepClone().AsObject();
        extended["SomeFutureMember"] = "x";
        extended["Invitation"]!["Payload"]!["OpportunityInvitation"]!["SomeFutureDetail"] = new JsonObject { ["Nested"] = 1 };

        var first = (await server.OkAsync("CreateEngagementInvitation", body, server.A))!;
        var again = (await server.OkAsync("CreateEngagementInvitation", extended, server.A))!;

        Assert.Equal((string?)first["Id"], (string?)again["Id"]);
        Assert.Single(await SentInvitationsAsync(server.A, engagement));
    }

    [Fact]
    public async Task CreateEngagementInvitation_SameTokenDifferentBody_409ConflictWithDocumentedMessage()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var token = RequestBodies.NewToken();
        var first = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token);
        var changed = RequestBodies.OpportunityInvitation(engagement, server.C.AccountId, token);
        await server.OkAsync("CreateEngagementInvitation", first, server.A);

        var response = await server.CallAsync("CreateEngagementInvitation", changed, server.A);

        var error = response.AssertError(409, "ConflictException");
        Assert.Equal(TokenConflict, (string?)error["Message"]);
        Assert.Single(await SentInvitationsAsync(server.A, engagement));
    }

    [Fact]
    public async Task CreateEngagementInvitation_SameTokenOnlyMessageChanged_409Conflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var token = RequestBodies.NewToken();
        var first = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token);
        var changed = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token);
        changed["Invitation"]!["Message"] = "A different message";
        await server.OkAsync("CreateEngagementInvitation", first, server.A);

        var response = await server.CallAsync("CreateEngagementInvitation", changed, server.A);

        Assert.Equal(TokenConflict, (string?)response.AssertError(409, "ConflictException")["Message"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_TokenUsedByAnotherAccount_Unaffected()
    {
        var engagementOfA = await server.CreateEngagementAsync(server.A);
        var engagementOfB = await server.CreateEngagementAsync(server.B);
        var token = RequestBodies.NewToken();
        var byA = (await server.OkAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagementOfA, server.C.AccountId, token), server.A))!;

        var response = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagementOfB, server.C.AccountId, token), server.B);

        Assert.Equal(200, response.Status);
        Assert.NotEqual((string?)byA["Id"], (string?)response.Json!["Id"]);
        Assert.Single(await SentInvitationsAsync(server.B, engagementOfB));
    }

    [Fact]
    public async Task CreateEngagementInvitation_FirstAttemptNotFound_CorrectedRetryWithSameTokenSucceeds()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var token = RequestBodies.NewToken();

        var failed = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation("eng-00000000000000", server.B.AccountId, token), server.A);
        var retried = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token), server.A);

        failed.AssertError(404, "ResourceNotFoundException");
        Assert.Equal(200, retried.Status);
        Assert.Single(await SentInvitationsAsync(server.A, engagement));
    }

    [Fact]
    public async Task CreateEngagementInvitation_FirstAttemptBusinessValidation_CorrectedRetryWithSameTokenSucceeds()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var token = RequestBodies.NewToken();

        var failed = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.A.AccountId, token), server.A);
        var retried = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token), server.A);

        failed.AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal(200, retried.Status);
    }

    [Fact]
    public async Task CreateEngagementInvitation_SixteenConcurrentIdenticalRequests_All200OneIdOneInvitation()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId).ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() => server.CallAsync("CreateEngagementInvitation", body, server.A))));

        Assert.All(responses, r => Assert.True(r.Status == 200, r.ToString()));
        Assert.Single(responses.Select(r => (string?)r.Json!["Id"]).Distinct());
        var sent = await SentInvitationsAsync(server.A, engagement);
        Assert.Single(sent);
        Assert.Equal((string?)responses[0].Json!["Id"], (string?)sent[0]["Id"]);
    }

    [Fact]
    public async Task CreateEngagement_SameTokenSameBody_SameIdAndModifiedAt()
    {
        var body = RequestBodies.CreateEngagement(contexts: ["CustomerProject"]);

        var first = (await server.OkAsync("CreateEngagement", body, server.D))!;
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        var again = (await server.OkAsync("CreateEngagement", body, server.D))!;

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        var listed = (await server.OkAsync("ListEngagements",
            new JsonObject { ["Catalog"] = "Sandbox", ["EngagementIdentifier"] = RequestBodies.Array((string)first["Id"]!) }, server.D))!;
        Assert.Single(listed["EngagementSummaryList"]!.AsArray());
    }

    [Fact]
    public async Task CreateEngagement_SameTokenDifferentTitle_409Conflict()
    {
        var token = RequestBodies.NewToken();
        await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement("First title", token), server.D);

        var response = await server.CallAsync("CreateEngagement", RequestBodies.CreateEngagement("Second title", token), server.D);

        Assert.Equal(TokenConflict, (string?)response.AssertError(409, "ConflictException")["Message"]);
    }

    [Fact]
    public async Task CreateEngagement_SameTokenOtherCatalog_NewEngagement()
    {
        var token = RequestBodies.NewToken();
        var sandbox = (await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement(token: token), server.D))!;

        var aws = await server.CallAsync("CreateEngagement", RequestBodies.CreateEngagement(token: token, catalog: "AWS"), server.D);

        Assert.Equal(200, aws.Status);
        Assert.NotEqual((string?)sandbox["Id"], (string?)aws.Json!["Id"]);
        Assert.Contains("catalog/AWS/engagement/", (string?)aws.Json["Arn"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_ReplayAfterAccepted_SameResponseNotConflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var first = (await server.OkAsync("CreateEngagementInvitation", body, server.A))!;
        await server.AcceptAsync(server.B, (string)first["Id"]!);

        var replay = await server.CallAsync("CreateEngagementInvitation", body, server.A);

        // Spec 04 §1: same token, same request → the original response, whatever happened since.
        Assert.Equal(200, replay.Status);
        Assert.Equal(first.ToJsonString(), replay.Json!.ToJsonString());
    }

    [Fact]
    public async Task ClientToken_SameTokenOnTwoOperations_Independent()
    {
        var token = RequestBodies.NewToken();
        var engagement = (string)(await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement(token: token, contexts: ["CustomerProject"]), server.A))!["Id"]!;

        var invitation = await server.CallAsync("CreateEngagementInvitation",
            RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, token), server.A);

        Assert.Equal(200, invitation.Status);
        Assert.StartsWith("engi-", (string?)invitation.Json!["Id"]);
    }
}
