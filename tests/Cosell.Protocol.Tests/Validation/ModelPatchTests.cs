using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Smithy;
using Cosell.Protocol.Validation;
using Xunit;

namespace Cosell.Protocol.Tests.Validation;

/// <summary>
/// Why each file of model/patches exists: what the JS SDK 3.1124.0 sends or expects that the vendored model lacks, shown
/// against the model without the patch (where it fails or is missing) and with it (ShapeGraph.Instance, as the server
/// loads it). The JS conformance suite (tests/Conformance/test/model-shapes.test.mjs) compares every shape with the SDK's.
/// </summary>
public sealed class ModelPatchTests
{
    private static readonly Lazy<RequestValidator> Unpatched = new(() => new RequestValidator(ShapeGraph.Load(RawModel())));

    private static JsonNode RawModel() =>
        JsonNode.Parse(File.ReadAllText(ValidationFixture.ModelPath), documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!;

    private static string PatchDirectory => Path.Combine(Path.GetDirectoryName(ValidationFixture.ModelPath)!, "patches");

    private static IReadOnlyList<FieldError> Validate(RequestValidator validator, ShapeGraph graph, string operation, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return validator.Validate(graph.Operations[operation].InputShape, doc.RootElement);
    }

    private static IReadOnlyList<FieldError> Before(string operation, string json) =>
        Validate(Unpatched.Value, ShapeGraph.Load(RawModel()), operation, json);

    private static IReadOnlyList<FieldError> After(string operation, string json) =>
        Validate(ValidationFixture.Validator, ShapeGraph.Instance, operation, json);

    private static bool HasMember(ShapeGraph graph, string shape, string member) =>
        graph.Get(ShapeGraph.Namespace + "#" + shape).Members.Any(m => m.Name == member);

    [Fact]
    public void Patches_AllFiles_AreNumberedAndApplyInOrder()
    {
        var files = Directory.GetFiles(PatchDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["001-prospecting-result-context.json", "002-lead-insights-enrichment-context.json", "003-expected-contract-duration.json",
             "004-marketplace-solutions-products.json", "005-aws-opportunity-insights.json", "006-prospecting-operations.json",
             "007-lead-free-text.json", "008-payment-frequency-none.json"],
            files);
        var model = RawModel();
        foreach (var file in files)
        {
            JsonPatch.Apply(model, JsonNode.Parse(File.ReadAllText(Path.Combine(PatchDirectory, file!)))!.AsArray());
        }
        Assert.Equal(45, ShapeGraph.Load(model).Operations.Count);
    }

    // 001: the SDK's EngagementContextType has ProspectingResult, and both context payload unions a ProspectingResult member.
    private const string ProspectingContext = """
        {"Catalog":"Sandbox","ClientToken":"t-1","EngagementIdentifier":"eng-abcdefgh123456","Type":"ProspectingResult",
         "Payload":{"ProspectingResult":{"Aws":{"Customer":{"AccountName":"Acme","Country":"US","Industry":"Agriculture"}}}}}
        """;

    [Fact]
    public void Patch001_ProspectingResultContext_UnknownWithoutIt()
    {
        Assert.Contains(Before("CreateEngagementContext", ProspectingContext), e => e.FieldName == "type" && e.Code == "INVALID_ENUM_VALUE");
        Assert.Empty(After("CreateEngagementContext", ProspectingContext));
        Assert.True(HasMember(ShapeGraph.Instance, "UpdateEngagementContextPayload", "ProspectingResult"));
    }

    [Fact]
    public void Patch001_ProspectingResultContext_NestedEnumsValidated()
    {
        var body = ProspectingContext.Replace("\"Country\":\"US\"", "\"Country\":\"Atlantis\"", StringComparison.Ordinal);

        Assert.Contains(After("CreateEngagementContext", body),
            e => e.FieldName == "payload.prospectingResult.aws.customer.country" && e.Code == "INVALID_ENUM_VALUE");
    }

    // 002: lead contexts carry Insights; GetEngagementInvitation answers with an EnrichmentContext.
    [Fact]
    public void Patch002_LeadInsightsAndEnrichmentContext_AddedMembers()
    {
        var raw = ShapeGraph.Load(RawModel());
        foreach (var (shape, member) in new[] { ("LeadContext", "Insights"), ("UpdateLeadContext", "Insights"), ("GetEngagementInvitationResponse", "EnrichmentContext") })
        {
            Assert.False(HasMember(raw, shape, member), $"{shape}.{member} is already in the vendored model");
            Assert.True(HasMember(ShapeGraph.Instance, shape, member), $"{shape}.{member} is missing");
        }
        var lead = JsonSerializer.Deserialize("""{"Customer":{"CompanyName":"Acme","Address":{}},"Interactions":[],"Insights":{"LeadReadinessScore":"High"}}""",
            ModelJsonContext.Default.LeadContext)!;
        Assert.Equal("High", lead.Insights?.LeadReadinessScore);
    }

    // 003: deal sizing's ExpectedContractDuration on the opportunity's Project (and the views of it).
    private static string OpportunityWithDuration(string value) =>
        "{\"Catalog\":\"Sandbox\",\"ClientToken\":\"t-2\",\"Project\":{\"Title\":\"Migration\",\"ExpectedContractDuration\":{\"Term\":\"Months\",\"Value\":\"" + value + "\"}}}";

    [Fact]
    public void Patch003_ExpectedContractDuration_IgnoredWithoutItValidatedWithIt()
    {
        Assert.Empty(Before("CreateOpportunity", OpportunityWithDuration("145"))); // an unknown member: silently dropped
        Assert.Empty(After("CreateOpportunity", OpportunityWithDuration("36")));
        Assert.Contains(After("CreateOpportunity", OpportunityWithDuration("145")),
            e => e.FieldName == "project.expectedContractDuration.value" && e.Code == "INVALID_STRING_FORMAT");
        Assert.True(HasMember(ShapeGraph.Instance, "ProjectView", "ExpectedContractDuration"));
        Assert.True(HasMember(ShapeGraph.Instance, "ProjectSummary", "ExpectedContractDuration"));
    }

    // 004: AssociateOpportunity with AWS Marketplace solutions and products; RelatedEntityIdentifiers lists them.
    [Fact]
    public void Patch004_MarketplaceSolutionsAndProducts_RelatedEntityTypes()
    {
        const string body = """
            {"Catalog":"Sandbox","OpportunityIdentifier":"O5000001","RelatedEntityType":"AwsMarketplaceProducts",
             "RelatedEntityIdentifier":"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/prod-abc123"}
            """;
        Assert.Contains(Before("AssociateOpportunity", body), e => e.FieldName == "relatedEntityType" && e.Code == "INVALID_ENUM_VALUE");
        Assert.Empty(After("AssociateOpportunity", body));
        Assert.Contains("AwsMarketplaceSolutions", RelatedEntityType.Values);
        Assert.True(HasMember(ShapeGraph.Instance, "RelatedEntityIdentifiers", "AwsMarketplaceProducts"));
        Assert.True(HasMember(ShapeGraph.Instance, "ListSolutionsRequest", "AwsMarketplaceSolutionArn"));

        // The SDK's documentation: at most 10 ARNs in the ListSolutions filter, like the other filters there.
        static string Filter(int n) => "{\"Catalog\":\"Sandbox\",\"AwsMarketplaceSolutionArn\":[" +
            string.Join(",", Enumerable.Range(0, n).Select(i => $"\"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/sol-{i}\"")) + "]}";
        Assert.Empty(After("ListSolutions", Filter(10)));
        Assert.Contains(After("ListSolutions", Filter(11)), e => e.FieldName == "awsMarketplaceSolutionArn" && e.Code == "TOO_MANY_VALUES");
    }

    // 005: the AWS side of an opportunity (GetAwsOpportunitySummary, AwsOpportunitySummaryFullView snapshots).
    [Fact]
    public void Patch005_AwsOpportunityInsights_AddedMembers()
    {
        var raw = ShapeGraph.Load(RawModel());
        foreach (var (shape, member) in new[]
                 {
                     ("GetAwsOpportunitySummaryResponse", "CosellMotion"), ("GetAwsOpportunitySummaryResponse", "SoftwareRevenue"),
                     ("AwsOpportunitySummaryFullView", "SoftwareRevenue"), ("AwsOpportunityInsights", "OpportunityQuality"),
                     ("AwsOpportunityInsights", "Recommendations"),
                 })
        {
            Assert.False(HasMember(raw, shape, member), $"{shape}.{member} is already in the vendored model");
            Assert.True(HasMember(ShapeGraph.Instance, shape, member), $"{shape}.{member} is missing");
        }
        Assert.Contains("Signatory", AwsMemberBusinessTitle.Values);
    }

    // 006: the three prospecting operations of the SDK.
    [Theory]
    [InlineData("StartProspectingFromEngagementTask")]
    [InlineData("GetProspectingFromEngagementTask")]
    [InlineData("ListProspectingFromEngagementTasks")]
    public void Patch006_ProspectingOperations_UnknownWithoutIt(string operation)
    {
        Assert.False(ShapeGraph.Load(RawModel()).TryGetOperation(operation, out _));
        Assert.True(ShapeGraph.Instance.TryGetOperation(operation, out _));
        Assert.True(OperationTable.All.ContainsKey(operation));
    }

    [Fact]
    public void Patch006_StartProspecting_LimitsOfTheSdk()
    {
        var identifiers = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"eng-abcdefgh{i:D6}\""));
        var body = "{\"Catalog\":\"Sandbox\",\"TaskName\":\"" + new string('n', 129) + "\",\"Identifiers\":[" + identifiers + "]}";

        var errors = After("StartProspectingFromEngagementTask", body);

        Assert.Contains(errors, e => e.FieldName == "identifiers" && e.Code == "TOO_MANY_VALUES");
        Assert.Contains(errors, e => e.FieldName == "taskName");
        Assert.Equal("ClientToken", OperationTable.StartProspectingFromEngagementTask.IdempotencyTokenMember);
        Assert.True(OperationTable.GetProspectingFromEngagementTask.ReadOnly);
    }

    // Where the JS SDK's types cannot tell, the API reference decides: ClientToken is required (SDKs fill it in, so the
    // types leave it optional) and Identifiers are plain eng- ids (API reference: StartProspectingFromEngagementTask).
    [Fact]
    public void Patch006_StartProspecting_ClientTokenRequired_PlainEngagementIds()
    {
        var body = """{"Catalog":"Sandbox","TaskName":"t","Identifiers":["arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-abcdefgh123456"]}""";

        var errors = After("StartProspectingFromEngagementTask", body);

        Assert.Contains(errors, e => e.FieldName == "clientToken" && e.Code == "REQUIRED_FIELD_MISSING");
        Assert.Contains(errors, e => e.FieldName!.StartsWith("identifiers", StringComparison.Ordinal) && e.Code == "INVALID_STRING_FORMAT");
    }

    // Prospecting task ids are task- and 14 characters, with no ARN form (API reference: GetProspectingFromEngagementTask,
    // ListProspectingFromEngagementTasks); the other task kinds keep the model's 13.
    [Theory]
    [InlineData("task-0123456789abcd", true)]
    [InlineData("task-0123456789abc", false)]
    [InlineData("arn:aws:partnercentral:us-east-1::catalog/Sandbox/prospecting-from-engagement-task/task-0123456789abcd", false)]
    public void Patch006_ProspectingTaskIds_FourteenCharacters(string id, bool valid)
    {
        var get = After("GetProspectingFromEngagementTask", $$"""{"Catalog":"Sandbox","TaskIdentifier":"{{id}}"}""");
        var list = After("ListProspectingFromEngagementTasks", $$"""{"Catalog":"Sandbox","TaskIdentifier":["{{id}}"]}""");

        Assert.Equal(valid, get.Count == 0);
        Assert.Equal(valid, list.Count == 0);
        Assert.Empty(After("ListOpportunityFromEngagementTasks", """{"Catalog":"Sandbox","TaskIdentifier":["task-0123456789abc"]}"""));
    }

    // The operations' errors are the API reference's: Start has no ServiceQuotaExceededException, List no
    // ResourceNotFoundException (the JS SDK's commands list the same).
    [Fact]
    public void Patch006_ProspectingOperations_ErrorsOfTheApiReference()
    {
        var start = ShapeGraph.Instance.Operations["StartProspectingFromEngagementTask"].Errors;
        var list = ShapeGraph.Instance.Operations["ListProspectingFromEngagementTasks"].Errors;

        Assert.DoesNotContain(start, e => e.EndsWith("#ServiceQuotaExceededException", StringComparison.Ordinal));
        Assert.Contains(start, e => e.EndsWith("#ResourceNotFoundException", StringComparison.Ordinal));
        Assert.DoesNotContain(list, e => e.EndsWith("#ResourceNotFoundException", StringComparison.Ordinal));
    }

    // 007: a lead's customer, contact and business problem are free text in the SDK (strings where the model has enums,
    // patterns and a minimum); the bounds that remain are lengths.
    private static string LeadUpdate(string industry, string country, string email) =>
        "{\"Catalog\":\"Sandbox\",\"EngagementIdentifier\":\"eng-abcdefgh123456\",\"ContextIdentifier\":\"1\"," +
        "\"EngagementLastModifiedAt\":\"2026-01-01T00:00:00Z\",\"Type\":\"Lead\",\"Payload\":{\"Lead\":{\"Customer\":{" +
        "\"CompanyName\":\"Acme\",\"Industry\":\"" + industry + "\",\"MarketSegment\":\"Mid-market\",\"WebsiteUrl\":\"acme\"," +
        "\"AwsMaturity\":\"Evaluating AWS against two other clouds\",\"Address\":{\"CountryCode\":\"" + country + "\"}}," +
        "\"Interaction\":{\"SourceType\":\"Event\",\"SourceId\":\"e-1\",\"SourceName\":\"Summit\",\"CustomerAction\":\"Asked\"," +
        "\"BusinessProblem\":\"Too slow\",\"Contact\":{\"BusinessTitle\":\"Head of Platform Engineering and Developer Experience, EMEA region\"," +
        "\"Email\":\"" + email + "\",\"FirstName\":\"Ana\",\"LastName\":\"Lee\",\"Phone\":\"ext. 42\"}}}}}";

    [Fact]
    public void Patch007_LeadFreeText_RefusedWithoutItLengthsOnlyWithIt()
    {
        var update = LeadUpdate("Fintech", "UK", "ana at acme");
        var before = Before("UpdateEngagementContext", update).Select(e => e.FieldName).ToList();
        foreach (var field in new[] { "payload.lead.customer.industry", "payload.lead.customer.marketSegment", "payload.lead.customer.websiteUrl",
                     "payload.lead.customer.awsMaturity", "payload.lead.customer.address.countryCode", "payload.lead.interaction.businessProblem",
                     "payload.lead.interaction.contact.email", "payload.lead.interaction.contact.phone" })
        {
            Assert.Contains(field, before);
        }
        Assert.Empty(After("UpdateEngagementContext", update));

        var tooLong = After("UpdateEngagementContext", LeadUpdate(new string('x', 256), "UNITED-KGDM", "a@b.co"));
        Assert.Contains(tooLong, e => e.FieldName == "payload.lead.customer.industry");
        Assert.Contains(tooLong, e => e.FieldName == "payload.lead.customer.address.countryCode");
        Assert.Equal(2, tooLong.Count);
        Assert.True(HasMember(ShapeGraph.Instance, "LeadAddress", "City"));

        // The SDK's lead also needs no address, no interaction source and no customer action.
        const string bare = """
            {"Catalog":"Sandbox","EngagementIdentifier":"eng-abcdefgh123456","ContextIdentifier":"1","EngagementLastModifiedAt":"2026-01-01T00:00:00Z",
             "Type":"Lead","Payload":{"Lead":{"Customer":{"CompanyName":"Acme"},
             "Interaction":{"Contact":{"BusinessTitle":"CTO","Email":"a@b.co","FirstName":"Ana","LastName":"Lee"}}}}}
            """;
        Assert.Equal(
            ["payload.lead.customer.address", "payload.lead.interaction.customerAction", "payload.lead.interaction.sourceId",
             "payload.lead.interaction.sourceName", "payload.lead.interaction.sourceType"],
            Before("UpdateEngagementContext", bare).Select(e => e.FieldName).Order(StringComparer.Ordinal));
        Assert.Empty(After("UpdateEngagementContext", bare));
    }

    // 008: the SDK's documentation tells clients to send Frequency None for a Self (Total Contract Value) spend entry,
    // a value its enum (and the model's) lacks.
    [Fact]
    public void Patch008_PaymentFrequencyNone_RefusedWithoutItAcceptedWithIt()
    {
        const string body = """
            {"Catalog":"Sandbox","ClientToken":"t-8","Project":{"Title":"Migration",
             "ExpectedCustomerSpend":[{"Amount":"24000","CurrencyCode":"USD","Frequency":"None","TargetCompany":"Self"}]}}
            """;
        Assert.Contains(Before("CreateOpportunity", body), e => e.FieldName == "project.expectedCustomerSpend.frequency" && e.Code == "INVALID_ENUM_VALUE");
        Assert.Empty(After("CreateOpportunity", body));
        Assert.Equal(["Monthly", "None"], PaymentFrequency.Values);
    }
}
