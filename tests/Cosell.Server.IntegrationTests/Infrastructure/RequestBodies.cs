using System.Text.Json.Nodes;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Request bodies the tests send, built from the captured SDK requests in tests/fixtures/wire.</summary>
public static class RequestBodies
{
    public const string Sandbox = "Sandbox";

    public static string NewToken() => Guid.NewGuid().ToString();

    public static JsonObject CustomerProjectContext() => CosellServer.Json("""
        {
          "Type": "CustomerProject",
          "Payload": {
            "CustomerProject": {
              "Customer": {
                "CompanyName": "Acme Corp",
                "CountryCode": "US",
                "Industry": "Software and Internet",
                "WebsiteUrl": "https://acme.example.com"
              },
              "Project": {
                "Title": "Data platform migration",
                "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                "TargetCompletionDate": "2027-06-30"
              }
            }
          }
        }
        """);

    public static JsonObject LeadContext() => CosellServer.Json("""
        {
          "Type": "Lead",
          "Payload": {
            "Lead": {
              "Customer": {
                "CompanyName": "Globex Ltd",
                "Industry": "Manufacturing",
                "WebsiteUrl": "https://globex.example.com",
                "Address": { "CountryCode": "DE", "City": "Berlin" }
              },
              "Interactions": [
                {
                  "SourceType": "Campaign",
                  "SourceId": "CAMP-2026-0042",
                  "SourceName": "Spring analytics webinar 2026",
                  "CustomerAction": "Requested a follow-up",
                  "BusinessProblem": "Reports from the plants arrive a week late",
                  "Contact": {
                    "BusinessTitle": "Head of Data",
                    "Email": "max.mustermann@globex.example.com",
                    "FirstName": "Max",
                    "LastName": "Mustermann"
                  }
                }
              ]
            }
          }
        }
        """);

    /// <summary>CreateEngagement; <paramref name="contexts"/> lists context types ("CustomerProject", "Lead").</summary>
    public static JsonObject CreateEngagement(
        string title = "Acme data platform migration", string? token = null, string catalog = Sandbox, params string[] contexts)
    {
        var body = new JsonObject
        {
            ["Catalog"] = catalog,
            ["ClientToken"] = token ?? NewToken(),
            ["Title"] = title,
            ["Description"] = "Joint engagement for Acme Corp's move of its data warehouse to AWS",
        };
        if (contexts.Length > 0)
        {
            body["Contexts"] = new JsonArray(contexts.Select(c => (JsonNode)(c switch
            {
                "CustomerProject" => CustomerProjectContext(),
                "Lead" => LeadContext(),
                _ => throw new ArgumentException(c),
            })).ToArray());
        }
        return body;
    }

    /// <summary>The seed request (fixtures/wire/*/CreateEngagementInvitation-opportunity.json) aimed at a real engagement and receiver.</summary>
    public static JsonObject OpportunityInvitation(string engagementId, string receiverAccountId, string? token = null, string catalog = Sandbox)
    {
        var body = CosellServer.Json("""
            {
              "Catalog": "Sandbox",
              "ClientToken": "x",
              "EngagementIdentifier": "x",
              "Invitation": {
                "Message": "Would you like to co-sell the Acme data platform migration with us?",
                "Payload": {
                  "OpportunityInvitation": {
                    "Customer": {
                      "CompanyName": "Acme Corp",
                      "CountryCode": "US",
                      "Industry": "Software and Internet",
                      "WebsiteUrl": "https://acme.example.com"
                    },
                    "Project": {
                      "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
                      "ExpectedCustomerSpend": [
                        {
                          "Amount": "5000.00",
                          "CurrencyCode": "USD",
                          "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef",
                          "Frequency": "Monthly",
                          "TargetCompany": "AWS"
                        }
                      ],
                      "TargetCompletionDate": "2027-06-30",
                      "Title": "Data platform migration"
                    },
                    "ReceiverResponsibilities": [ "Software Partner" ],
                    "SenderContacts": [
                      {
                        "BusinessTitle": "Partner Development Manager",
                        "Email": "jane.doe@example.com",
                        "FirstName": "Jane",
                        "LastName": "Doe",
                        "Phone": "+14155550100"
                      }
                    ]
                  }
                },
                "Receiver": { "Account": { "Alias": "Receiver Partner", "AwsAccountId": "x" } }
              }
            }
            """);
        body["Catalog"] = catalog;
        body["ClientToken"] = token ?? NewToken();
        body["EngagementIdentifier"] = engagementId;
        body["Invitation"]!["Receiver"]!["Account"]!["AwsAccountId"] = receiverAccountId;
        return body;
    }

    /// <summary>The LeadInvitation capture (fixtures/wire/*/CreateEngagementInvitation-lead.json), receiver by account id only.</summary>
    public static JsonObject LeadInvitation(string engagementId, string receiverAccountId, string? token = null, string catalog = Sandbox)
    {
        var body = CosellServer.Json("""
            {
              "Catalog": "Sandbox",
              "ClientToken": "x",
              "EngagementIdentifier": "x",
              "Invitation": {
                "Message": "Qualified lead from Globex; interested in collaborating?",
                "Payload": {
                  "LeadInvitation": {
                    "Customer": {
                      "CompanyName": "Globex Ltd",
                      "Industry": "Manufacturing",
                      "CountryCode": "DE",
                      "WebsiteUrl": "https://globex.example.com",
                      "MarketSegment": "Enterprise",
                      "AwsMaturity": "Evaluating"
                    },
                    "Interaction": {
                      "SourceType": "Campaign",
                      "SourceId": "CAMP-2026-0042",
                      "SourceName": "Spring analytics webinar 2026",
                      "ContactBusinessTitle": "Head of Data",
                      "Usecase": "Analytics"
                    }
                  }
                },
                "Receiver": { "Account": { "AwsAccountId": "x" } }
              }
            }
            """);
        body["Catalog"] = catalog;
        body["ClientToken"] = token ?? NewToken();
        body["EngagementIdentifier"] = engagementId;
        body["Invitation"]!["Receiver"]!["Account"]!["AwsAccountId"] = receiverAccountId;
        return body;
    }

    public static JsonObject Identify(string identifier, string catalog = Sandbox) =>
        new() { ["Catalog"] = catalog, ["Identifier"] = identifier };

    public static JsonArray Array(params string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
