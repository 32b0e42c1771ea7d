using System.Globalization;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// UpdateOpportunity: full replacement, LastModifiedDate at millisecond precision (spec 06 Q17), editability by
/// ReviewStatus (spec 03 §1.1) and the Sandbox review simulation. The clock stands still unless a test moves it.
/// </summary>
public sealed class OpportunitiesUpdateTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task UpdateOpportunity_GetOutputSentBackAsAwsSampleDoes_Accepted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var output = await server.UpdateOkAsync(server.A, id, _ => { });

        Assert.Equal(id, (string?)output["Id"]);
        var after = await server.GetOpportunityAsync(server.A, id);
        Wire.Same(output["LastModifiedDate"], after["LastModifiedDate"], "LastModifiedDate of update and get");
        Assert.True(Wire.Time(after["LastModifiedDate"]) > Wire.Time(before["LastModifiedDate"]));
        foreach (var member in new[] { "Customer", "Project", "LifeCycle", "OpportunityTeam", "RelatedEntityIdentifiers", "CreatedDate", "Arn", "Marketing" })
        {
            Wire.Same(before[member], after[member], member);
        }
    }

    [Fact]
    public async Task UpdateOpportunity_LastModifiedDateEchoedWithMillisecondsOnly_Accepted()
    {
        server.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromTicks(3_456_789));
        await server.UpdateOkAsync(server.A, id, _ => { });
        var stored = Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);
        Assert.NotEqual(0, stored.UtcTicks % TimeSpan.TicksPerSecond);

        // What the JS SDK sends back: a Date, i.e. milliseconds.
        await server.UpdateOkAsync(server.A, id, b => b["LastModifiedDate"] = stored.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UpdateOpportunity_LastModifiedDateEchoedWithMicroseconds_Accepted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromTicks(7_654_321));
        await server.UpdateOkAsync(server.A, id, _ => { });
        var stored = Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);

        // What boto3 sends back: a datetime, i.e. microseconds.
        await server.UpdateOkAsync(server.A, id, b => b["LastModifiedDate"] = stored.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UpdateOpportunity_LastModifiedDateAsEpochSeconds_Accepted()
    {
        // The JS SDK sends a timestamp as epoch seconds with the milliseconds as a fraction.
        var id = await server.CreateOpportunityAsync(server.A);
        var stored = Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);

        await server.UpdateOkAsync(server.A, id, b => b["LastModifiedDate"] = stored.ToUnixTimeMilliseconds() / 1000m);
    }

    [Fact]
    public async Task UpdateOpportunity_StaleLastModifiedDate_Conflict()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var first = OpportunityBodies.UpdateFromGet(await server.GetOpportunityAsync(server.A, id));
        Assert.Equal(200, (await server.CallAsync("UpdateOpportunity", first, server.A)).Status);

        // The clock stands still: the second update still has to see that the first one happened.
        var response = await server.CallAsync("UpdateOpportunity", first, server.A);

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task UpdateOpportunity_LastModifiedDateOneMillisecondOff_Conflict()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var stored = Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);

        var response = await server.UpdateAsync(server.A, id, b => b["LastModifiedDate"] = stored.AddMilliseconds(-1).ToString("O", CultureInfo.InvariantCulture));

        response.AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task UpdateOpportunity_OmittedMembers_BecomeNullButServiceMembersStay()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AmazonRedshift"), server.A);
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Run the proof of concept"); // a history
        var before = await server.GetOpportunityAsync(server.A, id);
        Assert.NotNull(before["LifeCycle"]!["NextStepsHistory"]);

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Customer"]!.AsObject().Remove("Contacts");
            b["Customer"]!["Account"]!.AsObject().Remove("Duns");
            b["Project"]!.AsObject().Remove("SalesActivities");
            b["LifeCycle"]!.AsObject().Remove("NextSteps");
        });

        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal([], after["Customer"]!["Contacts"]!.AsArray()); // none reads as an empty list
        Assert.Null(after["Customer"]!["Account"]!["Duns"]);
        Assert.Null(after["Project"]!["SalesActivities"]);
        Assert.Null(after["LifeCycle"]!["NextSteps"]);
        Wire.Same(before["LifeCycle"]!["NextStepsHistory"], after["LifeCycle"]!["NextStepsHistory"], "NextStepsHistory");
        Wire.Same(before["OpportunityTeam"], after["OpportunityTeam"], "OpportunityTeam");
        Wire.Same(before["RelatedEntityIdentifiers"], after["RelatedEntityIdentifiers"], "RelatedEntityIdentifiers");
        Assert.Equal("Pending Submission", (string?)after["LifeCycle"]!["ReviewStatus"]);
    }

    private async Task<string> CreateWithContractDurationAsync(string months)
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedContractDuration"] = new JsonObject { ["Term"] = "Months", ["Value"] = months };
        return await server.CreateOpportunityAsync(server.A, body);
    }

    private async Task<JsonNode?> ContractDurationAsync(string id) =>
        (await server.GetOpportunityAsync(server.A, id))["Project"]!["ExpectedContractDuration"];

    // Spec 03 §1.3 (DG:deal): the exception to full replacement.
    [Fact]
    public async Task UpdateOpportunity_ProjectWithoutExpectedContractDuration_KeepsTheStoredOne()
    {
        var id = await CreateWithContractDurationAsync("36");

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Project"]!.AsObject().Remove("ExpectedContractDuration");
            b["Project"]!["Title"] = "Renamed by a CRM that predates the member";
        });

        var project = (await server.GetOpportunityAsync(server.A, id))["Project"]!;
        Assert.Equal("Renamed by a CRM that predates the member", (string?)project["Title"]);
        Assert.Equal("36", (string?)project["ExpectedContractDuration"]?["Value"]);
        Assert.Equal("Months", (string?)project["ExpectedContractDuration"]?["Term"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ExpectedContractDurationExplicitNull_ClearsIt()
    {
        var id = await CreateWithContractDurationAsync("36");

        await server.UpdateOkAsync(server.A, id, b => b["Project"]!["ExpectedContractDuration"] = null);

        Assert.Null(await ContractDurationAsync(id));
    }

    [Fact]
    public async Task UpdateOpportunity_ExpectedContractDurationGiven_ReplacesIt()
    {
        var id = await CreateWithContractDurationAsync("36");

        await server.UpdateOkAsync(server.A, id, b => b["Project"]!["ExpectedContractDuration"]!["Value"] = "12");

        Assert.Equal("12", (string?)(await ContractDurationAsync(id))?["Value"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ActionRequiredFixWithoutExpectedContractDuration_AcceptedAndKept()
    {
        // The duration may not change while AWS asks for action: leaving it out must not count as clearing it.
        var id = await CreateWithContractDurationAsync("24");
        await server.ReviewAsync(server.A, id, "Action Required");

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Project"]!.AsObject().Remove("ExpectedContractDuration");
            b["LifeCycle"]!["TargetCloseDate"] = FutureDates.On("09-30");
        });

        Assert.Equal("24", (string?)(await ContractDurationAsync(id))?["Value"]);
        Assert.Equal("Submitted", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task UpdateOpportunity_CloseDatePassedSinceCreation_EchoAccepted_NewPastDateRefused()
    {
        var body = OpportunityBodies.Create();
        body["LifeCycle"]!["TargetCloseDate"] = Day(server.Clock.GetUtcNow().AddDays(3));
        var id = await server.CreateOpportunityAsync(server.A, body);
        server.Clock.Advance(TimeSpan.FromDays(10));

        var echoed = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Agree on a new date");
        var moved = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["TargetCloseDate"] = Day(server.Clock.GetUtcNow().AddDays(-1)));

        // The date passed while the opportunity was open: updating it as read stays possible; giving a past date is not.
        Assert.Equal(200, echoed.Status);
        Assert.Equal([("lifeCycle.targetCloseDate", "INVALID_VALUE")], moved.AssertValidation("BUSINESS_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task UpdateOpportunity_StateOrRegion_CheckedWhenTheAddressBecomesAmerican()
    {
        var body = OpportunityBodies.Create();
        body["Customer"]!["Account"]!["Address"]!["CountryCode"] = "DE";
        body["Customer"]!["Account"]!["Address"]!["StateOrRegion"] = "Bayern";
        var id = await server.CreateOpportunityAsync(server.A, body);

        var echoed = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Meet the team in Munich");
        var moved = await server.UpdateAsync(server.A, id, b => b["Customer"]!["Account"]!["Address"]!["CountryCode"] = "US");
        var named = await server.UpdateAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["Address"]!["CountryCode"] = "US";
            b["Customer"]!["Account"]!["Address"]!["StateOrRegion"] = "Texas";
        });

        Assert.Equal(200, echoed.Status);
        Assert.Equal([("customer.account.address.stateOrRegion", "INVALID_VALUE")], moved.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal(200, named.Status);
        Assert.Equal("Texas", (string?)(await server.GetOpportunityAsync(server.A, id))["Customer"]!["Account"]!["Address"]!["StateOrRegion"]);
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task UpdateOpportunity_NewNextSteps_AppendedToHistoryWithTheTime()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromMinutes(5));

        var output = await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Run the proof of concept");

        var history = (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["NextStepsHistory"]!.AsArray();
        // The history starts at the first change: NextSteps given at creation is not in it (as real ones read back).
        Assert.Equal(["Run the proof of concept"], history.Select(h => (string)h!["Value"]!));
        Assert.Equal(Wire.Time(output["LastModifiedDate"]), Wire.Time(history[0]!["Time"]));
    }

    [Fact]
    public async Task UpdateOpportunity_SentHistoryIgnored_ServiceKeepsIt()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Run the proof of concept"); // a history
        var before = await server.GetOpportunityAsync(server.A, id);

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextStepsHistory"] = CosellServer.Json(
            """{"x":[{"Value":"made up","Time":"2020-01-01T00:00:00Z"}]}""")["x"]!.DeepClone());

        Wire.Same(before["LifeCycle"]!["NextStepsHistory"], (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["NextStepsHistory"], "history");
    }

    [Fact]
    public async Task UpdateOpportunity_OtherAccountsOpportunity_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var body = OpportunityBodies.UpdateFromGet(await server.GetOpportunityAsync(server.A, id));

        (await server.CallAsync("UpdateOpportunity", body, server.B)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateOpportunity_Submitted_ActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var response = await server.UpdateAsync(server.A, id, b => b["Project"]!["Title"] = "New title");

        Assert.Equal([(null, "ACTION_NOT_PERMITTED")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        // Integrations tell the review lock from a bad value by the code in the message (boto3's str(e), e.message in JS).
        Assert.StartsWith("ACTION_NOT_PERMITTED: ", (string?)response.Json!["Message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateOpportunity_SubmittedEchoUnchanged_StillActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        (await server.UpdateAsync(server.A, id, _ => { })).AssertValidation("BUSINESS_VALIDATION_FAILED");
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApprovedAfterSubmit_ApprovedLikeAwsSampleSimulatesIt()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["ReviewStatus"] = "Approved";
            b["LifeCycle"]!["ReviewComments"] = "Validated by the simulated AWS review";
        });

        var lifeCycle = (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!;
        Assert.Equal("Approved", (string?)lifeCycle["ReviewStatus"]);
        Assert.Equal("Validated by the simulated AWS review", (string?)lifeCycle["ReviewComments"]);
    }

    /// <summary>
    /// A reason code belongs to Rejected and Action Required only: it goes when the status moves on, also when the client
    /// echoes GetOpportunity's output with the earlier reason in it (AWS approving, or the partner's fix).
    /// </summary>
    [Theory]
    [InlineData("Approved", "Approved")]
    [InlineData(null, "Submitted")]
    public async Task UpdateOpportunity_AfterActionRequiredWithAReason_NextStatusHasNoReason(string? decision, string expected)
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["ReviewStatus"] = "Action Required";
            b["LifeCycle"]!["ReviewStatusReason"] = "Incomplete Information";
        });
        Assert.Equal("Incomplete Information", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatusReason"]);

        await server.UpdateOkAsync(server.A, id, b =>
        {
            if (decision is null)
            {
                b["PartnerOpportunityIdentifier"] = "CRM-0001-fixed"; // the partner's fix: one field it may change
            }
            else
            {
                b["LifeCycle"]!["ReviewStatus"] = decision;
            }
        });

        var lifeCycle = (await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!.AsObject();
        Assert.Equal(expected, (string?)lifeCycle["ReviewStatus"]);
        Assert.False(lifeCycle.ContainsKey("ReviewStatusReason"), lifeCycle.ToJsonString());
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxActionRequired_ThenPartnerFix_BackToSubmitted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, id, "Action Required");
        Assert.Equal("Action Required", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatus"]);

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["WebsiteUrl"] = "https://www.acme.example.com";
            b["Customer"]!["Account"]!["Address"]!["PostalCode"] = "98109";
            b["LifeCycle"]!["TargetCloseDate"] = FutureDates.On("09-30");
            b["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = "7500.00";
            b["Project"]!["CustomerBusinessProblem"] = "Reporting takes days because the warehouse cannot scale";
            b["PartnerOpportunityIdentifier"] = "CRM-0001-b";
        });

        var get = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Submitted", (string?)get["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal("7500.00", (string?)get["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ActionRequiredOtherFields_ActionNotPermittedPerField()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.ReviewAsync(server.A, id, "Action Required");

        var errors = (await server.UpdateAsync(server.A, id, b =>
        {
            b["Project"]!["Title"] = "Another title";
            b["Customer"]!["Account"]!["Industry"] = "Healthcare";
            b["LifeCycle"]!["TargetCloseDate"] = FutureDates.On("09-30");
        })).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal(
            [("customer.account.industry", "ACTION_NOT_PERMITTED"), ("project.title", "ACTION_NOT_PERMITTED")],
            errors.OrderBy(e => e.Field, StringComparer.Ordinal));
        Assert.Equal("Action Required", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedFrozenFields_ActionNotPermitted()
    {
        var id = await ApprovedAsync();

        var errors = (await server.UpdateAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["Address"]!["CountryCode"] = "CA";
            b["Project"]!["Title"] = "Renamed project";
            b["PartnerOpportunityIdentifier"] = "CRM-9";
        })).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal(
            [("customer.account.address.countryCode", "ACTION_NOT_PERMITTED"), ("partnerOpportunityIdentifier", "ACTION_NOT_PERMITTED"),
                ("project.title", "ACTION_NOT_PERMITTED")],
            errors.OrderBy(e => e.Field, StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedWithoutPartnerId_TakesOneOnce_ThenItIsFrozen()
    {
        // As an accepted AWS referral is: Approved, and no partner id until the CRM links its record.
        var body = OpportunityBodies.Create();
        body.Remove("PartnerOpportunityIdentifier");
        var id = await ApprovedAsync(body);

        await server.UpdateOkAsync(server.A, id, b => b["PartnerOpportunityIdentifier"] = "CRM-77");
        var errors = (await server.UpdateAsync(server.A, id, b => b["PartnerOpportunityIdentifier"] = "CRM-78"))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("partnerOpportunityIdentifier", "ACTION_NOT_PERMITTED")], errors);
        Assert.Equal("CRM-77", (string?)(await server.GetOpportunityAsync(server.A, id))["PartnerOpportunityIdentifier"]);
    }

    /// <summary>A new opportunity of server.A's (the default body unless one is given), approved by a Sandbox review.</summary>
    private async Task<string> ApprovedAsync(JsonObject? body = null)
    {
        var id = await server.CreateOpportunityAsync(server.A, body);
        await server.ReviewAsync(server.A, id, "Approved");
        return id;
    }

    /// <summary>An approved opportunity with a software revenue of 1200 USD (a contract).</summary>
    private async Task<string> ApprovedWithSoftwareRevenueAsync()
    {
        var body = OpportunityBodies.Create();
        body["SoftwareRevenue"] = new JsonObject
        {
            ["DeliveryModel"] = "Contract",
            ["Value"] = new JsonObject { ["Amount"] = "1200", ["CurrencyCode"] = "USD" },
        };
        var id = await ApprovedAsync(body);
        return id;
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedCompanyNameOrSoftwareRevenueLeftOut_ActionNotPermitted_SentBackAccepted()
    {
        var id = await ApprovedWithSoftwareRevenueAsync();

        var errors = (await server.UpdateAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["CompanyName"] = "Renamed Customer";
            b.Remove("SoftwareRevenue"); // left out of a full replacement: a change
        })).AssertValidation("BUSINESS_VALIDATION_FAILED");

        // One entry per sub-field of the block left out, as the integration that found the lock describes the refusal.
        Assert.Equal(
            [("customer.account.companyName", "ACTION_NOT_PERMITTED"), ("softwareRevenue.deliveryModel", "ACTION_NOT_PERMITTED"),
                ("softwareRevenue.value.amount", "ACTION_NOT_PERMITTED"), ("softwareRevenue.value.currencyCode", "ACTION_NOT_PERMITTED")],
            errors.OrderBy(e => e.Field, StringComparer.Ordinal));
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Kick-off call");
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedSoftwareRevenueAmountWrittenOtherwise_SameAmountAccepted_OtherAmountRefused()
    {
        var id = await ApprovedWithSoftwareRevenueAsync();

        // A CRM's decimal field sends the stored amount back with its cents.
        await server.UpdateOkAsync(server.A, id, b => b["SoftwareRevenue"]!["Value"]!["Amount"] = "1200.00");
        var kept = (string?)(await server.GetOpportunityAsync(server.A, id))["SoftwareRevenue"]!["Value"]!["Amount"];
        var other = await server.UpdateAsync(server.A, id, b => b["SoftwareRevenue"]!["Value"]!["Amount"] = "1300");

        // A frozen member is not rewritten by a request that leaves it as it is.
        Assert.Equal("1200", kept);
        Assert.Equal([("softwareRevenue.value.amount", "ACTION_NOT_PERMITTED")], other.AssertValidation("BUSINESS_VALIDATION_FAILED"));
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedOtherFields_AcceptedAndStaysApproved()
    {
        var id = await ApprovedAsync();

        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["Stage"] = "Technical Validation";
            b["Project"]!["DeliveryModels"] = new JsonArray("SaaS or PaaS", "Professional Services");
            b["Customer"]!["Account"]!["Address"]!["City"] = "Bellevue";
        });

        var get = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Approved", (string?)get["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal("Technical Validation", (string?)get["LifeCycle"]!["Stage"]);
        Assert.Equal("Bellevue", (string?)get["Customer"]!["Account"]!["Address"]!["City"]);
    }

    [Fact]
    public async Task UpdateOpportunity_CommittedWithoutSolution_ActionNotPermitted_WithSolution_Accepted()
    {
        var id = await ApprovedAsync();

        var errors = (await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Committed"))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal([("lifeCycle.stage", "ACTION_NOT_PERMITTED")], errors);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.A);
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Committed");
        Assert.Equal("Committed", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }

    [Fact]
    public async Task UpdateOpportunity_Launched_OnlyDeliveryModelsAndAdditionalComments_SentBackUnchangedAccepted()
    {
        var id = await ApprovedAsync();
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.A);
        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Launched");

        var nextSteps = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Expand to a second region");
        var back = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Committed");
        await server.UpdateOkAsync(server.A, id, _ => { });
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Project"]!["DeliveryModels"] = RequestBodies.Array("SaaS or PaaS", "Managed Services");
            b["Project"]!["AdditionalComments"] = "Live since the first of the month";
        });

        Assert.Equal([("lifeCycle.nextSteps", "ACTION_NOT_PERMITTED")], nextSteps.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("is Launched", nextSteps.Body, StringComparison.Ordinal);
        Assert.Equal([("lifeCycle.stage", "ACTION_NOT_PERMITTED")], back.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        var get = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Launched", (string?)get["LifeCycle"]!["Stage"]);
        Assert.Equal("Schedule a discovery workshop", (string?)get["LifeCycle"]!["NextSteps"]);
        Assert.Equal("Live since the first of the month", (string?)get["Project"]!["AdditionalComments"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ClosedLost_NothingChanges_NotEvenTheStage_SentBackUnchangedAccepted()
    {
        var id = await ApprovedAsync();
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["Stage"] = "Closed Lost";
            b["LifeCycle"]!["ClosedLostReason"] = "Price";
        });

        var reopened = await server.UpdateAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["Stage"] = "Prospect";
            b["LifeCycle"]!.AsObject().Remove("ClosedLostReason");
        });
        var comments = await server.UpdateAsync(server.A, id, b => b["Project"]!["AdditionalComments"] = "Lost on price");
        await server.UpdateOkAsync(server.A, id, _ => { });

        Assert.Equal([("lifeCycle.closedLostReason", "ACTION_NOT_PERMITTED"), ("lifeCycle.stage", "ACTION_NOT_PERMITTED")],
            reopened.AssertValidation("BUSINESS_VALIDATION_FAILED").Order().ToList());
        Assert.Equal([("project.additionalComments", "ACTION_NOT_PERMITTED")], comments.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("is Closed Lost", comments.Body, StringComparison.Ordinal);
        Assert.Equal("Closed Lost", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }

    [Theory]
    [InlineData("Committed")]
    [InlineData("Launched")]
    public async Task CreateOpportunity_AtAStageThatNeedsASolution_ActionNotPermitted_NothingCreated(string stage)
    {
        var company = $"Early {stage} {Guid.NewGuid():N}";
        var body = OpportunityBodies.Create(company: company);
        body["LifeCycle"]!["Stage"] = stage;

        var errors = (await server.CallAsync("CreateOpportunity", body, server.A)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("lifeCycle.stage", "ACTION_NOT_PERMITTED")], errors);
        var found = await server.OkAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = "Sandbox", ["CustomerCompanyName"] = new JsonArray(company) }, server.A);
        Assert.Empty(found!["OpportunitySummaries"]!.AsArray());
    }

    [Theory]
    [InlineData("Approved")]
    [InlineData("Action Required")]
    [InlineData("Rejected")]
    public async Task UpdateOpportunity_SandboxDecisionStraightFromPendingSubmission_Applied(string decision)
    {
        // A public integration's notes on the real Sandbox drive an opportunity from Pending Submission to Approved
        // directly; AWS's update samples send Action Required without submitting first.
        var id = await server.CreateOpportunityAsync(server.A);

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = decision);

        Assert.Equal(decision, await server.ReviewStatusAsync(server.A, id));
    }

    [Theory]
    [InlineData("In review")]
    [InlineData("Pending Submission")]
    public async Task UpdateOpportunity_SandboxStatusAwsDoesNotSimulate_ActionNotPermitted(string status)
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var errors = (await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = status))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("lifeCycle.reviewStatus", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApprovalWithOtherChangesWhileSubmitted_ActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        var errors = (await server.UpdateAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["ReviewStatus"] = "Approved";
            b["Project"]!["Title"] = "Sneaked in";
        })).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("project.title", "ACTION_NOT_PERMITTED")], errors);
        Assert.Equal("Submitted", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task UpdateOpportunity_AwsCatalogReviewStatusChange_ActionNotPermitted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        var errors = (await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = "Approved", "AWS"))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("lifeCycle.reviewStatus", "ACTION_NOT_PERMITTED")], errors);
    }

    [Fact]
    public async Task UpdateOpportunity_AwsCatalogEchoWithItsReviewStatus_Accepted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        await server.UpdateOkAsync(server.A, id, b => b["Project"]!["Title"] = "AWS catalog title", "AWS");

        Assert.Equal("AWS catalog title", (string?)(await server.GetOpportunityAsync(server.A, id, "AWS"))["Project"]!["Title"]);
    }

    [Fact]
    public async Task UpdateOpportunity_ClosedLostReasonWithClosedLost_Accepted()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.ClosedLost("Customer Deficiency"));

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["ClosedLostReason"] = "Price");

        Assert.Equal("Price", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["ClosedLostReason"]);
    }

    [Fact]
    public async Task UpdateOpportunity_StageChangedWhilePendingSubmission_ActionNotPermittedAsTheRealServiceWordsIt()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var moved = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Qualified");

        Assert.Equal([("lifeCycle.stage", "ACTION_NOT_PERMITTED")], moved.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("ACTION_NOT_PERMITTED: You can not update the stage when Opportunity status is Pending Submission",
            (string?)moved.Json!["Message"]);
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
        // The same stage sent back with other changes is an ordinary update.
        await server.UpdateOkAsync(server.A, id, b => b["Project"]!["Title"] = "Renamed before submission");
        Assert.Equal("Prospect", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }

    [Fact]
    public async Task UpdateOpportunity_WithoutStage_RequiredFieldMissingNothingErased()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var withoutStage = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!.AsObject().Remove("Stage"));
        var withoutLifeCycle = await server.UpdateAsync(server.A, id, b => b.Remove("LifeCycle"));

        Assert.Equal([("lifeCycle.stage", "REQUIRED_FIELD_MISSING")], withoutStage.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal([("lifeCycle.stage", "REQUIRED_FIELD_MISSING")], withoutLifeCycle.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
    }

    [Fact]
    public async Task UpdateOpportunity_WithoutMarketingSource_RequiredFieldMissingListedWithTheStage()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var withoutSource = await server.UpdateAsync(server.A, id, b => b["Marketing"] = new JsonObject { ["CampaignName"] = "Spring" });
        var withoutEither = await server.UpdateAsync(server.A, id, b =>
        {
            b.Remove("Marketing");
            b["LifeCycle"]!.AsObject().Remove("Stage");
        });

        Assert.Equal([("marketing.source", "REQUIRED_FIELD_MISSING")], withoutSource.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal([("lifeCycle.stage", "REQUIRED_FIELD_MISSING"), ("marketing.source", "REQUIRED_FIELD_MISSING")],
            withoutEither.AssertValidation("BUSINESS_VALIDATION_FAILED").OrderBy(e => e.Field, StringComparer.Ordinal));
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
    }

    private static readonly (string?, string)[] CustomerAndProjectRequired =
    [
        ("customer.account.address.countryCode", "REQUIRED_FIELD_MISSING"), ("customer.account.companyName", "REQUIRED_FIELD_MISSING"),
        ("customer.account.industry", "REQUIRED_FIELD_MISSING"), ("customer.account.websiteUrl", "REQUIRED_FIELD_MISSING"),
        ("project.customerBusinessProblem", "REQUIRED_FIELD_MISSING"), ("project.title", "REQUIRED_FIELD_MISSING"),
    ];

    [Fact]
    public async Task UpdateOpportunity_LifeCycleAndMarketingOnly_RequiredFieldMissingForTheCustomerAndProjectItHoldsNothingErased()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);

        var patch = await server.UpdateAsync(server.A, id, b =>
        {
            b.Remove("Customer");
            b.Remove("Project");
        });
        var withoutTitle = await server.UpdateAsync(server.A, id, b => b["Project"]!.AsObject().Remove("Title"));

        Assert.Equal(CustomerAndProjectRequired, patch.AssertValidation("BUSINESS_VALIDATION_FAILED").OrderBy(e => e.Field, StringComparer.Ordinal));
        Assert.Equal([("project.title", "REQUIRED_FIELD_MISSING")], withoutTitle.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
    }

    [Fact]
    public async Task UpdateOpportunity_ApprovedLifeCycleAndMarketingOnly_RequiredFieldMissingNotTheFrozenFields()
    {
        var id = await ApprovedAsync();
        var before = await server.GetOpportunityAsync(server.A, id);

        var advance = await server.UpdateAsync(server.A, id, b =>
        {
            b.Remove("Customer");
            b.Remove("Project");
            b["LifeCycle"]!["Stage"] = "Technical Validation";
        });

        Assert.Equal(CustomerAndProjectRequired, advance.AssertValidation("BUSINESS_VALIDATION_FAILED").OrderBy(e => e.Field, StringComparer.Ordinal));
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
    }

    [Fact]
    public async Task UpdateOpportunity_PrimaryNeedsLeftOut_RequiredFieldMissingUnlessNeverHeld()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var body = OpportunityBodies.Create();
        body.Remove("PrimaryNeedsFromAws");
        var withoutNeeds = await server.CreateOpportunityAsync(server.A, body);
        var before = await server.GetOpportunityAsync(server.A, id);

        var left = await server.UpdateAsync(server.A, id, b => b.Remove("PrimaryNeedsFromAws"));
        var emptied = await server.UpdateAsync(server.A, id, b => b["PrimaryNeedsFromAws"] = new JsonArray());
        await server.UpdateOkAsync(server.A, withoutNeeds, b => b["LifeCycle"]!["NextSteps"] = "Call back");

        Assert.Equal([("primaryNeedsFromAws", "REQUIRED_FIELD_MISSING")], left.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal([("primaryNeedsFromAws", "REQUIRED_FIELD_MISSING")], emptied.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal(before.ToJsonString(), (await server.GetOpportunityAsync(server.A, id)).ToJsonString());
    }

    [Fact]
    public async Task UpdateOpportunity_MembersTheOpportunityNeverHeld_MayStayOut()
    {
        var body = OpportunityBodies.Create();
        body.Remove("Customer");
        body["Project"]!.AsObject().Remove("CustomerBusinessProblem");
        var id = await server.CreateOpportunityAsync(server.A, body);

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["NextSteps"] = "Find the customer");

        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Null(after["Customer"]?["Account"]);
        Assert.Equal("Find the customer", (string?)after["LifeCycle"]!["NextSteps"]);
    }

    [Fact]
    public async Task UpdateOpportunity_WebsiteLeftOut_RequiredUnlessNationalSecurity()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var body = OpportunityBodies.Create();
        body["NationalSecurity"] = "Yes";
        body["Customer"]!["Account"]!["Industry"] = "Government";
        var secure = await server.CreateOpportunityAsync(server.A, body);

        var refused = await server.UpdateAsync(server.A, id, b => b["Customer"]!["Account"]!.AsObject().Remove("WebsiteUrl"));
        await server.UpdateOkAsync(server.A, secure, b => b["Customer"]!["Account"]!.AsObject().Remove("WebsiteUrl"));

        Assert.Equal([("customer.account.websiteUrl", "REQUIRED_FIELD_MISSING")], refused.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Null((await server.GetOpportunityAsync(server.A, secure))["Customer"]!["Account"]!["WebsiteUrl"]);
    }

    [Fact]
    public async Task UpdateOpportunity_CreatedWithoutMarketingSource_ReviewedAndEditedOnceTheSourceIsSent()
    {
        var body = OpportunityBodies.Create();
        body.Remove("Marketing");
        var id = await server.CreateOpportunityAsync(server.A, body);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        // The Sandbox review echoes the opportunity: without a source it is refused, with one it plays as usual,
        // although a Submitted opportunity takes no other change.
        var withoutSource = await server.UpdateAsync(server.A, id, b => b["LifeCycle"]!["ReviewStatus"] = "Action Required");
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["LifeCycle"]!["ReviewStatus"] = "Action Required";
            b["Marketing"] = new JsonObject { ["Source"] = "None" };
        });
        // Action Required opens a short list, and the source may still be supplied alongside it.
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Customer"]!["Account"]!["WebsiteUrl"] = "https://www.acme.example.com";
            b["Marketing"] = new JsonObject { ["Source"] = "None" };
        });

        Assert.Equal([("marketing.source", "REQUIRED_FIELD_MISSING")], withoutSource.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Submitted", (string?)after["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal("None", (string?)after["Marketing"]!["Source"]);
    }

    [Fact]
    public async Task UpdateOpportunity_StageAfterApproval_Moves()
    {
        var id = await ApprovedAsync();

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Technical Validation");

        Assert.Equal("Technical Validation", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }
}
