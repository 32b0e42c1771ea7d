using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// ExpectedCustomerSpend.TargetCompany: only AWS is kept, any other value is stored as AWS (the model's documentation);
/// Self is kept as well when the Project carries an ExpectedContractDuration (JS SDK 3.1124.0 documentation).
/// </summary>
public sealed class OpportunitiesSpendTargetTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Theory]
    [InlineData("Acme Corp")]
    [InlineData("Self")]
    [InlineData("aws")]
    public async Task CreateOpportunity_OtherTargetCompanyWithoutDuration_StoredAsAws(string given)
    {
        var body = OpportunityBodies.Create();
        Spend(body)[0]!["TargetCompany"] = given;

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.Equal(["AWS"], TargetCompanies(await server.GetOpportunityAsync(server.A, id)));
    }

    [Fact]
    public async Task CreateOpportunity_SelfNextToAContractDuration_KeptOtherEntriesSetToAws()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedContractDuration"] = new JsonObject { ["Term"] = "Months", ["Value"] = "36" };
        var self = Spend(body)[0]!.DeepClone();
        self["TargetCompany"] = "Self";
        var other = Spend(body)[0]!.DeepClone();
        other["TargetCompany"] = "Partner Inc";
        Spend(body).Add(self);
        Spend(body).Add(other);

        var id = await server.CreateOpportunityAsync(server.A, body);

        Assert.Equal(["AWS", "Self", "AWS"], TargetCompanies(await server.GetOpportunityAsync(server.A, id)));
    }

    [Fact]
    public async Task CreateOpportunity_SelfEntryWithFrequencyNone_StoredAndReadAsSent()
    {
        // The SDK's documentation: a Self entry (Total Contract Value) has Frequency None (model patch 008).
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedContractDuration"] = new JsonObject { ["Term"] = "Months", ["Value"] = "24" };
        Spend(body).Add(new JsonObject { ["Amount"] = "24000", ["CurrencyCode"] = "USD", ["Frequency"] = "None", ["TargetCompany"] = "Self" });

        var id = await server.CreateOpportunityAsync(server.A, body);

        var spend = (await server.GetOpportunityAsync(server.A, id))["Project"]!["ExpectedCustomerSpend"]!.AsArray();
        Assert.Equal(["Monthly", "None"], spend.Select(s => (string?)s!["Frequency"]));
        Assert.Equal(["AWS", "Self"], spend.Select(s => (string?)s!["TargetCompany"]));
    }

    [Fact]
    public async Task UpdateOpportunity_OtherTargetCompany_StoredAsAws_SelfAfterTheDurationIsRemoved_AlsoAws()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedContractDuration"] = new JsonObject { ["Term"] = "Months", ["Value"] = "24" };
        Spend(body)[0]!["TargetCompany"] = "Self";
        var id = await server.CreateOpportunityAsync(server.A, body);
        var kept = TargetCompanies(await server.GetOpportunityAsync(server.A, id));

        await server.UpdateOkAsync(server.A, id, b => b["Project"]!["ExpectedCustomerSpend"]![0]!["TargetCompany"] = "Someone Else");
        var renamed = TargetCompanies(await server.GetOpportunityAsync(server.A, id));
        await server.UpdateOkAsync(server.A, id, b =>
        {
            b["Project"]!["ExpectedCustomerSpend"]![0]!["TargetCompany"] = "Self";
            b["Project"]!["ExpectedContractDuration"] = null; // an explicit null clears the duration
        });
        var withoutDuration = TargetCompanies(await server.GetOpportunityAsync(server.A, id));

        Assert.Equal(["Self"], kept);
        Assert.Equal(["AWS"], renamed);
        Assert.Equal(["AWS"], withoutDuration);
    }

    private static JsonArray Spend(JsonObject body) => body["Project"]!["ExpectedCustomerSpend"]!.AsArray();

    private static List<string?> TargetCompanies(JsonObject opportunity) =>
        [.. opportunity["Project"]!["ExpectedCustomerSpend"]!.AsArray().Select(s => (string?)s!["TargetCompany"])];
}
