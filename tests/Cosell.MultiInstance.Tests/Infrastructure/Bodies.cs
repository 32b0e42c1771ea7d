using System.Text.Json.Nodes;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>Request bodies, as the integration suite sends them (from the captured SDK requests in tests/fixtures/wire).</summary>
public static class Bodies
{
    public static string NewToken() => Guid.NewGuid().ToString();

    public static JsonObject CreateEngagement(string? token = null) => Parse($$"""
        {
          "Catalog": "{{Cluster.Catalog}}",
          "ClientToken": "{{token ?? NewToken()}}",
          "Title": "Acme data platform migration",
          "Description": "Joint engagement for Acme Corp's move of its data warehouse to AWS",
          "Contexts": [{
            "Type": "CustomerProject",
            "Payload": { "CustomerProject": {
              "Customer": { "CompanyName": "Acme Corp", "CountryCode": "US", "Industry": "Software and Internet",
                            "WebsiteUrl": "https://acme.example.com" },
              "Project": { "Title": "Data platform migration",
                           "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                           "TargetCompletionDate": "2027-06-30" } } }
          }]
        }
        """);

    public static JsonObject Invitation(string engagementId, string receiverAccountId, string? token = null, string message = "Would you like to co-sell the Acme data platform migration with us?") =>
        Parse($$"""
        {
          "Catalog": "{{Cluster.Catalog}}",
          "ClientToken": "{{token ?? NewToken()}}",
          "EngagementIdentifier": "{{engagementId}}",
          "Invitation": {
            "Message": "{{message}}",
            "Payload": { "OpportunityInvitation": {
              "Customer": { "CompanyName": "Acme Corp", "CountryCode": "US", "Industry": "Software and Internet",
                            "WebsiteUrl": "https://acme.example.com" },
              "Project": {
                "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                "ExpectedCustomerSpend": [{ "Amount": "5000.00", "CurrencyCode": "USD", "Frequency": "Monthly",
                  "TargetCompany": "AWS", "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef" }],
                "TargetCompletionDate": "2027-06-30",
                "Title": "Data platform migration"
              },
              "ReceiverResponsibilities": [ "Software Partner" ],
              "SenderContacts": [{ "BusinessTitle": "Partner Development Manager", "Email": "jane.doe@example.com",
                                   "FirstName": "Jane", "LastName": "Doe", "Phone": "+14155550100" }]
            } },
            "Receiver": { "Account": { "Alias": "Receiver Partner", "AwsAccountId": "{{receiverAccountId}}" } }
          }
        }
        """);

    public static JsonObject Identify(string identifier) => new() { ["Catalog"] = Cluster.Catalog, ["Identifier"] = identifier };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
