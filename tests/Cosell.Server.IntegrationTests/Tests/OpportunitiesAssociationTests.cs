using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>AssociateOpportunity / DisassociateOpportunity: entity types, ownership, limits (spec 03 §1.3, 04 §4).</summary>
public sealed class OpportunitiesAssociationTests(CosellServer server) : IClassFixture<CosellServer>
{
    /// <summary>Offers and offer sets below are server.A's (700000000001): an opportunity takes its own seller account's.</summary>
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:700000000001:AWSMarketplace/Offer/offer-sampleOffer32";
    /// <summary>An offer goes with one opportunity of its account: a test that associates one takes its own.</summary>
    private static string NewOffer() => $"arn:aws:aws-marketplace:us-east-1:700000000001:AWSMarketplace/Offer/offer-{Guid.NewGuid():N}";

    /// <summary><see cref="Offer"/> in a theory's data stands for an offer of the test's own.</summary>
    private static string Own(string entity) => entity == Offer ? NewOffer() : entity;

    private const string OfferSet = "arn:aws:aws-marketplace:us-east-1:700000000001:AWSMarketplace/OfferSet/offerset-sampleOfferSet32";

    private async Task<System.Text.Json.Nodes.JsonNode> RelatedAsync(TestAccount caller, string id, string catalog = RequestBodies.Sandbox) =>
        (await server.GetOpportunityAsync(caller, id, catalog))["RelatedEntityIdentifiers"]!;

    private Task<ApiResponse> AssociateAsync(TestAccount caller, string id, string type, string entity, string catalog = RequestBodies.Sandbox) =>
        server.CallAsync("AssociateOpportunity", OpportunityBodies.Associate(id, type, entity, catalog), caller);

    [Fact]
    public async Task AssociateOpportunity_EachType_ListedInRelatedEntityIdentifiersWithEmptyOutput()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var offer = NewOffer();

        foreach (var (type, entity) in new[] { ("Solutions", "S-1234567"), ("AwsProducts", "AmazonRedshift"), ("AwsMarketplaceOffers", offer) })
        {
            var response = await AssociateAsync(server.A, id, type, entity);
            Assert.Equal(200, response.Status);
            Assert.Equal("", response.Body);
        }

        Wire.Same(CosellServer.Json($$"""
            {"AwsMarketplaceOffers":["{{offer}}"],"AwsMarketplaceOfferSets":[],"Solutions":["S-1234567"],"AwsProducts":["AmazonRedshift"],"AwsMarketplaceSolutions":[],"AwsMarketplaceProducts":[]}
            """), await RelatedAsync(server.A, id), "RelatedEntityIdentifiers");
    }

    [Fact]
    public async Task AssociateOpportunity_BumpsLastModifiedDate()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AWSAppFabric"), server.A);

        Assert.True(Wire.Time((await server.GetOpportunityAsync(server.A, id))["LastModifiedDate"]) > before);
    }

    [Fact]
    public async Task AssociateOpportunity_Twice_DuplicateKeyValue()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.A);

        var errors = (await AssociateAsync(server.A, id, "Solutions", "S-1234567")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "DUPLICATE_KEY_VALUE")], errors);
    }

    [Theory]
    [InlineData("S-7777777")]
    [InlineData("not-a-solution")]
    public async Task AssociateOpportunity_UnknownSolution_InvalidValue(string solution)
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await AssociateAsync(server.A, id, "Solutions", solution)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_AnotherAccountsSolution_InvalidValue()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        var errors = (await AssociateAsync(server.A, id, "Solutions", "S-" + server.B.AccountId, "AWS")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_SandboxSolutionInAwsCatalog_InvalidValue()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));

        var errors = (await AssociateAsync(server.A, id, "Solutions", "S-1234567", "AWS")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Theory]
    [InlineData("S-0052022")] // Inactive
    [InlineData("S-0052023")] // Draft
    public async Task AssociateOpportunity_SolutionNotActive_InvalidValue(string solution)
    {
        var id = await server.CreateOpportunityAsync(server.Profiled, OpportunityBodies.Create(catalog: "AWS"));

        var errors = (await AssociateAsync(server.Profiled, id, "Solutions", solution, "AWS")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_ConfiguredActiveSolution_Associated()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled, OpportunityBodies.Create(catalog: "AWS"));

        Assert.Equal(200, (await AssociateAsync(server.Profiled, id, "Solutions", "S-0052021", "AWS")).Status);

        Assert.Equal(["S-0052021"], (await RelatedAsync(server.Profiled, id, "AWS"))["Solutions"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task AssociateOpportunity_EleventhSolution_TooManyValues()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);
        for (var i = 1; i <= 10; i++)
        {
            await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", TestProfiles.SandboxSolutionId(i)), server.Profiled);
        }

        var errors = (await AssociateAsync(server.Profiled, id, "Solutions", "S-1234567")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "TOO_MANY_VALUES")], errors);
        Assert.Equal(10, (await RelatedAsync(server.Profiled, id))["Solutions"]!.AsArray().Count);
    }

    [Fact]
    public async Task AssociateOpportunity_TwentyFirstAwsProduct_TooManyValues()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        for (var i = 1; i <= 20; i++)
        {
            await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", $"AwsProduct{i:D2}"), server.A);
        }

        var errors = (await AssociateAsync(server.A, id, "AwsProducts", "AwsProduct21")).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "TOO_MANY_VALUES")], errors);
    }

    [Theory]
    [InlineData("AwsMarketplaceOffers", Offer, "AwsMarketplaceOffers", "arn:aws:aws-marketplace:us-east-1:700000000001:AWSMarketplace/Offer/offer-second")]
    [InlineData("AwsMarketplaceOffers", Offer, "AwsMarketplaceOfferSets", OfferSet)]
    [InlineData("AwsMarketplaceOfferSets", OfferSet, "AwsMarketplaceOffers", Offer)]
    public async Task AssociateOpportunity_SecondOfferOrOfferSet_TooManyValues(string firstType, string first, string secondType, string second)
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, firstType, Own(first)), server.A);

        var errors = (await AssociateAsync(server.A, id, secondType, Own(second))).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "TOO_MANY_VALUES")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_OfferOfAnotherOpportunity_DuplicateKeyValueNamingIt_UntilDisassociatedThere()
    {
        var (first, second) = (await server.CreateOpportunityAsync(server.A), await server.CreateOpportunityAsync(server.A));
        var offer = NewOffer();
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(first, "AwsMarketplaceOffers", offer), server.A);

        var refused = await AssociateAsync(server.A, second, "AwsMarketplaceOffers", offer);
        await server.OkAsync("DisassociateOpportunity", OpportunityBodies.Associate(first, "AwsMarketplaceOffers", offer), server.A);
        var afterwards = await AssociateAsync(server.A, second, "AwsMarketplaceOffers", offer);

        Assert.Equal([("relatedEntityIdentifier", "DUPLICATE_KEY_VALUE")], refused.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains(first, refused.Body, StringComparison.Ordinal);
        Assert.Equal(200, afterwards.Status);
        Assert.Equal([offer], (await RelatedAsync(server.A, second))["AwsMarketplaceOffers"]!.AsArray().Select(x => (string)x!));
    }

    [Theory]
    [InlineData("AwsMarketplaceOffers", "Offer/offer-sampleOffer32")]
    [InlineData("AwsMarketplaceOfferSets", "OfferSet/offerset-sampleOfferSet32")]
    [InlineData("AwsMarketplaceSolutions", "Solution/soln-sample")]
    public async Task AssociateOpportunity_MarketplaceEntityOfAnotherSellerAccount_InvalidValueNamingIt(string type, string entity)
    {
        // AWS's guide: only offers (and solutions) of the seller account linked to the partner's can be associated.
        var arn = $"arn:aws:aws-marketplace:us-east-1:{server.A.AccountId}:AWSMarketplace/{entity}";
        var id = await server.CreateOpportunityAsync(server.B);

        var refused = await AssociateAsync(server.B, id, type, arn);

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], refused.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains(server.A.AccountId, refused.Body, StringComparison.Ordinal);
        Assert.Empty((await RelatedAsync(server.B, id))[type]!.AsArray());
    }

    [Fact]
    public async Task AssociateOpportunity_MarketplaceProductOfAnotherSeller_Associated()
    {
        // A reseller's channel offer is for a product another seller lists; the guide limits offers, not products.
        var product = $"arn:aws:aws-marketplace:us-east-1:{server.A.AccountId}:AWSMarketplace/SaaSProduct/prod-sample";
        var id = await server.CreateOpportunityAsync(server.B);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceProducts", product), server.B);

        Assert.Equal([product], (await RelatedAsync(server.B, id))["AwsMarketplaceProducts"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task AssociateOpportunity_SolutionOther_InvalidValuePointingToOtherSolutionDescription()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var refused = await AssociateAsync(server.A, id, "Solutions", "Other");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], refused.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("OtherSolutionDescription", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssociateOpportunity_OneOfferToSixOpportunitiesAtOnce_ExactlyOneTakesIt()
    {
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await server.CreateOpportunityAsync(server.A));
        }
        var offer = NewOffer();

        var answers = await Task.WhenAll(ids.Select(id => AssociateAsync(server.A, id, "AwsMarketplaceOffers", offer)));

        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200),
            a => Assert.Equal([("relatedEntityIdentifier", "DUPLICATE_KEY_VALUE")], a.AssertValidation("BUSINESS_VALIDATION_FAILED")));
        var holders = new List<string>();
        foreach (var id in ids)
        {
            if ((await RelatedAsync(server.A, id))["AwsMarketplaceOffers"]!.AsArray().Count > 0)
            {
                holders.Add(id);
            }
        }
        Assert.Single(holders);
    }

    [Theory]
    [InlineData("AwsMarketplaceOffers", "offer-123")]
    [InlineData("AwsMarketplaceOffers", OfferSet)]
    [InlineData("AwsMarketplaceOfferSets", Offer)]
    [InlineData("AwsProducts", "Amazon Redshift")]
    [InlineData("AwsProducts", "arn:aws:redshift")]
    public async Task AssociateOpportunity_MalformedIdentifierForType_InvalidValue(string type, string entity)
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await AssociateAsync(server.A, id, type, entity)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task AssociateOpportunity_UnknownEntityType_RequestValidation()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await AssociateAsync(server.A, id, "Partners", "S-1234567")).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Contains(errors, e => e.Field == "relatedEntityType");
    }

    [Fact]
    public async Task AssociateOpportunity_OtherAccountsOpportunity_ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        (await AssociateAsync(server.B, id, "Solutions", "S-1234567")).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task AssociateOpportunity_WhileSubmitted_Allowed()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(id), server.A);

        Assert.Equal(200, (await AssociateAsync(server.A, id, "Solutions", "S-1234567")).Status);
    }

    [Fact]
    public async Task DisassociateOpportunity_Associated_RemovedOthersKept()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AmazonRedshift"), server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AmazonS3"), server.A);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceOfferSets", OfferSet), server.A);

        var response = await server.CallAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "AwsProducts", "AmazonRedshift"), server.A);
        await server.OkAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceOfferSets", OfferSet), server.A);

        Assert.Equal(200, response.Status);
        Assert.Equal("", response.Body);
        Wire.Same(CosellServer.Json("""{"AwsMarketplaceOffers":[],"AwsMarketplaceOfferSets":[],"Solutions":[],"AwsProducts":["AmazonS3"],"AwsMarketplaceSolutions":[],"AwsMarketplaceProducts":[]}"""),
            await RelatedAsync(server.A, id), "RelatedEntityIdentifiers");
        // The offer slot is free again.
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "AwsMarketplaceOffers", NewOffer()), server.A);
    }

    [Fact]
    public async Task DisassociateOpportunity_NotAssociated_InvalidValue()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var errors = (await server.CallAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal([("relatedEntityIdentifier", "INVALID_VALUE")], errors);
    }

    [Fact]
    public async Task DisassociateOpportunity_LastSolutionAtCommitted_ActionNotPermitted_AfterReplacement_Allowed()
    {
        var id = await server.CreateOpportunityAsync(server.Profiled);
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.Profiled);
        await server.ReviewAsync(server.Profiled, id, "Approved"); // the stage moves only after submission
        await server.UpdateOkAsync(server.Profiled, id, b => b["LifeCycle"]!["Stage"] = "Committed");

        var errors = (await server.CallAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.Profiled))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Equal([("relatedEntityIdentifier", "ACTION_NOT_PERMITTED")], errors);

        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", TestProfiles.SandboxSolutionId(1)), server.Profiled);
        await server.OkAsync("DisassociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-1234567"), server.Profiled);
        Assert.Equal([TestProfiles.SandboxSolutionId(1)], (await RelatedAsync(server.Profiled, id))["Solutions"]!.AsArray().Select(s => (string)s!));
    }
}
