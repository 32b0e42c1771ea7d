using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>Request validation (spec 04 §2): one ValidationException REQUEST_VALIDATION_FAILED listing every violation.</summary>
public sealed class ValidationTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Request = "REQUEST_VALIDATION_FAILED";

    [Fact]
    public async Task CreateEngagementInvitation_SeedWithSixViolations_OneValidationExceptionListingEach()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Catalog"] = "Prod";
        body.Remove("ClientToken");
        body["EngagementIdentifier"] = "eng-NOT-VALID";
        var invitation = body["Invitation"]!.AsObject();
        invitation.Remove("Message");
        invitation["Receiver"]!["Account"]!["AwsAccountId"] = "1234567890123";
        var payload = invitation["Payload"]!["OpportunityInvitation"]!;
        payload["Customer"]!["Industry"] = "Space Tourism";
        var contact = payload["SenderContacts"]![0]!;
        payload["SenderContacts"] = new JsonArray(contact.DeepClone(), contact.DeepClone(), contact.DeepClone(), contact.DeepClone());

        var response = await server.CallAsync("CreateEngagementInvitation", body, server.A);

        var errors = response.AssertValidation(Request);
        var expected = new List<(string?, string)>
        {
            ("catalog", "INVALID_VALUE"),
            ("clientToken", "REQUIRED_FIELD_MISSING"),
            ("engagementIdentifier", "INVALID_STRING_FORMAT"),
            ("invitation.message", "REQUIRED_FIELD_MISSING"),
            ("invitation.receiver.account.awsAccountId", "INVALID_STRING_FORMAT"),
            ("invitation.payload.opportunityInvitation.customer.industry", "INVALID_ENUM_VALUE"),
            ("invitation.payload.opportunityInvitation.senderContacts", "TOO_MANY_VALUES"),
        };
        Assert.Equal(expected.OrderBy(e => e.Item1, StringComparer.Ordinal), errors.OrderBy(e => e.Field, StringComparer.Ordinal));
        var json = response.Json!;
        foreach (var e in json["ErrorList"]!.AsArray())
        {
            Assert.False(string.IsNullOrEmpty((string?)e!["Message"]), $"ErrorList entry without Message: {e.ToJsonString()}");
        }
    }

    [Fact]
    public async Task CreateEngagementInvitation_Violations_NothingCreatedForEitherParty()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var listSent = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        };
        var listReceived = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["EngagementIdentifier"] = RequestBodies.Array(engagement),
        };
        var sentBefore = (await server.OkAsync("ListEngagementInvitations", listSent, server.A))!.ToJsonString();
        var receivedBefore = (await server.OkAsync("ListEngagementInvitations", listReceived, server.B))!.ToJsonString();
        var engagementBefore = (await server.GetEngagementAsync(server.A, engagement)).ToJsonString();

        var tooLong = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        tooLong["Invitation"]!["Message"] = new string('m', 256);
        var badUnion = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        badUnion["Invitation"]!["Payload"] = new JsonObject();
        var responses = new[]
        {
            await server.CallAsync("CreateEngagementInvitation", tooLong, server.A),
            await server.CallAsync("CreateEngagementInvitation", badUnion, server.A),
        };

        Assert.Contains(("invitation.message", "INVALID_STRING_FORMAT"), responses[0].AssertValidation(Request));
        Assert.Contains(("invitation.payload", "REQUIRED_FIELD_MISSING"), responses[1].AssertValidation(Request));
        Assert.Equal(sentBefore, (await server.OkAsync("ListEngagementInvitations", listSent, server.A))!.ToJsonString());
        Assert.Equal(receivedBefore, (await server.OkAsync("ListEngagementInvitations", listReceived, server.B))!.ToJsonString());
        Assert.Equal(engagementBefore, (await server.GetEngagementAsync(server.A, engagement)).ToJsonString());
        Assert.Empty((await server.OkAsync("ListEngagementInvitations", listSent, server.A))!["EngagementInvitationSummaries"]!.AsArray());
    }

    [Fact]
    public async Task CreateEngagement_Violations_NoEngagementListed()
    {
        var list = new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 100 };
        var before = (await server.OkAsync("ListEngagements", list, server.D))!["EngagementSummaryList"]!.AsArray().Count;
        var body = RequestBodies.CreateEngagement(title: new string('t', 41), contexts: ["CustomerProject"]);
        body.Remove("Description");

        var response = await server.CallAsync("CreateEngagement", body, server.D);

        var errors = response.AssertValidation(Request);
        Assert.Contains(("title", "INVALID_STRING_FORMAT"), errors);
        Assert.Contains(("description", "REQUIRED_FIELD_MISSING"), errors);
        Assert.Equal(before, (await server.OkAsync("ListEngagements", list, server.D))!["EngagementSummaryList"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("ListEngagements")]
    [InlineData("GetEngagement")]
    [InlineData("ListEngagementInvitations")]
    public async Task AnyOperation_CatalogProd_ValidationInvalidValue(string operation)
    {
        var body = new JsonObject { ["Catalog"] = "Prod", ["Identifier"] = "eng-00000000000000", ["ParticipantType"] = "SENDER" };
        if (operation == "ListEngagements")
        {
            body.Remove("Identifier");
            body.Remove("ParticipantType");
        }
        else if (operation == "GetEngagement")
        {
            body.Remove("ParticipantType");
        }
        else
        {
            body.Remove("Identifier");
        }

        var response = await server.CallAsync(operation, body, server.A);

        Assert.Equal([("catalog", "INVALID_VALUE")], response.AssertValidation(Request));
    }

    [Theory]
    [InlineData("ListEngagements", 0)]
    [InlineData("ListEngagements", 101)]
    [InlineData("ListEngagementInvitations", 0)]
    [InlineData("ListEngagementInvitations", 101)]
    public async Task List_MaxResultsOutOfRange_ValidationValueOutOfRange(string operation, int maxResults)
    {
        var body = new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = maxResults };
        if (operation == "ListEngagementInvitations")
        {
            body["ParticipantType"] = "RECEIVER";
        }

        var response = await server.CallAsync(operation, body, server.A);

        Assert.Equal([("maxResults", "VALUE_OUT_OF_RANGE")], response.AssertValidation(Request));
    }

    [Theory]
    [InlineData("ListEngagements", """{"Catalog":"Sandbox","NextToken":"garbage"}""", "nextToken")]
    [InlineData("ListOpportunities", """{"Catalog":"Sandbox","NextToken":"garbage"}""", "nextToken")]
    [InlineData("GetEngagement", """{"Catalog":"Sandbox","Identifier":"arn:aws:partnercentral:us-east-1::catalog/AWS/engagement/eng-0123456789abcd"}""", "identifier")]
    [InlineData("ListTagsForResource", """{"ResourceArn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/Foo/opportunity/O1"}""", "resourceArn")]
    public async Task MalformedRequestsFoundPastTheModel_ErrorListInTheValidatorsForm(string operation, string body, string field)
    {
        // What the service finds malformed beyond the model's traits reads like every other REQUEST entry.
        var response = await server.CallAsync(operation, body, server.A);

        Assert.Equal(field, Assert.Single(response.AssertValidation(Request)).Field);
        var entry = (string)response.Json!["ErrorList"]![0]!["Message"]!;
        Assert.StartsWith($"Value at '{field}' failed to satisfy constraint: Member must ", entry, StringComparison.Ordinal);
        Assert.Equal("1 validation error detected: " + entry, (string?)response.Json["Message"]);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("2e0")]
    [InlineData("0.2e1")]
    public async Task ListEngagements_MaxResultsAWholeNumberWrittenDifferently_ReadAsThatNumber(string maxResults)
    {
        await server.CreateEngagementAsync(server.A);
        await server.CreateEngagementAsync(server.A);
        await server.CreateEngagementAsync(server.A);

        var response = await server.CallAsync("ListEngagements", $$"""{"Catalog":"Sandbox","MaxResults":{{maxResults}}}""", server.A);

        Assert.True(response.Status == 200, $"MaxResults {maxResults}: {response}");
        Assert.Equal(2, response.Json!["EngagementSummaryList"]!.AsArray().Count);
        Assert.NotNull(response.Json["NextToken"]);
    }

    [Fact]
    public async Task ListOpportunities_TimestampWithMoreThanSevenFractionalDigits_ReadToTheTickNotRoundedPastTheYear9999()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        const string lastInstant = "9999-12-31T23:59:59.9999999999Z";

        // Rounded to ticks, the last instant of 9999 would become the year 10000; truncated, it is the last tick of 9999.
        var before = await server.CallAsync("ListOpportunities",
            $$"""{"Catalog":"Sandbox","LastModifiedDate":{"BeforeLastModifiedDate":"{{lastInstant}}"},"Identifier":["{{id}}"]}""", server.A);
        var after = await server.CallAsync("ListOpportunities",
            $$"""{"Catalog":"Sandbox","LastModifiedDate":{"AfterLastModifiedDate":"{{lastInstant}}"},"Identifier":["{{id}}"]}""", server.A);

        Assert.True(before.Status == 200 && after.Status == 200, $"at the end of 9999: {before} / {after}");
        Assert.Equal([id], before.Json!["OpportunitySummaries"]!.AsArray().Select(o => (string?)o!["Id"]));
        Assert.Empty(after.Json!["OpportunitySummaries"]!.AsArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task ListEngagementMembers_MaxResultsOutOfRange_ValidationValueOutOfRange(int maxResults)
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.Identify(engagement);
        body["MaxResults"] = maxResults;

        var response = await server.CallAsync("ListEngagementMembers", body, server.A);

        Assert.Equal([("maxResults", "VALUE_OUT_OF_RANGE")], response.AssertValidation(Request));
    }

    [Fact]
    public async Task ListEngagementInvitations_ParticipantTypeMissingAndStatusUnknown_BothListed()
    {
        var response = await server.CallAsync("ListEngagementInvitations",
            """{"Catalog":"Sandbox","Status":["OPEN"]}""", server.A);

        var errors = response.AssertValidation(Request);
        Assert.Contains(("participantType", "REQUIRED_FIELD_MISSING"), errors);
        Assert.Contains(("status", "INVALID_ENUM_VALUE"), errors);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public async Task GetEngagementInvitation_MalformedIdentifier_ValidationInvalidStringFormat()
    {
        var response = await server.CallAsync("GetEngagementInvitation", RequestBodies.Identify("engi-NOPE"), server.A);

        Assert.Equal([("identifier", "INVALID_STRING_FORMAT")], response.AssertValidation(Request));
    }

    [Fact]
    public async Task RejectEngagementInvitation_ReasonOver80Characters_ValidationInvalidStringFormat()
    {
        var body = RequestBodies.Identify("engi-0000000000000");
        body["RejectionReason"] = new string('r', 81);

        var response = await server.CallAsync("RejectEngagementInvitation", body, server.A);

        Assert.Equal([("rejectionReason", "INVALID_STRING_FORMAT")], response.AssertValidation(Request));
    }

    [Fact]
    public async Task CreateEngagementInvitation_LeadWithoutContactTitle_ValidationRequiredFieldMissing()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var body = RequestBodies.LeadInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["LeadInvitation"]!["Interaction"]!.AsObject().Remove("ContactBusinessTitle");

        var response = await server.CallAsync("CreateEngagementInvitation", body, server.A);

        Assert.Equal([("invitation.payload.leadInvitation.interaction.contactBusinessTitle", "REQUIRED_FIELD_MISSING")],
            response.AssertValidation(Request));
    }

    [Fact]
    public async Task CreateEngagementInvitation_BothPayloadMembers_ValidationOnPayload()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = RequestBodies.OpportunityInvitation(engagement, server.B.AccountId);
        body["Invitation"]!["Payload"]!["LeadInvitation"] =
            RequestBodies.LeadInvitation(engagement, server.B.AccountId)["Invitation"]!["Payload"]!["LeadInvitation"]!.DeepClone();

        var response = await server.CallAsync("CreateEngagementInvitation", body, server.A);

        var errors = response.AssertValidation(Request);
        Assert.Single(errors);
        Assert.Equal("invitation.payload", errors[0].Field);
    }

    [Fact]
    public async Task CreateEngagement_ContextTypeNotMatchingPayload_RequestValidationInvalidValue()
    {
        var body = RequestBodies.CreateEngagement(contexts: ["CustomerProject"]);
        body["Contexts"]![0]!["Type"] = "Lead";

        var response = await server.CallAsync("CreateEngagement", body, server.A);

        // Spec 04 §2: INVALID_VALUE is one of the codes reported with REQUEST_VALIDATION_FAILED (the request is malformed:
        // its union member contradicts its Type); BUSINESS_VALIDATION_FAILED is for the rule codes (ACTION_NOT_PERMITTED, ...).
        var error = response.AssertError(400, "ValidationException");
        var list = error["ErrorList"]!.AsArray();
        var entry = Assert.Single(list)!;
        Assert.Equal("INVALID_VALUE", (string?)entry["Code"]);
        Assert.Equal("contexts.payload", (string?)entry["FieldName"]);
        Assert.True((string?)error["Reason"] == Request,
            $"BUG (src/Cosell.Service/Domain/EngagementContexts.cs, Number): a context whose payload member does not match its Type is " +
            $"reported with Reason {(string?)error["Reason"]}; spec 04 §2 pairs INVALID_VALUE with {Request}. Body: {response.Body}");
    }

    [Fact]
    public async Task CreateEngagement_ContextWithoutPayload_RequiredFieldMissingAndNothingCreated()
    {
        var title = $"No payload {Guid.NewGuid():N}"[..40];
        var body = RequestBodies.CreateEngagement(title: title, contexts: ["CustomerProject"]);
        body["Contexts"]![0]!.AsObject().Remove("Payload");

        var response = await server.CallAsync("CreateEngagement", body, server.A);

        Assert.Equal([("contexts.payload", "REQUIRED_FIELD_MISSING")], response.AssertValidation(Request));
        // Worded as every other missing member is, so clients that parse Coral's wording read it too.
        Assert.Equal("Value null at 'contexts.payload' failed to satisfy constraint: Member must not be null",
            (string?)response.Json!["ErrorList"]![0]!["Message"]);
        Assert.DoesNotContain(title, await server.NewestEngagementTitlesAsync(server.A));
    }

    [Fact]
    public async Task CreateEngagement_TitleOf40AstralCharacters_AcceptedAndReturnedIntact()
    {
        // @length and the model's ^(?s).{1,40}$ count code points: 40 emoji are 80 UTF-16 units but 40 characters.
        var title = string.Concat(Enumerable.Repeat("\U0001F600", 40));
        var tooLong = title + "\U0001F600";

        var ok = await server.CallAsync("CreateEngagement", RequestBodies.CreateEngagement(title), server.A);
        var rejected = await server.CallAsync("CreateEngagement", RequestBodies.CreateEngagement(tooLong), server.A);

        Assert.True(ok.Status == 200, ok.ToString());
        Assert.Equal(title, (string?)(await server.GetEngagementAsync(server.A, (string)ok.Json!["Id"]!))["Title"]);
        Assert.Equal([("title", "INVALID_STRING_FORMAT")], rejected.AssertValidation(Request));
    }
}
