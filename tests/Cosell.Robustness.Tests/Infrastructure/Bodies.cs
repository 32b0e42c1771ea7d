using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>Request bodies taken from the captured SDK requests (tests/fixtures/wire), aimed at real resources.</summary>
public static class Bodies
{
    private static JsonObject Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!.AsObject();

    private const string CustomerProject = """
        {
          "Type": "CustomerProject",
          "Payload": { "CustomerProject": {
            "Customer": { "CompanyName": "Acme Corp", "CountryCode": "US", "Industry": "Software and Internet",
                          "WebsiteUrl": "https://acme.example.com" },
            "Project": { "Title": "Data platform migration",
                         "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                         "TargetCompletionDate": "2027-06-30" } } }
        }
        """;

    private const string Lead = """
        {
          "Type": "Lead",
          "Payload": { "Lead": {
            "Customer": { "CompanyName": "Globex Ltd", "Industry": "Manufacturing", "Address": { "CountryCode": "DE", "City": "Berlin" } },
            "Interactions": [ { "SourceType": "Campaign", "SourceId": "CAMP-2026-0042", "SourceName": "Spring analytics webinar 2026",
                                "CustomerAction": "Requested a follow-up",
                                "Contact": { "BusinessTitle": "Head of Data", "Email": "max.mustermann@globex.example.com",
                                             "FirstName": "Max", "LastName": "Mustermann" } } ] } }
        }
        """;

    /// <summary>CreateEngagement with a CustomerProject context (and a Lead context in Sandbox).</summary>
    public static JsonObject Engagement(string catalog = "Sandbox", string? title = null, string? token = null)
    {
        var contexts = new JsonArray(Parse(CustomerProject));
        if (catalog == "Sandbox")
        {
            contexts.Add(Parse(Lead));
        }
        return new JsonObject
        {
            ["Catalog"] = catalog,
            ["ClientToken"] = token ?? Guid.NewGuid().ToString(),
            ["Title"] = title ?? "Acme data platform migration",
            ["Description"] = "Joint engagement for Acme Corp's move of its data warehouse to AWS",
            ["Contexts"] = contexts,
        };
    }

    /// <summary>The OpportunityInvitation capture aimed at <paramref name="engagementId"/> and <paramref name="receiver"/>.</summary>
    public static JsonObject Invitation(string engagementId, string receiver, string catalog = "Sandbox", string? token = null,
        string? message = null)
    {
        var body = Parse("""
            {
              "Invitation": {
                "Message": "Would you like to co-sell the Acme data platform migration with us?",
                "Payload": { "OpportunityInvitation": {
                    "Customer": { "CompanyName": "Acme Corp", "CountryCode": "US", "Industry": "Software and Internet",
                                  "WebsiteUrl": "https://acme.example.com" },
                    "Project": {
                      "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                      "ExpectedCustomerSpend": [ { "Amount": "5000.00", "CurrencyCode": "USD",
                          "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef",
                          "Frequency": "Monthly", "TargetCompany": "AWS" } ],
                      "TargetCompletionDate": "2027-06-30", "Title": "Data platform migration" },
                    "ReceiverResponsibilities": [ "Software Partner" ],
                    "SenderContacts": [ { "BusinessTitle": "Partner Development Manager", "Email": "jane.doe@example.com",
                                          "FirstName": "Jane", "LastName": "Doe", "Phone": "+14155550100" } ] } },
                "Receiver": { "Account": { "Alias": "Receiver Partner", "AwsAccountId": "x" } }
              }
            }
            """);
        body["Catalog"] = catalog;
        body["ClientToken"] = token ?? Guid.NewGuid().ToString();
        body["EngagementIdentifier"] = engagementId;
        body["Invitation"]!["Receiver"]!["Account"]!["AwsAccountId"] = receiver;
        if (message is not null)
        {
            body["Invitation"]!["Message"] = message;
        }
        return body;
    }

    public static JsonObject Identify(string identifier, string catalog = "Sandbox") =>
        new() { ["Catalog"] = catalog, ["Identifier"] = identifier };

    /// <summary>Calls and requires 200 (the body checked against the output shape); returns the answer's JSON.</summary>
    public static async Task<JsonObject> OkAsync(ApiClient client, string operation, JsonNode body, TestAccount caller)
    {
        var response = await client.CallAsync(operation, body, caller);
        Assert.True(response.Status == 200, $"{operation} as {caller.AccountId} should succeed, got {response}\nRequest: {body.ToJsonString()}");
        var violations = ModelShapes.Violations(operation, response.Body);
        Assert.True(violations.Count == 0, $"{operation} answered a body off its output shape: {string.Join("; ", violations)}");
        return response.Json as JsonObject ?? [];
    }

    /// <summary>Every item of a List operation, following NextToken.</summary>
    public static async Task<List<JsonObject>> ListAllAsync(ApiClient client, string operation, JsonObject request, string itemsMember,
        TestAccount caller, int maxPages = 1000)
    {
        var items = new List<JsonObject>();
        var body = request.DeepClone().AsObject();
        for (var page = 0; page < maxPages; page++)
        {
            var json = await OkAsync(client, operation, body, caller);
            items.AddRange(json[itemsMember]?.AsArray().Select(n => n!.AsObject()) ?? []);
            if ((string?)json["NextToken"] is not { } next)
            {
                return items;
            }
            body["NextToken"] = next;
        }
        throw new InvalidOperationException($"{operation} did not end within {maxPages} pages");
    }
}
