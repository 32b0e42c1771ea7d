using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>GetEngagementInvitation and ListEngagementInvitations (spec 02 §5-6). Moves the clock forward (seconds) to order invitations.</summary>
public sealed class InvitationReadTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static readonly string[] SummaryMembers =
    [
        "Arn", "PayloadType", "Id", "EngagementId", "EngagementTitle", "Status", "InvitationDate", "ExpirationDate",
        "SenderAwsAccountId", "SenderCompanyName", "Receiver", "Catalog",
    ];

    [Fact]
    public async Task GetEngagementInvitation_AsSenderAndReceiver_EveryFieldAsSent()
    {
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var engagementRequest = RequestBodies.CreateEngagement("Acme migration", contexts: ["CustomerProject"]);
        var engagement = (string)(await server.OkAsync("CreateEngagement", engagementRequest, server.A))!["Id"]!;
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var sentAt = server.Clock.GetUtcNow();
        var request = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        var id = (string)(await server.OkAsync("CreateEngagementInvitation", request, server.A))!["Id"]!;

        var asSender = await server.GetInvitationAsync(server.A, id);
        var asReceiver = await server.GetInvitationAsync(server.B, id);
        var byArn = await server.GetInvitationAsync(server.B, Wire.InvitationArn(id));

        Assert.Equal(id, (string?)asSender["Id"]);
        Assert.Equal(Wire.InvitationArn(id), (string?)asSender["Arn"]);
        Assert.Equal("Sandbox", (string?)asSender["Catalog"]);
        Assert.Equal("OpportunityInvitation", (string?)asSender["PayloadType"]);
        Assert.Equal(engagement, (string?)asSender["EngagementId"]);
        Assert.Equal("Acme migration", (string?)asSender["EngagementTitle"]);
        Assert.Equal((string?)engagementRequest["Description"], (string?)asSender["EngagementDescription"]);
        Assert.Equal("PENDING", (string?)asSender["Status"]);
        Assert.Equal(sentAt, Wire.Time(asSender["InvitationDate"]));
        Assert.Equal(Wire.Time(asSender["InvitationDate"]) + TimeSpan.FromDays(15), Wire.Time(asSender["ExpirationDate"]));
        Assert.Equal(server.A.AccountId, (string?)asSender["SenderAwsAccountId"]);
        Assert.Equal(server.A.CompanyName, (string?)asSender["SenderCompanyName"]);
        Wire.Same(request["Invitation"]!["Receiver"], asSender["Receiver"], "Receiver");
        Wire.Same(request["Invitation"]!["Payload"], asSender["Payload"], "Payload");
        Assert.Equal((string?)request["Invitation"]!["Message"], (string?)asSender["InvitationMessage"]);
        Wire.Same(JsonNode.Parse($$"""[{"CompanyName":"{{server.A.CompanyName}}","WebsiteUrl":"{{server.A.WebsiteUrl}}"}]"""),
            asSender["ExistingMembers"], "ExistingMembers");
        Assert.Null(asSender["RejectionReason"]);
        Wire.Same(asSender, asReceiver, "receiver's view");
        Wire.Same(asSender, byArn, "Get by ARN");
    }

    [Fact]
    public async Task GetEngagementInvitation_LeadInvitation_PayloadTypeAndPayloadAsSent()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var request = RequestBodies.LeadInvitation(engagement, server.B.AccountId);
        var id = (string)(await server.OkAsync("CreateEngagementInvitation", request, server.A))!["Id"]!;

        var invitation = await server.GetInvitationAsync(server.B, id);

        Assert.Equal("LeadInvitation", (string?)invitation["PayloadType"]);
        Wire.Same(request["Invitation"]!["Payload"], invitation["Payload"], "Payload");
        Wire.Same(request["Invitation"]!["Receiver"], invitation["Receiver"], "Receiver (no Alias)");
        Assert.Null(invitation["EnrichmentContext"]); // the lead has no insights and no prospecting result
    }

    [Fact]
    public async Task GetEngagementInvitation_LeadWithInsights_EnrichmentContextForTheReceiver()
    {
        var body = RequestBodies.CreateEngagement(contexts: "Lead");
        body["Contexts"]![0]!["Payload"]!["Lead"]!["Insights"] = new JsonObject { ["LeadReadinessScore"] = "High" };
        var engagement = (string)(await server.OkAsync("CreateEngagement", body, server.A))!["Id"]!;
        await server.OkAsync("StartProspectingFromEngagementTask", new JsonObject
        {
            ["Catalog"] = "Sandbox", ["TaskName"] = "Before inviting", ["Identifiers"] = RequestBodies.Array(engagement),
            ["ClientToken"] = RequestBodies.NewToken(),
        }, server.A);
        var prospected = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray()
            .Single(c => (string?)c!["Type"] == "ProspectingResult")!["Payload"]!["ProspectingResult"]!["Aws"]!;
        var lead = await server.InviteAsync(server.A, engagement, server.B, lead: true);
        var withProject = await server.CreateEngagementAsync(server.A);
        var opportunity = await server.InviteAsync(server.A, withProject, server.B);

        var asReceiver = await server.GetInvitationAsync(server.B, lead);

        Assert.Equal("High", (string?)asReceiver["EnrichmentContext"]!["LeadInsights"]!["LeadReadinessScore"]);
        var aws = asReceiver["EnrichmentContext"]!["ProspectingResultAws"]!;
        Wire.Same(prospected["Customer"], aws["Customer"], "the prospecting result's customer");
        Wire.Same(prospected["Insights"], aws["Insights"], "the prospecting result's insights");
        Assert.Null((await server.GetInvitationAsync(server.B, opportunity))["EnrichmentContext"]);
    }

    [Fact]
    public async Task GetEngagementInvitation_ThirdAccount_403AccessDenied()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var id = await server.InviteAsync(server.A, engagement, server.B);

        var response = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify(id), server.C);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task GetEngagementInvitation_OtherMemberOfEngagement_403AccessDenied()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.AcceptAsync(server.C, await server.InviteAsync(server.A, engagement, server.C));
        var id = await server.InviteAsync(server.A, engagement, server.B);

        var response = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify(id), server.C);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task GetEngagementInvitation_Unknown_404ResourceNotFound()
    {
        var response = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify("engi-zzzzzzzzzzzzz"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetEngagementInvitation_OtherCatalog_404ResourceNotFound()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var id = await server.InviteAsync(server.A, engagement, server.B);

        var response = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify(id, catalog: "AWS"), server.B);

        response.AssertError(404, "ResourceNotFoundException");
    }

    /// <summary>
    /// A scenario with three engagements and four invitations, one second apart:
    /// A→B on E1 (opportunity), A→B on E2 (lead), A→C on E1 (opportunity), D→B on E3 (opportunity).
    /// </summary>
    private async Task<Scenario> ScenarioAsync()
    {
        var e1 = await server.CreateEngagementAsync(server.A);
        var e2 = await server.CreateEngagementAsync(server.A, contexts: ["CustomerProject", "Lead"]);
        var e3 = await server.CreateEngagementAsync(server.D);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var aToB1 = await server.InviteAsync(server.A, e1, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var aToB2 = await server.InviteAsync(server.A, e2, server.B, lead: true);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var aToC = await server.InviteAsync(server.A, e1, server.C);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var dToB = await server.InviteAsync(server.D, e3, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        return new Scenario(e1, e2, e3, aToB1, aToB2, aToC, dToB);
    }

    private sealed record Scenario(string E1, string E2, string E3, string AToB1, string AToB2, string AToC, string DToB)
    {
        public string[] Engagements => [E1, E2, E3];
    }

    private static JsonObject ListRequest(string participant, IEnumerable<string> engagements, Action<JsonObject>? more = null)
    {
        var body = new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["ParticipantType"] = participant,
            ["EngagementIdentifier"] = RequestBodies.Array([.. engagements]),
        };
        more?.Invoke(body);
        return body;
    }

    private async Task<List<JsonObject>> ListAsync(JsonObject request, TestAccount caller) =>
        (await server.ListAllAsync("ListEngagementInvitations", request, "EngagementInvitationSummaries", caller)).Items;

    private async Task<List<string>> ListIdsAsync(JsonObject request, TestAccount caller) =>
        (await ListAsync(request, caller)).Select(i => (string)i["Id"]!).ToList();

    [Fact]
    public async Task ListEngagementInvitations_AsSender_OnlySentNewestFirst()
    {
        var s = await ScenarioAsync();

        var sent = await ListAsync(ListRequest("SENDER", s.Engagements), server.A);

        Assert.Equal([s.AToC, s.AToB2, s.AToB1], sent.Select(i => (string)i["Id"]!));
        Assert.All(sent, i => Assert.Equal("SENDER", (string?)i["ParticipantType"]));
        Assert.Empty(await ListIdsAsync(ListRequest("SENDER", s.Engagements), server.B));
    }

    [Fact]
    public async Task ListEngagementInvitations_AsReceiver_OnlyReceivedNewestFirst()
    {
        var s = await ScenarioAsync();

        var received = await ListAsync(ListRequest("RECEIVER", s.Engagements), server.B);

        Assert.Equal([s.DToB, s.AToB2, s.AToB1], received.Select(i => (string)i["Id"]!));
        Assert.All(received, i => Assert.Equal("RECEIVER", (string?)i["ParticipantType"]));
        Assert.Empty(await ListIdsAsync(ListRequest("RECEIVER", s.Engagements), server.A));
        Assert.Equal([s.AToC], await ListIdsAsync(ListRequest("RECEIVER", s.Engagements), server.C));
    }

    [Fact]
    public async Task ListEngagementInvitations_Summary_MatchesGetPlusParticipantType()
    {
        var s = await ScenarioAsync();

        var summary = (await ListAsync(ListRequest("RECEIVER", [s.E2]), server.B)).Single();
        var full = await server.GetInvitationAsync(server.B, s.AToB2);

        foreach (var member in SummaryMembers)
        {
            Wire.Same(full[member], summary[member], member);
        }
        Assert.Equal("RECEIVER", (string?)summary["ParticipantType"]);
    }

    [Theory]
    [InlineData("ASCENDING")]
    [InlineData("DESCENDING")]
    public async Task ListEngagementInvitations_SortInvitationDate_BothWays(string order)
    {
        var s = await ScenarioAsync();
        var request = ListRequest("RECEIVER", s.Engagements,
            b => b["Sort"] = new JsonObject { ["SortBy"] = "InvitationDate", ["SortOrder"] = order });

        var ids = await ListIdsAsync(request, server.B);

        string[] oldestFirst = [s.AToB1, s.AToB2, s.DToB];
        Assert.Equal(order == "ASCENDING" ? oldestFirst : oldestFirst.Reverse(), ids);
    }

    [Fact]
    public async Task ListEngagementInvitations_FilterSenderAwsAccountId_OnlyThatSender()
    {
        var s = await ScenarioAsync();

        Assert.Equal([s.DToB], await ListIdsAsync(ListRequest("RECEIVER", s.Engagements,
            b => b["SenderAwsAccountId"] = RequestBodies.Array(server.D.AccountId)), server.B));
        Assert.Equal([s.AToB2, s.AToB1], await ListIdsAsync(ListRequest("RECEIVER", s.Engagements,
            b => b["SenderAwsAccountId"] = RequestBodies.Array(server.A.AccountId)), server.B));
        Assert.Empty(await ListIdsAsync(ListRequest("RECEIVER", s.Engagements,
            b => b["SenderAwsAccountId"] = RequestBodies.Array("aws")), server.B));
    }

    [Fact]
    public async Task ListEngagementInvitations_FilterPayloadType_OnlyThatType()
    {
        var s = await ScenarioAsync();

        Assert.Equal([s.AToB2], await ListIdsAsync(ListRequest("RECEIVER", s.Engagements,
            b => b["PayloadType"] = RequestBodies.Array("LeadInvitation")), server.B));
        Assert.Equal([s.DToB, s.AToB1], await ListIdsAsync(ListRequest("RECEIVER", s.Engagements,
            b => b["PayloadType"] = RequestBodies.Array("OpportunityInvitation")), server.B));
    }

    [Fact]
    public async Task ListEngagementInvitations_FilterEngagementIdentifierByIdOrArn_OnlyThoseEngagements()
    {
        var s = await ScenarioAsync();

        Assert.Equal([s.AToC, s.AToB1], await ListIdsAsync(ListRequest("SENDER", [s.E1]), server.A));
        Assert.Equal([s.AToB2], await ListIdsAsync(ListRequest("SENDER", [Wire.EngagementArn(s.E2)]), server.A));
    }

    [Fact]
    public async Task ListEngagementInvitations_FilterStatus_ExactMatch()
    {
        var s = await ScenarioAsync();
        await server.AcceptAsync(server.B, s.AToB1);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(s.DToB), server.B);

        async Task<List<string>> With(params string[] statuses) =>
            await ListIdsAsync(ListRequest("RECEIVER", s.Engagements, b => b["Status"] = RequestBodies.Array(statuses)), server.B);

        Assert.Equal([s.AToB2], await With("PENDING"));
        Assert.Equal([s.AToB1], await With("ACCEPTED"));
        Assert.Equal([s.DToB], await With("REJECTED"));
        Assert.Empty(await With("EXPIRED"));
        Assert.Equal([s.DToB, s.AToB1], await With("ACCEPTED", "REJECTED"));
        Assert.Equal([s.DToB, s.AToB2, s.AToB1], await With("PENDING", "ACCEPTED", "REJECTED", "EXPIRED"));
    }

    [Fact]
    public async Task ListEngagementInvitations_FiltersCombined_Intersection()
    {
        var s = await ScenarioAsync();

        var ids = await ListIdsAsync(ListRequest("RECEIVER", s.Engagements, b =>
        {
            b["SenderAwsAccountId"] = RequestBodies.Array(server.A.AccountId);
            b["PayloadType"] = RequestBodies.Array("OpportunityInvitation");
            b["Status"] = RequestBodies.Array("PENDING");
        }), server.B);

        Assert.Equal([s.AToB1], ids);
    }

    [Fact]
    public async Task ListEngagementInvitations_MaxResults1_OnePerPageNoDuplicatesNoGaps()
    {
        var s = await ScenarioAsync();

        var (items, pages) = await server.ListAllAsync("ListEngagementInvitations",
            ListRequest("RECEIVER", s.Engagements, b => b["MaxResults"] = 1), "EngagementInvitationSummaries", server.B);

        Assert.Equal([1, 1, 1], pages);
        Assert.Equal([s.DToB, s.AToB2, s.AToB1], items.Select(i => (string)i["Id"]!));
    }

    [Fact]
    public async Task ListEngagementInvitations_MaxResults2SameInstant_NoDuplicatesNoGaps()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var ids = new List<string>();
        foreach (var receiver in server.Accounts.Skip(1).Take(5))
        {
            ids.Add(await server.InviteAsync(server.A, engagement, receiver));
        }

        var (items, pages) = await server.ListAllAsync("ListEngagementInvitations",
            ListRequest("SENDER", [engagement], b => b["MaxResults"] = 2), "EngagementInvitationSummaries", server.A);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(ids.Order(), items.Select(i => (string)i["Id"]!).Order());
    }

    [Fact]
    public async Task ListEngagementInvitations_NextTokenWithOtherParticipantOrFilter_400Validation()
    {
        var s = await ScenarioAsync();
        var first = (await server.OkAsync("ListEngagementInvitations",
            ListRequest("RECEIVER", s.Engagements, b => b["MaxResults"] = 1), server.B))!;
        var token = (string?)first["NextToken"];
        Assert.NotNull(token);

        var otherParticipant = ListRequest("SENDER", s.Engagements, b => { b["MaxResults"] = 1; b["NextToken"] = token; });
        var otherFilter = ListRequest("RECEIVER", s.Engagements, b =>
        {
            b["MaxResults"] = 1;
            b["NextToken"] = token;
            b["Status"] = RequestBodies.Array("PENDING");
        });

        (await server.CallAsync("ListEngagementInvitations", otherParticipant, server.B)).AssertValidation("REQUEST_VALIDATION_FAILED");
        (await server.CallAsync("ListEngagementInvitations", otherFilter, server.B)).AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagementInvitations_OtherCatalog_NotListed()
    {
        var s = await ScenarioAsync();
        var request = ListRequest("RECEIVER", s.Engagements);
        request["Catalog"] = "AWS";

        Assert.Empty(await ListIdsAsync(request, server.B));
    }
}
