using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model.Contracts;
using Cosell.Model.Smithy;
using Cosell.Protocol.Validation;
using Xunit;
using static Cosell.Protocol.Tests.Validation.ValidationFixture;

namespace Cosell.Protocol.Tests.Validation;

public sealed class RequestValidatorTests
{
    private const string Cei = "CreateEngagementInvitation";
    private const string Lei = "ListEngagementInvitations";
    private const string OpportunityPayload = "invitation.payload.opportunityInvitation";

    private static readonly string OpportunityBody = FixtureBody("js/CreateEngagementInvitation-opportunity.json");
    private static readonly string LeadBody = FixtureBody("js/CreateEngagementInvitation-lead.json");

    private static string WithInvitation(Action<JsonObject> edit) =>
        Edit(OpportunityBody, root => edit(root["Invitation"]!.AsObject()));

    private static string WithOpportunityPayload(Action<JsonObject> edit) =>
        WithInvitation(inv => edit(inv["Payload"]!["OpportunityInvitation"]!.AsObject()));

    private static FieldError Single(IReadOnlyList<FieldError> errors) => Assert.Single(errors);

    // ---- valid requests -------------------------------------------------------------------------------------------

    [Fact]
    public void CreateEngagementInvitation_OpportunityFixtureBody_NoErrors()
    {
        Assert.Empty(Validate(Cei, OpportunityBody));
    }

    [Fact]
    public void CreateEngagementInvitation_LeadFixtureBody_NoErrors()
    {
        Assert.Empty(Validate(Cei, LeadBody));
    }

    [Fact]
    public void CreateEngagementInvitation_ValidBody_NoValidationFailure()
    {
        using var doc = JsonDocument.Parse(OpportunityBody);

        Assert.Null(Validator.ValidationFailure(InputOf(Cei), doc.RootElement));
    }

    [Fact]
    public void ListEngagementInvitations_MinimalBody_NoErrors()
    {
        Assert.Empty(Validate(Lei, """{"Catalog":"AWS","ParticipantType":"RECEIVER"}"""));
    }

    // ---- required members and unions ------------------------------------------------------------------------------

    [Fact]
    public void CreateEngagementInvitation_MissingCatalogAndReceiver_TwoRequiredFieldErrors()
    {
        var body = Edit(OpportunityBody, root =>
        {
            root.Remove("Catalog");
            root["Invitation"]!.AsObject().Remove("Receiver");
        });

        var errors = Validate(Cei, body);

        Assert.Collection(errors,
            e =>
            {
                Assert.Equal("catalog", e.FieldName);
                Assert.Equal("REQUIRED_FIELD_MISSING", e.Code);
                Assert.Equal("Value null at 'catalog' failed to satisfy constraint: Member must not be null", e.Message);
            },
            e =>
            {
                Assert.Equal("invitation.receiver", e.FieldName);
                Assert.Equal("REQUIRED_FIELD_MISSING", e.Code);
            });
    }

    [Fact]
    public void CreateEngagementInvitation_MissingCatalogAndReceiver_OneValidationException()
    {
        var body = Edit(OpportunityBody, root =>
        {
            root.Remove("Catalog");
            root["Invitation"]!.AsObject().Remove("Receiver");
        });
        using var doc = JsonDocument.Parse(body);

        var ex = Assert.IsType<ApiException>(Validator.ValidationFailure(InputOf(Cei), doc.RootElement));

        Assert.Equal("ValidationException", ex.Type);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(ApiException.RequestValidationFailed, ex.Reason);
        Assert.Equal(2, ex.ErrorList!.Count);
        Assert.Equal(
            "2 validation errors detected: Value null at 'catalog' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'invitation.receiver' failed to satisfy constraint: Member must not be null",
            ex.Message);
    }

    [Fact]
    public void GetEngagementInvitation_OneError_SingularSummary()
    {
        using var doc = JsonDocument.Parse("""{"Catalog":"AWS"}""");

        var ex = Assert.IsType<ApiException>(Validator.ValidationFailure(InputOf("GetEngagementInvitation"), doc.RootElement));

        Assert.StartsWith("1 validation error detected: Value null at 'identifier'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_BothPayloadMembers_InvalidValue()
    {
        var lead = JsonNode.Parse(LeadBody)!["Invitation"]!["Payload"]!["LeadInvitation"]!.DeepClone();
        var body = WithInvitation(inv => inv["Payload"]!["LeadInvitation"] = lead);

        var error = Single(Validate(Cei, body));

        Assert.Equal("invitation.payload", error.FieldName);
        Assert.Equal("INVALID_VALUE", error.Code);
        Assert.Contains("exactly one member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_BothPayloadMembersOneInvalid_OnlyTheUnionsEntry()
    {
        // Which member was meant is unknown: the branches are not examined (one entry, not one per branch).
        var body = WithInvitation(inv => inv["Payload"]!["LeadInvitation"] = new JsonObject());

        var error = Single(Validate(Cei, body));

        Assert.Equal(("invitation.payload", "INVALID_VALUE"), (error.FieldName, error.Code));
        Assert.Contains("several are", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_EmptyPayloadUnion_RequiredFieldMissing()
    {
        var body = WithInvitation(inv => inv["Payload"] = new JsonObject());

        var error = Single(Validate(Cei, body));

        Assert.Equal("invitation.payload", error.FieldName);
        Assert.Equal("REQUIRED_FIELD_MISSING", error.Code);
        Assert.Contains("exactly one member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_PayloadWithOnlyNullAndUnknownMembers_RequiredFieldMissing()
    {
        var body = WithInvitation(inv => inv["Payload"] = new JsonObject { ["OpportunityInvitation"] = null, ["Future"] = 1 });

        var error = Single(Validate(Cei, body));

        Assert.Equal("invitation.payload", error.FieldName);
        Assert.Equal("REQUIRED_FIELD_MISSING", error.Code);
    }

    [Fact]
    public void CreateEngagementInvitation_NullMembers_TreatedAsAbsent()
    {
        var body = WithInvitation(inv =>
        {
            inv["Message"] = null;                                                   // required → missing
            inv["Receiver"]!["Account"]!["Alias"] = null;                            // optional → fine
            inv["Payload"]!["OpportunityInvitation"]!["SenderContacts"] = null;      // optional list → fine
        });

        var error = Single(Validate(Cei, body));

        Assert.Equal("invitation.message", error.FieldName);
        Assert.Equal("REQUIRED_FIELD_MISSING", error.Code);
    }

    [Fact]
    public void CreateEngagementInvitation_UnknownMembers_Ignored()
    {
        var body = Edit(OpportunityBody, root =>
        {
            root["SomethingNew"] = new JsonArray(1, "two", new JsonObject { ["deep"] = true });
            root["Invitation"]!["Extra"] = "x";
            root["Invitation"]!["Receiver"]!["Account"]!["Unexpected"] = 42;
        });

        Assert.Empty(Validate(Cei, body));
    }

    [Fact]
    public void CreateEngagementInvitation_ErrorsAtManyLevels_AllCollectedInModelOrder()
    {
        var body = Edit(OpportunityBody, root =>
        {
            root["Catalog"] = "Prod";
            root["EngagementIdentifier"] = "eng-TOO-SHORT";
            var inv = root["Invitation"]!;
            inv["Receiver"]!["Account"]!["AwsAccountId"] = "1234-5678";
            var opp = inv["Payload"]!["OpportunityInvitation"]!;
            opp["ReceiverResponsibilities"] = new JsonArray("Software Partner", "Chef");
            opp["SenderContacts"]![0]!.AsObject().Remove("Email");
        });

        var errors = Validate(Cei, body);

        Assert.Equal(
        [
            ("catalog", "INVALID_VALUE"),
            ("engagementIdentifier", "INVALID_STRING_FORMAT"),
            ("invitation.receiver.account.awsAccountId", "INVALID_STRING_FORMAT"),
            (OpportunityPayload + ".senderContacts.email", "REQUIRED_FIELD_MISSING"),
            (OpportunityPayload + ".receiverResponsibilities", "INVALID_ENUM_VALUE"),
        ], errors.Select(e => (e.FieldName, e.Code)));
    }

    // ---- enums, catalog -------------------------------------------------------------------------------------------

    [Fact]
    public void CreateEngagementInvitation_BadEnumInList_InvalidEnumValue()
    {
        var body = WithOpportunityPayload(opp => opp["ReceiverResponsibilities"] = new JsonArray("Chef"));

        var error = Single(Validate(Cei, body));

        Assert.Equal(OpportunityPayload + ".receiverResponsibilities", error.FieldName);
        Assert.Equal("INVALID_ENUM_VALUE", error.Code);
        Assert.StartsWith($"Value at '{OpportunityPayload}.receiverResponsibilities' failed to satisfy constraint: "
            + "Member must satisfy enum value set: [", error.Message, StringComparison.Ordinal);
        Assert.Contains("Software Partner", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Chef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListEngagementInvitations_BadParticipantType_InvalidEnumValue()
    {
        var error = Single(Validate(Lei, """{"Catalog":"AWS","ParticipantType":"receiver"}"""));

        Assert.Equal("participantType", error.FieldName);
        Assert.Equal("INVALID_ENUM_VALUE", error.Code);
    }

    [Theory]
    [InlineData("Prod", "INVALID_VALUE", "Member must satisfy enum value set: [AWS, Sandbox]")]
    [InlineData("aws", "INVALID_VALUE", "Member must satisfy enum value set: [AWS, Sandbox]")]
    [InlineData("SANDBOX", "INVALID_VALUE", "Member must satisfy enum value set: [AWS, Sandbox]")]
    [InlineData("", "INVALID_STRING_FORMAT", "Member must satisfy regular expression pattern: ^[a-zA-Z]+$")]
    [InlineData("AWS1", "INVALID_STRING_FORMAT", "Member must satisfy regular expression pattern: ^[a-zA-Z]+$")]
    [InlineData("AWS-1", "INVALID_STRING_FORMAT", "Member must satisfy regular expression pattern: ^[a-zA-Z]+$")]
    public void GetEngagementInvitation_CatalogNotAwsOrSandbox_ItsPatternFirstThenTheTwoCatalogs(string catalog, string code, string constraint)
    {
        var body = $$"""{"Catalog":"{{catalog}}","Identifier":"engi-0123456789abc"}""";

        var error = Single(Validate("GetEngagementInvitation", body));

        Assert.Equal(("catalog", code), (error.FieldName, error.Code));
        Assert.Equal("Value at 'catalog' failed to satisfy constraint: " + constraint, error.Message);
    }

    [Fact]
    public void ListOpportunities_TwentyOneMalformedIdentifiers_OneEntryForTheListsLengthAndOneForItsElements()
    {
        var ids = string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"bad{i}\""));
        var body = $$"""{"Catalog":"Sandbox","Identifier":[{{ids}}]}""";

        var errors = Validate("ListOpportunities", body);

        Assert.Equal([("identifier", "TOO_MANY_VALUES"), ("identifier", "INVALID_STRING_FORMAT")], errors.Select(e => (e.FieldName, e.Code)));
    }

    [Theory]
    [InlineData("AWS")]
    [InlineData("Sandbox")]
    [InlineData("\\u0053andbox")]
    public void GetEngagementInvitation_CatalogAwsOrSandbox_NoErrors(string catalog)
    {
        Assert.Empty(Validate("GetEngagementInvitation", $$"""{"Catalog":"{{catalog}}","Identifier":"engi-0123456789abc"}"""));
    }

    // ---- strings: length and pattern ------------------------------------------------------------------------------

    [Fact]
    public void CreateEngagementInvitation_Message256Chars_InvalidStringFormat()
    {
        var body = WithInvitation(inv => inv["Message"] = new string('m', 256));

        var error = Single(Validate(Cei, body));

        Assert.Equal("invitation.message", error.FieldName);
        Assert.Equal("INVALID_STRING_FORMAT", error.Code);
        Assert.Equal("Value at 'invitation.message' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?s).{1,255}$",
            error.Message);
    }

    [Fact]
    public void CreateEngagementInvitation_Message255Chars_NoErrors()
    {
        Assert.Empty(Validate(Cei, WithInvitation(inv => inv["Message"] = new string('m', 255))));
    }

    [Fact]
    public void CreateEngagementInvitation_Message255CharsOutsideBmp_NoErrors()
    {
        // 255 code points, 510 UTF-16 code units: each supplementary character counts once, with newlines allowed by (?s).
        var message = string.Concat(Enumerable.Repeat("😀", 250)) + "\n\r\u2028ab";

        Assert.Empty(Validate(Cei, WithInvitation(inv => inv["Message"] = message)));
    }

    [Fact]
    public void CreateEngagementInvitation_Message256CharsOutsideBmp_InvalidStringFormat()
    {
        var message = string.Concat(Enumerable.Repeat("😀", 256));

        var error = Single(Validate(Cei, WithInvitation(inv => inv["Message"] = message)));

        Assert.Equal("INVALID_STRING_FORMAT", error.Code);
    }

    [Fact]
    public void CreateEngagementInvitation_EmptyMessage_InvalidStringFormat()
    {
        var error = Single(Validate(Cei, WithInvitation(inv => inv["Message"] = "")));

        Assert.Equal(("invitation.message", "INVALID_STRING_FORMAT"), (error.FieldName, error.Code));
    }

    [Fact]
    public void CreateEngagementInvitation_SensitiveValues_NeverEchoed()
    {
        var secretMessage = "SECRET-MESSAGE-" + new string('z', 250);
        var body = WithInvitation(inv =>
        {
            inv["Message"] = secretMessage;
            inv["Receiver"]!["Account"]!["AwsAccountId"] = "SECRET-ACCT";
            inv["Payload"]!["OpportunityInvitation"]!["SenderContacts"]![0]!["Phone"] = "SECRET-PHONE";
        });
        using var doc = JsonDocument.Parse(body);

        var ex = Assert.IsType<ApiException>(Validator.ValidationFailure(InputOf(Cei), doc.RootElement));

        Assert.Equal(3, ex.ErrorList!.Count);
        Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
        Assert.All(ex.ErrorList, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateEngagementInvitation_BadPhoneAndEmail_InvalidStringFormatAtListMemberPath()
    {
        var body = WithOpportunityPayload(opp =>
        {
            opp["SenderContacts"]![0]!["Phone"] = "0155 5501";
            opp["SenderContacts"]![0]!["Email"] = "not-an-email";
        });

        var errors = Validate(Cei, body);

        Assert.Equal([OpportunityPayload + ".senderContacts.email", OpportunityPayload + ".senderContacts.phone"],
            errors.Select(e => e.FieldName));
        Assert.All(errors, e => Assert.Equal("INVALID_STRING_FORMAT", e.Code));
        Assert.Contains(@"^\+[1-9]\d{1,14}$", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_AmountInListOfStructures_PathWithoutIndex()
    {
        var body = WithOpportunityPayload(opp => opp["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = "12.345");

        var error = Single(Validate(Cei, body));

        Assert.Equal(OpportunityPayload + ".project.expectedCustomerSpend.amount", error.FieldName);
        Assert.Equal("INVALID_STRING_FORMAT", error.Code);
    }

    [Theory]
    [InlineData("5000.00", null, true)] // next to an Amount the service drops it (spec 03 §1.3): no violation here
    [InlineData(null, null, false)]
    [InlineData(null, "null", false)] // a JSON null Amount is an absent one
    [InlineData("", null, false)] // the model's default Amount (its pattern takes ""): no amount to stand on
    public void CreateEngagementInvitation_EstimationUrlNotAnEstimate_RefusedOnlyWithoutAnAmount(string? amount, string? literal, bool valid)
    {
        var body = WithOpportunityPayload(opp =>
        {
            var entry = opp["Project"]!["ExpectedCustomerSpend"]![0]!.AsObject();
            entry["EstimationUrl"] = "https://estimates.example.com/deal/42";
            entry.Remove("Amount");
            if (amount is not null)
            {
                entry["Amount"] = amount;
            }
            else if (literal is not null)
            {
                entry["Amount"] = JsonNode.Parse(literal);
            }
        });

        var errors = Validate(Cei, body);

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Single(errors);
            Assert.Equal(OpportunityPayload + ".project.expectedCustomerSpend.estimationUrl", error.FieldName);
            Assert.Equal("INVALID_STRING_FORMAT", error.Code);
            Assert.Contains("calculator", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CreateEngagementInvitation_IdentifierWithTrailingNewline_InvalidStringFormat()
    {
        var body = Edit(OpportunityBody, root => root["EngagementIdentifier"] = "eng-xhyvbgfeme4xh4\n");

        var error = Single(Validate(Cei, body));

        Assert.Equal(("engagementIdentifier", "INVALID_STRING_FORMAT"), (error.FieldName, error.Code));
    }

    [Fact]
    public void CreateEngagementInvitation_HugeMessage_RejectedWithoutCopyingIt()
    {
        var body = WithInvitation(inv => inv["Message"] = new string('x', 4_000_000));
        using var doc = JsonDocument.Parse(body);
        var input = InputOf(Cei);
        var validator = new RequestValidator(ShapeGraph.Instance);
        validator.Validate(input, doc.RootElement);

        // Measured in bytes, not milliseconds (a wall clock on a shared machine proves nothing): the message is decoded
        // into a pooled buffer (the first call above rented it; ArrayPool keeps it for the next), never into an 8 MB
        // string of its own. The least of three calls, in case a full collection emptied the pool in between.
        var allocated = long.MaxValue;
        IReadOnlyList<FieldError> errors = [];
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            errors = validator.Validate(input, doc.RootElement);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal("invitation.message", Single(errors).FieldName);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void CreateEngagementInvitation_ValidBody_ValidatesWithoutAllocating()
    {
        // A private instance: no other test thread can hold its regex runners while this one measures.
        var validator = new RequestValidator(ShapeGraph.Instance);
        using var doc = JsonDocument.Parse(OpportunityBody);
        var input = InputOf(Cei);
        for (var i = 0; i < 20; i++)
        {
            validator.Validate(input, doc.RootElement);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            validator.Validate(input, doc.RootElement);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void CreateEngagementInvitation_EscapedStrings_ValidatedAfterUnescaping()
    {
        // \u0065 is 'e': the identifier still matches; the escaped control character breaks the email.
        var body = OpportunityBody
            .Replace("\"eng-a1b2c3d4e5f6g7\"", "\"\\u0065ng-a1b2c3d4e5f6g7\"", StringComparison.Ordinal)
            .Replace("\"jane.doe@example.com\"", "\"jane\\u0000@example.com\"", StringComparison.Ordinal);

        var error = Single(Validate(Cei, body));

        Assert.Equal(OpportunityPayload + ".senderContacts.email", error.FieldName);
    }

    // ---- lists ----------------------------------------------------------------------------------------------------

    [Fact]
    public void CreateEngagementInvitation_FourSenderContacts_TooManyValues()
    {
        var body = WithOpportunityPayload(opp =>
        {
            var contacts = opp["SenderContacts"]!.AsArray();
            for (var i = 0; i < 3; i++)
            {
                contacts.Add(contacts[0]!.DeepClone());
            }
        });

        var error = Single(Validate(Cei, body));

        Assert.Equal(OpportunityPayload + ".senderContacts", error.FieldName);
        Assert.Equal("TOO_MANY_VALUES", error.Code);
        Assert.Equal($"Value at '{OpportunityPayload}.senderContacts' failed to satisfy constraint: Member must have length less than or equal to 3",
            error.Message);
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    [InlineData(5000, true)]
    public void CreateEngagementInvitation_ResponsibilitiesTheModelLeavesUnbounded_CappedAtAHundred(int count, bool refused)
    {
        var body = WithOpportunityPayload(opp =>
        {
            var responsibilities = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                responsibilities.Add("Distributor");
            }
            opp["ReceiverResponsibilities"] = responsibilities;
        });

        var errors = Validate(Cei, body);

        if (!refused)
        {
            Assert.Empty(errors);
            return;
        }
        var error = Single(errors);
        Assert.Equal((OpportunityPayload + ".receiverResponsibilities", "TOO_MANY_VALUES"), (error.FieldName, error.Code));
        Assert.Equal($"Value at '{OpportunityPayload}.receiverResponsibilities' failed to satisfy constraint: Member must have length less than or equal to 100",
            error.Message);
    }

    [Theory]
    [InlineData(2000, 255, null)]
    [InlineData(2001, 255, "customer.account.address.stateOrRegion")]
    [InlineData(2000, 256, "project.apnPrograms")]
    public void CreateOpportunity_StringsTheModelLeavesUnbounded_CappedAt2000_ListEntriesAt255(int state, int program, string? refused)
    {
        // Neither has a length nor a pattern in the model; one request stored a 1 MiB state every list page then carried.
        var body = "{\"Catalog\":\"Sandbox\",\"ClientToken\":\"t\",\"Customer\":{\"Account\":{\"CompanyName\":\"Acme\",\"Address\":{\"CountryCode\":\"FR\",\"StateOrRegion\":\""
            + new string('é', state) + "\"}}},\"Project\":{\"ApnPrograms\":[\"" + new string('p', program) + "\"]}}";

        var errors = Validate("CreateOpportunity", body);

        if (refused is null)
        {
            Assert.Empty(errors);
            return;
        }
        var error = Single(errors);
        Assert.Equal((refused, "INVALID_STRING_FORMAT"), (error.FieldName, error.Code));
        Assert.EndsWith("Member must have length less than or equal to " + (refused == "project.apnPrograms" ? "255" : "2000"), error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_NoSenderContacts_NotEnoughValues()
    {
        var error = Single(Validate(Cei, WithOpportunityPayload(opp => opp["SenderContacts"] = new JsonArray())));

        Assert.Equal(("invitation.payload.opportunityInvitation.senderContacts", "NOT_ENOUGH_VALUES"), (error.FieldName, error.Code));
    }

    [Fact]
    public void CreateEngagementInvitation_NullListElement_RequiredFieldMissing()
    {
        var error = Single(Validate(Cei, WithOpportunityPayload(opp => opp["ReceiverResponsibilities"]!.AsArray().Add(null))));

        Assert.Equal(("invitation.payload.opportunityInvitation.receiverResponsibilities", "REQUIRED_FIELD_MISSING"),
            (error.FieldName, error.Code));
    }

    [Fact]
    public void TagResource_TooManyTagsAndBadTagKey_BothReported()
    {
        var tags = new StringBuilder();
        for (var i = 0; i < 201; i++)
        {
            tags.Append(i == 0 ? "" : ",").Append($$"""{"Key":"k{{i}}","Value":"v"}""");
        }
        var body = $$"""{"ResourceArn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement/eng-xhyvbgfeme4xh4","Tags":[{{tags}},{"Key":"bad<key>","Value":"v"}]}""";

        var errors = Validate("TagResource", body);

        Assert.Equal([("tags", "TOO_MANY_VALUES"), ("tags.key", "INVALID_STRING_FORMAT")], errors.Select(e => (e.FieldName, e.Code)));
    }

    // ---- integers -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0", "Member must have value greater than or equal to 1")]
    [InlineData("101", "Member must have value less than or equal to 100")]
    [InlineData("-5", "Member must have value greater than or equal to 1")]
    public void ListEngagementInvitations_MaxResultsOutOfRange_ValueOutOfRange(string maxResults, string constraint)
    {
        var error = Single(Validate(Lei, $$"""{"Catalog":"AWS","ParticipantType":"SENDER","MaxResults":{{maxResults}}}"""));

        Assert.Equal("maxResults", error.FieldName);
        Assert.Equal("VALUE_OUT_OF_RANGE", error.Code);
        Assert.Equal("Value at 'maxResults' failed to satisfy constraint: " + constraint, error.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    [InlineData("50.0")]
    [InlineData("1e2")]
    public void ListEngagementInvitations_MaxResultsInRange_NoErrors(string maxResults)
    {
        Assert.Empty(Validate(Lei, $$"""{"Catalog":"AWS","ParticipantType":"SENDER","MaxResults":{{maxResults}}}"""));
    }

    [Theory]
    [InlineData("\"10\"")]
    [InlineData("1.5")]
    [InlineData("1e400")]
    [InlineData("3000000000")]
    [InlineData("true")]
    [InlineData("[10]")]
    public void ListEngagementInvitations_MaxResultsNotAnInt32_SerializationException(string maxResults)
    {
        var ex = SerializationFailure(Lei, $$"""{"Catalog":"AWS","ParticipantType":"SENDER","MaxResults":{{maxResults}}}""");

        Assert.StartsWith("Expected an integer at 'maxResults'", ex.Message, StringComparison.Ordinal);
    }

    // ---- JSON types -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("[]")]
    [InlineData("\"{}\"")]
    [InlineData("null")]
    [InlineData("42")]
    public void CreateEngagementInvitation_BodyNotAnObject_SerializationException(string body)
    {
        var ex = SerializationFailure(Cei, body);

        Assert.Equal("Expected a JSON object as the request body", ex.Message);
    }

    [Fact]
    public void CreateEngagementInvitation_NumberWhereStringGoes_SerializationNamesMember()
    {
        var ex = SerializationFailure(Cei, WithInvitation(inv => inv["Message"] = 5));

        Assert.Equal("Expected a string at 'invitation.message'", ex.Message);
    }

    [Theory]
    [InlineData("Invitation", "\"text\"", "Expected an object at 'invitation'")]
    [InlineData("Catalog", "[\"AWS\"]", "Expected a string at 'catalog'")]
    public void CreateEngagementInvitation_WrongJsonTypeAtTopLevel_SerializationException(string member, string json, string message)
    {
        var body = Edit(OpportunityBody, root => root[member] = JsonNode.Parse(json));

        Assert.Equal(message, SerializationFailure(Cei, body).Message);
    }

    [Fact]
    public void CreateEngagementInvitation_ObjectWhereListGoes_SerializationException()
    {
        var body = WithOpportunityPayload(opp => opp["SenderContacts"] = new JsonObject());

        Assert.Equal($"Expected a list at '{OpportunityPayload}.senderContacts'", SerializationFailure(Cei, body).Message);
    }

    [Fact]
    public void CreateEngagementInvitation_StringListElementNotObject_SerializationMentionsElement()
    {
        var body = WithOpportunityPayload(opp => opp["SenderContacts"] = new JsonArray("jane@example.com"));

        Assert.Equal($"Expected an object for each element of '{OpportunityPayload}.senderContacts'",
            SerializationFailure(Cei, body).Message);
    }

    [Fact]
    public void CreateEngagementInvitation_InvalidUtf8InString_SerializationException()
    {
        var bytes = Encoding.UTF8.GetBytes(WithInvitation(inv => inv["Message"] = "hello XX"));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;                                                            // a lead byte without its continuation
        bytes[at + 1] = (byte)'!';
        using var doc = JsonDocument.Parse(bytes);

        var ex = Assert.Throws<ApiException>(() => Validator.Validate(InputOf(Cei), doc.RootElement));

        Assert.Equal("SerializationException", ex.Type);
        Assert.Contains("'invitation.message'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEngagementInvitation_UnpairedSurrogateEscape_SerializationException()
    {
        var body = OpportunityBody.Replace("\"Would you like", "\"\\ud800 Would you like", StringComparison.Ordinal);

        Assert.Contains("'invitation.message'", SerializationFailure(Cei, body).Message, StringComparison.Ordinal);
    }

    // ---- timestamps -----------------------------------------------------------------------------------------------

    private const string UpdateContextPrefix = """
        {"Catalog":"AWS","EngagementIdentifier":"eng-xhyvbgfeme4xh4","ContextIdentifier":"1","Type":"CustomerProject",
         "Payload":{"CustomerProject":{
           "Customer":{"CompanyName":"Acme","CountryCode":"US","Industry":"Software and Internet","WebsiteUrl":"https://acme.example.com"},
           "Project":{"Title":"T","BusinessProblem":"Twenty characters or more","TargetCompletionDate":"2027-01-01"}}},
         "EngagementLastModifiedAt":
        """;

    [Theory]
    [InlineData("\"2026-04-01T12:00:00.123Z\"")]
    [InlineData("\"2026-04-01T12:00:00Z\"")]
    [InlineData("\"2026-04-01T12:00:00+01:00\"")]
    [InlineData("\"2026-04-01T12:00:00.123456789-05:30\"")]
    [InlineData("\"2024-02-29t23:59:59z\"")]
    [InlineData("1775044800")]
    [InlineData("1775044800.123")]
    [InlineData("-86400")]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:59.9999999Z\"")]
    [InlineData("\"9999-12-31T23:59:59+14:00\"")]
    public void UpdateEngagementContext_TimestampAccepted_NoErrors(string timestamp)
    {
        Assert.Empty(Validate("UpdateEngagementContext", UpdateContextPrefix + timestamp + "}"));
    }

    [Theory]
    [InlineData("\"2026-04-01\"")]
    [InlineData("\"2026-04-01T12:00:00\"")]
    [InlineData("\"2026-04-01 12:00:00Z\"")]
    [InlineData("\"2025-02-29T12:00:00Z\"")]
    [InlineData("\"2026-04-01T24:00:00Z\"")]
    [InlineData("\"2026-04-01T12:00:00+15:00\"")]
    [InlineData("\"2026-04-01T12:00:00.Z\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("\"0001-01-01T00:00:00+01:00\"")]
    [InlineData("\"9999-12-31T23:59:59-01:00\"")]
    [InlineData("1e400")]
    [InlineData("1e12")]
    [InlineData("true")]
    [InlineData("{}")]
    public void UpdateEngagementContext_TimestampMalformed_SerializationException(string timestamp)
    {
        var ex = SerializationFailure("UpdateEngagementContext", UpdateContextPrefix + timestamp + "}");

        Assert.StartsWith("Expected a timestamp at 'engagementLastModifiedAt'", ex.Message, StringComparison.Ordinal);
    }

    // ---- plan construction ----------------------------------------------------------------------------------------

    [Fact]
    public void Validate_ShapeThatIsNotAnOperationInput_ValidatedOnDemand()
    {
        using var doc = JsonDocument.Parse("""{"Account":{"AwsAccountId":"x-y"}}""");

        var error = Single(Validator.Validate(ShapeGraph.Namespace + "#Receiver", doc.RootElement));

        Assert.Equal(("account.awsAccountId", "INVALID_STRING_FORMAT"), (error.FieldName, error.Code));
    }

    [Fact]
    public void RequestValidator_Constructed_CompilesEachDistinctPatternOnce()
    {
        var sources = Validator.Patterns.Select(p => p.Source).ToList();

        Assert.Equal(sources.Count, sources.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("^eng-[0-9a-z]{14}$", sources);
    }
}
