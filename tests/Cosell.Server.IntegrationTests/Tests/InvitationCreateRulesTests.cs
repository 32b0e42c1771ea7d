using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// CreateEngagementInvitation's processing order (spec 02 §4), one test per row, plus tests where two rows fail at once
/// and the earlier row must decide the error.
/// </summary>
public sealed partial class InvitationCreateRulesTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string ReceiverField = "invitation.receiver.account.awsAccountId";

    [GeneratedRegex("^engi-[0-9a-z]{13}$")]
    private static partial Regex InvitationId();

    private Task<ApiResponse> CreateAsync(JsonObject body, TestAccount caller) => server.CallAsync("CreateEngagementInvitation", body, caller);

    private static void AssertBusiness(ApiResponse response, string code, string? field = null)
    {
        var errors = response.AssertValidation("BUSINESS_VALIDATION_FAILED");
        var error = Assert.Single(errors);
        Assert.Equal(code, error.Code);
        if (field is not null)
        {
            Assert.Equal(field, error.Field);
        }
    }

    [Fact]
    public async Task CreateEngagementInvitation_Valid_IdAndArnInServiceForm()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        Assert.Equal(200, response.Status);
        var id = (string)response.Json!["Id"]!;
        Assert.Matches(InvitationId(), id);
        Assert.Equal(Wire.InvitationArn(id), (string?)response.Json["Arn"]);
    }

    [Fact]
    public async Task CreateEngagementInvitation_SpendInACurrencyOtherThanUsdOrEur_400Business_NoInvitation()
    {
        // The receiver's opportunity is made from the payload: it takes only the currencies an opportunity takes.
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Project"]!["ExpectedCustomerSpend"]![0]!["CurrencyCode"] = "GBP";

        var response = await CreateAsync(body, server.A);

        AssertBusiness(response, "INVALID_VALUE", "invitation.payload.opportunityInvitation.project.expectedCustomerSpend.currencyCode");
        var sent = await server.OkAsync("ListEngagementInvitations",
            new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = new JsonArray(engagement) }, server.A);
        Assert.Empty(sent!["EngagementInvitationSummaries"]!.AsArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    public async Task CreateEngagementInvitation_SpendOfZero_400Business_NoInvitation(string amount)
    {
        // As CreateOpportunity refuses it: the receiver's opportunity would otherwise hold what its own rules refuse.
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["OpportunityInvitation"]!["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = amount;

        var response = await CreateAsync(body, server.A);

        AssertBusiness(response, "INVALID_VALUE", "invitation.payload.opportunityInvitation.project.expectedCustomerSpend.amount");
        var sent = await server.OkAsync("ListEngagementInvitations",
            new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = new JsonArray(engagement) }, server.A);
        Assert.Empty(sent!["EngagementInvitationSummaries"]!.AsArray());
    }

    [Fact]
    public async Task CreateEngagementInvitation_LeadInvitationIntoLeadEngagement_Succeeds()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId), server.A);

        Assert.Equal(200, response.Status);
        Assert.Matches(InvitationId(), (string)response.Json!["Id"]!);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row1InvalidAndUnknownEngagement_400RequestValidationFirst()
    {
        var body = RequestBodies.OpportunityInvitation("eng-zzzzzzzzzzzzzz", server.B.AccountId);
        body["Invitation"]!["Message"] = "";

        var response = await CreateAsync(body, server.A);

        Assert.Equal([("invitation.message", "INVALID_STRING_FORMAT")], response.AssertValidation("REQUEST_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row3UnknownEngagement_404ResourceNotFound()
    {
        var response = await CreateAsync(RequestBodies.OpportunityInvitation("eng-zzzzzzzzzzzzzz", server.B.AccountId), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row3EngagementOfOtherCatalog_404ResourceNotFound()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, catalog: "AWS"), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row3UnknownEngagementAndReceiverIsCaller_404First()
    {
        var response = await CreateAsync(RequestBodies.OpportunityInvitation("eng-zzzzzzzzzzzzzz", server.A.AccountId), server.A);

        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row4CallerNotMember_403AccessDenied()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.C.AccountId), server.B);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row4InviteeWithPendingInvitation_403AccessDenied()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, engagement, server.B);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.C.AccountId), server.B);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row4NonMemberInvitingItself_403BeforeReceiverCheck()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.B);

        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row5ReceiverIsCaller_400BusinessOnReceiverField()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.A.AccountId), server.A);

        // Also a member already (row 7): row 5 comes first.
        AssertBusiness(response, "INVALID_VALUE", ReceiverField);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row5UnknownReceiver_400BusinessOnReceiverField()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, "999999999999"), server.A);

        AssertBusiness(response, "INVALID_VALUE", ReceiverField);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row5ReceiverAws_400BusinessOnReceiverField()
    {
        var engagement = await server.CreateEngagementAsync(server.A);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, "aws"), server.A);

        AssertBusiness(response, "INVALID_VALUE", ReceiverField);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row7ReceiverAlreadyMember_409Conflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.AcceptAsync(server.B, await server.InviteAsync(server.A, engagement, server.B));

        var byCreator = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);
        var byOtherMember = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.A.AccountId), server.B);

        byCreator.AssertError(409, "ConflictException");
        byOtherMember.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row7MemberAndWrongPayload_409BeforePayloadCheck()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.AcceptAsync(server.B, await server.InviteAsync(server.A, engagement, server.B));

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId), server.A);

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row8AlreadyPending_409Conflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, engagement, server.B);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row8PendingFromAnotherMember_409Conflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.AcceptAsync(server.B, await server.InviteAsync(server.A, engagement, server.B));
        await server.InviteAsync(server.A, engagement, server.C);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.C.AccountId), server.B);

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row8PendingAndWrongPayload_409BeforePayloadCheck()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, engagement, server.B);

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId), server.A);

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row8SameReceiverOtherEngagement_Succeeds()
    {
        var first = await server.CreateEngagementAsync(server.A);
        var second = await server.CreateEngagementAsync(server.A);
        await server.InviteAsync(server.A, first, server.B);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(second, server.B.AccountId), server.A);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9LeadInvitationWithoutLeadContext_400BusinessActionNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["CustomerProject"]);

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9OpportunityInvitationWithoutCustomerProject_400BusinessActionNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9AwsCatalogLeadInvitation_400BusinessActionNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.A, catalog: "AWS");

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.B.AccountId, catalog: "AWS"), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row9AwsCatalogOpportunityInvitation_Succeeds()
    {
        var engagement = await server.CreateEngagementAsync(server.A, catalog: "AWS");

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.B.AccountId, catalog: "AWS"), server.A);

        Assert.Equal(200, response.Status);
        Assert.Equal(Wire.InvitationArn((string)response.Json!["Id"]!, "AWS"), (string?)response.Json["Arn"]);
    }

    /// <summary>An engagement of A with <paramref name="pending"/> pending invitations and <paramref name="accepted"/> accepted ones (partners B.. onward).</summary>
    private async Task<(string Engagement, List<string> Invitations)> EngagementWithPartnersAsync(int accepted, int pending)
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitations = new List<string>();
        for (var i = 1; i <= accepted + pending; i++)
        {
            var invitation = await server.InviteAsync(server.A, engagement, server.Accounts[i]);
            invitations.Add(invitation);
            if (i <= accepted)
            {
                await server.AcceptAsync(server.Accounts[i], invitation);
            }
        }
        return (engagement, invitations);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row10NinePendingInvitees_402ServiceQuotaExceeded()
    {
        var (engagement, _) = await EngagementWithPartnersAsync(accepted: 0, pending: 9);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.Accounts[10].AccountId), server.A);

        response.AssertError(402, "ServiceQuotaExceededException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row10MembersPlusPendingAtTen_402ServiceQuotaExceeded()
    {
        var (engagement, _) = await EngagementWithPartnersAsync(accepted: 4, pending: 5);

        var byCreator = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.Accounts[10].AccountId), server.A);
        var byMember = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.Accounts[11].AccountId), server.Accounts[2]);

        byCreator.AssertError(402, "ServiceQuotaExceededException");
        byMember.AssertError(402, "ServiceQuotaExceededException");
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row10RejectedInvitationFreesItsSlot_Succeeds()
    {
        var (engagement, invitations) = await EngagementWithPartnersAsync(accepted: 0, pending: 9);
        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify(invitations[^1]), server.Accounts[9]);

        var response = await CreateAsync(RequestBodies.OpportunityInvitation(engagement, server.Accounts[10].AccountId), server.A);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task CreateEngagementInvitation_Row10AtCapacityAndWrongPayload_400BeforeQuota()
    {
        var (engagement, _) = await EngagementWithPartnersAsync(accepted: 0, pending: 9);

        var response = await CreateAsync(RequestBodies.LeadInvitation(engagement, server.Accounts[10].AccountId), server.A);

        AssertBusiness(response, "ACTION_NOT_PERMITTED");
    }
}
