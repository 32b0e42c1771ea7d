using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>AWS Marketplace solutions and products as related entities (model/patches/004; limits DG:quotas: 10 each).</summary>
public sealed class MarketplaceAssociationTests(CosellServer server) : IClassFixture<CosellServer>
{
    /// <summary>A solution of server.A's own seller account (700000000001), the only kind AWS's guide lets it associate.</summary>
    private const string Solution = "arn:aws:aws-marketplace:us-east-1:700000000001:AWSMarketplace/Solution/soln-sample";
    /// <summary>Another seller's product: products are not limited to the caller's seller account.</summary>
    private const string Product = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/SaaSProduct/prod-sample";

    [Fact]
    public async Task AssociateOpportunity_MarketplaceSolutionAndProduct_ListedAndRemovable()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceSolutions", Solution), server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", Product), server.A);

        var related = (await server.GetOpportunityAsync(server.A, id))["RelatedEntityIdentifiers"]!;
        Assert.Equal([Solution], related["AwsMarketplaceSolutions"]!.AsArray().Select(s => (string)s!));
        Assert.Equal([Product], related["AwsMarketplaceProducts"]!.AsArray().Select(s => (string)s!));
        await server.OkAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", Product), server.A);
        Assert.Empty((await server.GetOpportunityAsync(server.A, id))["RelatedEntityIdentifiers"]!["AwsMarketplaceProducts"]!.AsArray());
    }

    [Theory]
    [InlineData("AwsMarketplaceSolutions", Product)]
    [InlineData("AwsMarketplaceProducts", Solution)]
    [InlineData("AwsMarketplaceProducts", "prod-sample")]
    public async Task AssociateOpportunity_WrongIdentifierForTheType_InvalidValue(string type, string entity)
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await server.CallAsync("AssociateOpportunity", OpportunityBodies.Associate(id, type, entity), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_EleventhMarketplaceProduct_TooManyValues()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        for (var i = 0; i < 10; i++)
        {
            await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", Product + i), server.A);
        }

        var errors = (await server.CallAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", Product + "x"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "TOO_MANY_VALUES")], errors);
    }

    [Fact]
    public async Task UpdateOpportunity_CommittedWithMarketplaceProductOnly_Accepted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", Product), server.A);
        await server.ReviewAsync(server.A, id, "Approved"); // the stage moves only after submission

        await server.UpdateOkAsync(server.A, id, b => b["LifeCycle"]!["Stage"] = "Committed");

        Assert.Equal("Committed", (string?)(await server.GetOpportunityAsync(server.A, id))["LifeCycle"]!["Stage"]);
    }

    [Fact]
    public async Task CreateOpportunity_ExpectedContractDuration_KeptAndSnapshotted()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["ExpectedContractDuration"] = new System.Text.Json.Nodes.JsonObject { ["Term"] = "Months", ["Value"] = "36" };
        var id = await server.CreateOpportunityAsync(server.B, body);

        var project = (await server.GetOpportunityAsync(server.B, id))["Project"]!;

        Assert.Equal("36", (string?)project["ExpectedContractDuration"]!["Value"]);
        Assert.Equal("Months", (string?)project["ExpectedContractDuration"]!["Term"]);
    }
}
