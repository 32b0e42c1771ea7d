using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>CreateEngagement, GetEngagement, ListEngagements filters, ListEngagementMembers (spec 01 §1-2). The clock stands still here.</summary>
public sealed partial class EngagementTests(CosellServer server) : IClassFixture<CosellServer>
{
    [GeneratedRegex("^eng-[0-9a-z]{14}$")]
    private static partial Regex EngagementId();

    private static JsonObject ListRequest(params string[] ids)
    {
        var body = new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 100 };
        if (ids.Length > 0)
        {
            body["EngagementIdentifier"] = RequestBodies.Array(ids);
        }
        return body;
    }

    private async Task<List<string>> ListIdsAsync(JsonObject request, TestAccount caller) =>
        Wire.Ids((await server.OkAsync("ListEngagements", request, caller))!["EngagementSummaryList"]);

    [Fact]
    public async Task CreateEngagement_Valid_IdArnAndModifiedAtNow()
    {
        var now = server.Clock.GetUtcNow();

        var json = (await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement(contexts: ["CustomerProject"]), server.A))!;

        var id = (string)json["Id"]!;
        Assert.Matches(EngagementId(), id);
        Assert.Equal(Wire.EngagementArn(id), (string?)json["Arn"]);
        Assert.Equal(now, Wire.Time(json["ModifiedAt"]));
    }

    [Fact]
    public async Task GetEngagement_ById_EveryFieldAsCreated()
    {
        var now = server.Clock.GetUtcNow();
        var request = RequestBodies.CreateEngagement("Globex lead", contexts: ["CustomerProject", "Lead"]);
        var id = (string)(await server.OkAsync("CreateEngagement", request, server.A))!["Id"]!;

        var e = await server.GetEngagementAsync(server.A, id);

        Assert.Equal(id, (string?)e["Id"]);
        Assert.Equal(Wire.EngagementArn(id), (string?)e["Arn"]);
        Assert.Equal("Globex lead", (string?)e["Title"]);
        Assert.Equal((string?)request["Description"], (string?)e["Description"]);
        Assert.Equal(now, Wire.Time(e["CreatedAt"]));
        Assert.Equal(now, Wire.Time(e["ModifiedAt"]));
        Assert.Equal(server.A.AccountId, (string?)e["CreatedBy"]);
        Assert.Equal(server.A.AccountId, (string?)e["ModifiedBy"]);
        Assert.Equal(1, (int?)e["MemberCount"]);
        var contexts = e["Contexts"]!.AsArray();
        Assert.Equal(2, contexts.Count);
        Assert.Equal("1", (string?)contexts[0]!["Id"]);
        Assert.Equal("CustomerProject", (string?)contexts[0]!["Type"]);
        Wire.Same(request["Contexts"]![0]!["Payload"], contexts[0]!["Payload"], "CustomerProject payload");
        Assert.Equal("2", (string?)contexts[1]!["Id"]);
        Assert.Equal("Lead", (string?)contexts[1]!["Type"]);
        // The model's default for an unset QualificationStatus is "Unqualified" (spec 01 §2).
        var expectedLead = request["Contexts"]![1]!["Payload"]!.DeepClone();
        expectedLead["Lead"]!["QualificationStatus"] = "Unqualified";
        // An interaction sent without InteractionDate is dated when recorded (the real service returns one close to CreatedAt).
        Assert.Null(expectedLead["Lead"]!["Interactions"]![0]!["InteractionDate"]);
        var storedDate = contexts[1]!["Payload"]!["Lead"]!["Interactions"]![0]!["InteractionDate"];
        Assert.Equal(now, Wire.Time(storedDate));
        expectedLead["Lead"]!["Interactions"]![0]!["InteractionDate"] = storedDate!.DeepClone();
        Wire.Same(expectedLead, contexts[1]!["Payload"], "Lead payload");
    }

    [Fact]
    public async Task GetEngagement_ByArn_SameAsById()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var byId = await server.GetEngagementAsync(server.A, id);
        var byArn = await server.GetEngagementAsync(server.A, Wire.EngagementArn(id));

        Wire.Same(byId, byArn, "GetEngagement by ARN");
    }

    [Fact]
    public async Task GetEngagement_NonMember_403AccessDenied()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var response = await server.CallAsync("GetEngagement", RequestBodies.Identify(id), server.B);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task GetEngagement_InvitedButNotAccepted_403AccessDenied()
    {
        var id = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, id, server.B);

        var response = await server.CallAsync("GetEngagement", RequestBodies.Identify(id), server.B);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task GetEngagement_UnknownId_404ResourceNotFound()
    {
        var response = await server.CallAsync("GetEngagement", RequestBodies.Identify("eng-zzzzzzzzzzzzzz"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetEngagement_IdOfOtherCatalog_404ResourceNotFound()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var response = await server.CallAsync("GetEngagement", RequestBodies.Identify(id, catalog: "AWS"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task GetEngagement_ArnOfOtherCatalog_400Validation()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var response = await server.CallAsync("GetEngagement", RequestBodies.Identify(Wire.EngagementArn(id, "AWS")), server.A);

        var errors = response.AssertValidation("REQUEST_VALIDATION_FAILED");
        Assert.Equal("identifier", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("GetEngagement", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-x y")]
    [InlineData("GetEngagement", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-0123456789abcdE")]
    [InlineData("GetEngagement", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-0123456789abcde0")]
    [InlineData("GetEngagementInvitation", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-x y")]
    [InlineData("GetEngagementInvitation", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/eng-0123456789abc")]
    [InlineData("AcceptEngagementInvitation", "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-\u0000")]
    public async Task Identifier_ArnWhoseIdNoPlainIdCouldBe_400MalformedNot404(string operation, string arn)
    {
        // The model's ArnOrIdentifier patterns accept any "arn:" text; the id in it is held to the plain id's pattern.
        var body = RequestBodies.Identify(arn);

        var errors = (await server.CallAsync(operation, body, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("identifier", "INVALID_STRING_FORMAT")], errors);
    }

    [Fact]
    public async Task CreateEngagement_AwsCatalogLeadContext_BusinessActionNotPermitted()
    {
        var response = await server.CallAsync("CreateEngagement", RequestBodies.CreateEngagement(catalog: "AWS", contexts: ["Lead"]), server.A);

        var errors = response.AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Contains(errors, e => e.Code == "ACTION_NOT_PERMITTED");
    }

    [Fact]
    public async Task CreateEngagement_SixContexts_ValidationTooManyValues()
    {
        var body = RequestBodies.CreateEngagement(contexts: ["CustomerProject", "CustomerProject", "CustomerProject", "CustomerProject", "CustomerProject", "CustomerProject"]);

        var response = await server.CallAsync("CreateEngagement", body, server.A);

        Assert.Equal([("contexts", "TOO_MANY_VALUES")], response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task ListEngagements_OtherPartnersEngagement_NotListedUntilMember()
    {
        var id = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, id, server.B);

        var beforeFiltered = await ListIdsAsync(ListRequest(id), server.B);
        var beforeAll = (await server.ListAllAsync("ListEngagements", ListRequest(), "EngagementSummaryList", server.B)).Items;
        await server.AcceptAsync(server.B, invitation);
        var after = await ListIdsAsync(ListRequest(id), server.B);

        Assert.Empty(beforeFiltered);
        Assert.DoesNotContain(id, beforeAll.Select(e => (string)e["Id"]!));
        Assert.Equal([id], after);
        Assert.Equal([id], await ListIdsAsync(ListRequest(id), server.A));
    }

    [Fact]
    public async Task ListEngagements_Summary_FieldsMatchGetEngagement()
    {
        var id = await server.CreateEngagementAsync(server.A, contexts: ["CustomerProject", "Lead"]);

        var summary = (await server.OkAsync("ListEngagements", ListRequest(id), server.A))!["EngagementSummaryList"]![0]!;
        var e = await server.GetEngagementAsync(server.A, id);

        foreach (var member in new[] { "Arn", "Id", "Title", "CreatedAt", "CreatedBy", "MemberCount", "ModifiedAt", "ModifiedBy" })
        {
            Wire.Same(e[member], summary[member], member);
        }
        Wire.Same(RequestBodies.Array("CustomerProject", "Lead"), summary["ContextTypes"], "ContextTypes");
    }

    [Fact]
    public async Task ListEngagements_CreatedByAndExcludeCreatedBy_FilterByCreator()
    {
        var byA = await server.CreateEngagementAsync(server.A);
        var byB = await server.CreateEngagementAsync(server.B);
        await server.AcceptAsync(server.A, await server.InviteAsync(server.B, byB, server.A));
        var both = ListRequest(byA, byB);

        var all = await ListIdsAsync(both, server.A);
        var createdByB = both.DeepClone().AsObject();
        createdByB["CreatedBy"] = RequestBodies.Array(server.B.AccountId);
        var excludeB = both.DeepClone().AsObject();
        excludeB["ExcludeCreatedBy"] = RequestBodies.Array(server.B.AccountId);

        Assert.Equal(new[] { byA, byB }.Order(), all.Order());
        Assert.Equal([byB], await ListIdsAsync(createdByB, server.A));
        Assert.Equal([byA], await ListIdsAsync(excludeB, server.A));
    }

    [Fact]
    public async Task ListEngagements_ContextTypesAndExclude_FilterByContext()
    {
        var project = await server.CreateEngagementAsync(server.C, contexts: ["CustomerProject"]);
        var lead = await server.CreateEngagementAsync(server.C, contexts: ["Lead"]);
        var both = await server.CreateEngagementAsync(server.C, contexts: ["CustomerProject", "Lead"]);
        var bare = await server.CreateBareEngagementAsync(server.C);
        var scope = ListRequest(project, lead, both, bare);

        async Task<List<string>> With(string member, params string[] types)
        {
            var body = scope.DeepClone().AsObject();
            body[member] = RequestBodies.Array(types);
            return (await ListIdsAsync(body, server.C)).Order().ToList();
        }

        Assert.Equal(new[] { lead, both }.Order(), await With("ContextTypes", "Lead"));
        Assert.Equal(new[] { project, both }.Order(), await With("ContextTypes", "CustomerProject"));
        Assert.Equal(new[] { project, lead, both }.Order(), await With("ContextTypes", "CustomerProject", "Lead"));
        Assert.Equal(new[] { project, bare }.Order(), await With("ExcludeContextTypes", "Lead"));
        Assert.Equal(new[] { bare }, await With("ExcludeContextTypes", "Lead", "CustomerProject"));
    }

    [Fact]
    public async Task ListEngagements_EngagementIdentifierByIdOrArn_OnlyThose()
    {
        var first = await server.CreateEngagementAsync(server.A);
        var second = await server.CreateEngagementAsync(server.A);
        await server.CreateEngagementAsync(server.A);

        Assert.Equal([first], await ListIdsAsync(ListRequest(first), server.A));
        Assert.Equal([second], await ListIdsAsync(ListRequest(Wire.EngagementArn(second)), server.A));
        Assert.Equal(new[] { first, second }.Order(), (await ListIdsAsync(ListRequest(first, Wire.EngagementArn(second)), server.A)).Order());
    }

    [Fact]
    public async Task ListEngagements_ArnOfOtherCatalogInFilter_400Validation()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var response = await server.CallAsync("ListEngagements", ListRequest(Wire.EngagementArn(id, "AWS")), server.A);

        response.AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagements_OtherCatalog_NotListed()
    {
        var id = await server.CreateEngagementAsync(server.A);
        var body = ListRequest(id);
        body["Catalog"] = "AWS";

        Assert.Empty(await ListIdsAsync(body, server.A));
    }

    /// <summary>An engagement of <paramref name="creator"/> joined by each of <paramref name="joiners"/> in order.</summary>
    private async Task<string> EngagementWithMembersAsync(TestAccount creator, params TestAccount[] joiners)
    {
        var id = await server.CreateEngagementAsync(creator);
        foreach (var joiner in joiners)
        {
            await server.AcceptAsync(joiner, await server.InviteAsync(creator, id, joiner));
        }
        return id;
    }

    [Fact]
    public async Task ListEngagementMembers_AfterAccepts_JoinOrderWithProfiles()
    {
        var joiners = new[] { server.Accounts[5], server.C, server.B, server.Accounts[4], server.D };
        var id = await EngagementWithMembersAsync(server.A, joiners);
        var expected = new[] { server.A }.Concat(joiners).ToList();

        var (members, pages) = await server.ListAllAsync("ListEngagementMembers", RequestBodies.Identify(id), "EngagementMemberList", server.B);

        Assert.Equal(expected.Select(a => a.AccountId), members.Select(m => (string)m["AccountId"]!));
        Assert.Equal(expected.Select(a => a.CompanyName), members.Select(m => (string)m["CompanyName"]!));
        Assert.Equal(expected.Select(a => a.WebsiteUrl), members.Select(m => (string)m["WebsiteUrl"]!));
        Assert.Equal([5, 1], pages); // default page size 5 (model default)
        Assert.Equal(6, (int?)(await server.GetEngagementAsync(server.D, id))["MemberCount"]);
    }

    [Fact]
    public async Task ListEngagementMembers_EveryPageSize1To10_SameMembersNoDuplicatesOrGaps()
    {
        var joiners = new[] { server.B, server.C, server.D };
        var id = await EngagementWithMembersAsync(server.A, joiners);
        var expected = new[] { server.A }.Concat(joiners).Select(a => a.AccountId).ToList();

        for (var size = 1; size <= 10; size++)
        {
            var body = RequestBodies.Identify(id);
            body["MaxResults"] = size;
            var (members, pages) = await server.ListAllAsync("ListEngagementMembers", body, "EngagementMemberList", server.C);

            Assert.Equal(expected, members.Select(m => (string)m["AccountId"]!));
            Assert.All(pages, p => Assert.InRange(p, 1, size));
            Assert.Equal((expected.Count + size - 1) / size, pages.Count);
        }
    }

    [Fact]
    public async Task ListEngagementMembers_NonMemberOrInvitee_403AccessDenied()
    {
        var id = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, id, server.B);

        var invitee = await server.CallAsync("ListEngagementMembers", RequestBodies.Identify(id), server.B);
        var stranger = await server.CallAsync("ListEngagementMembers", RequestBodies.Identify(id), server.C);

        invitee.AssertError(403, "AccessDeniedException");
        stranger.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task ListEngagementMembers_UnknownEngagement_404ResourceNotFound()
    {
        var response = await server.CallAsync("ListEngagementMembers", RequestBodies.Identify("eng-zzzzzzzzzzzzzy"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task ListEngagementMembers_NextTokenOfOtherEngagement_400Validation()
    {
        var first = await EngagementWithMembersAsync(server.A, server.B);
        var second = await EngagementWithMembersAsync(server.A, server.B);
        var body = RequestBodies.Identify(first);
        body["MaxResults"] = 1;
        var token = (string?)(await server.OkAsync("ListEngagementMembers", body, server.A))!["NextToken"];
        Assert.NotNull(token);

        var reuse = RequestBodies.Identify(second);
        reuse["MaxResults"] = 1;
        reuse["NextToken"] = token;
        var response = await server.CallAsync("ListEngagementMembers", reuse, server.A);

        response.AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagementMembers_ByArn_SameAsById()
    {
        var id = await EngagementWithMembersAsync(server.A, server.B);

        var byId = await server.OkAsync("ListEngagementMembers", RequestBodies.Identify(id), server.A);
        var byArn = await server.OkAsync("ListEngagementMembers", RequestBodies.Identify(Wire.EngagementArn(id)), server.A);

        Wire.Same(byId, byArn, "ListEngagementMembers by ARN");
    }

    [Fact]
    public async Task ListEngagements_NextTokenOfListEngagementMembers_400Validation()
    {
        var id = await EngagementWithMembersAsync(server.A, server.B);
        var body = RequestBodies.Identify(id);
        body["MaxResults"] = 1;
        var token = (string?)(await server.OkAsync("ListEngagementMembers", body, server.A))!["NextToken"];

        var response = await server.CallAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox", ["NextToken"] = token }, server.A);

        response.AssertValidation("REQUEST_VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListEngagementMembers_MemberWithoutWebsite_WebsiteUrlOmitted()
    {
        var id = await EngagementWithMembersAsync(server.A, server.NoWebsite);
        var invitation = await server.InviteAsync(server.NoWebsite, id, server.B);

        var members = (await server.OkAsync("ListEngagementMembers", RequestBodies.Identify(id), server.A))!["EngagementMemberList"]!.AsArray();
        var existing = (await server.GetInvitationAsync(server.B, invitation))["ExistingMembers"]!.AsArray();

        var last = members[1]!.AsObject();
        Assert.Equal(server.NoWebsite.AccountId, (string?)last["AccountId"]);
        Assert.Equal(server.NoWebsite.CompanyName, (string?)last["CompanyName"]);
        Assert.False(last.ContainsKey("WebsiteUrl"), $"WebsiteUrl should be omitted: {last.ToJsonString()}");
        Assert.False(existing[1]!.AsObject().ContainsKey("WebsiteUrl"), $"WebsiteUrl should be omitted: {existing.ToJsonString()}");
    }

    [Fact]
    public async Task GetEngagement_NonMember_AccessDeniedWithoutReason()
    {
        var id = await server.CreateEngagementAsync(server.A);

        var error = (await server.CallAsync("GetEngagement", RequestBodies.Identify(id), server.C)).AssertError(403, "AccessDeniedException");

        // Spec 04 §2: an ordinary denial carries no Reason (Reason is only for the partner's standing).
        Assert.Null(error["Reason"]);
    }
}
