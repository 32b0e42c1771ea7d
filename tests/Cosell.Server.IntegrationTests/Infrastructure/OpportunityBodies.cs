using System.Text.Json.Nodes;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Opportunity request bodies (shaped like AWS's CreateOpportunity sample) and the moves the opportunity tests repeat.</summary>
public static class OpportunityBodies
{
    /// <summary>A national-security opportunity (a Government customer) without a website, which the model allows it.</summary>
    public static JsonObject NationalSecurityWithoutWebsite()
    {
        var body = Create();
        body["NationalSecurity"] = "Yes";
        body["Customer"]!["Account"]!["Industry"] = "Government";
        body["Customer"]!["Account"]!.AsObject().Remove("WebsiteUrl");
        return body;
    }

    public static JsonObject Create(string catalog = RequestBodies.Sandbox, string? token = null, string company = "Acme Corp") =>
        CosellServer.Json($$"""
        {
          "Catalog": "{{catalog}}",
          "ClientToken": "{{token ?? RequestBodies.NewToken()}}",
          "Origin": "Partner Referral",
          "OpportunityType": "Net New Business",
          "NationalSecurity": "No",
          "PartnerOpportunityIdentifier": "CRM-0001",
          "PrimaryNeedsFromAws": [ "Co-Sell - Technical Consultation" ],
          "Customer": {
            "Account": {
              "CompanyName": "{{company}}",
              "Industry": "Software and Internet",
              "WebsiteUrl": "https://acme.example.com",
              "Duns": "123456789",
              "Address": {
                "City": "Seattle",
                "CountryCode": "US",
                "PostalCode": "98101",
                "StateOrRegion": "Washington",
                "StreetAddress": "410 Terry Ave N"
              }
            },
            "Contacts": [
              { "Email": "john.smith@acme.example.com", "FirstName": "John", "LastName": "Smith", "BusinessTitle": "CTO", "Phone": "+12065550100" }
            ]
          },
          "LifeCycle": {
            "Stage": "Prospect",
            "TargetCloseDate": "{{FutureDates.CloseDate}}",
            "NextSteps": "Schedule a discovery workshop"
          },
          "Marketing": { "Source": "None" },
          "Project": {
            "Title": "Data platform migration",
            "CustomerBusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand",
            "CustomerUseCase": "Migration / Database Migration",
            "DeliveryModels": [ "SaaS or PaaS" ],
            "ExpectedCustomerSpend": [
              {
                "Amount": "5000.00",
                "CurrencyCode": "USD",
                "Frequency": "Monthly",
                "TargetCompany": "AWS",
                "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef"
              }
            ],
            "SalesActivities": [ "Initialized discussions with customer" ]
          },
          "OpportunityTeam": [
            { "Email": "jane.doe@partner.example.com", "FirstName": "Jane", "LastName": "Doe", "BusinessTitle": "PartnerAccountManager" }
          ]
        }
        """);

    /// <summary>A create at Closed Lost with its reason (the stage given at creation stays until AWS approves).</summary>
    public static JsonObject ClosedLost(string reason = "Price")
    {
        var body = Create();
        body["LifeCycle"]!["Stage"] = "Closed Lost";
        body["LifeCycle"]!["ClosedLostReason"] = reason;
        return body;
    }

    public static JsonObject Identify(string id, string catalog = RequestBodies.Sandbox) =>
        new() { ["Catalog"] = catalog, ["Identifier"] = id };

    /// <summary>
    /// What AWS's update sample sends: the GetOpportunity output with Id renamed Identifier and CreatedDate,
    /// OpportunityTeam, RelatedEntityIdentifiers and Arn removed (partner-crm-integration-samples, update_opportunity).
    /// </summary>
    public static JsonObject UpdateFromGet(JsonObject get)
    {
        var body = get.DeepClone().AsObject();
        body["Identifier"] = body["Id"]!.DeepClone();
        foreach (var name in new[] { "Id", "CreatedDate", "OpportunityTeam", "RelatedEntityIdentifiers", "Arn" })
        {
            body.Remove(name);
        }
        return body;
    }

    public static JsonObject Associate(string id, string type, string entity, string catalog = RequestBodies.Sandbox) => new()
    {
        ["Catalog"] = catalog, ["OpportunityIdentifier"] = id, ["RelatedEntityType"] = type, ["RelatedEntityIdentifier"] = entity,
    };

    public static JsonObject Submit(string id, string involvement = "Co-Sell", string? visibility = null, string catalog = RequestBodies.Sandbox)
    {
        var body = new JsonObject { ["Catalog"] = catalog, ["Identifier"] = id, ["InvolvementType"] = involvement };
        if (visibility is not null)
        {
            body["Visibility"] = visibility;
        }
        return body;
    }

    public static async Task<string> CreateOpportunityAsync(this CosellServer server, TestAccount caller, JsonObject? body = null)
    {
        var json = await server.OkAsync("CreateOpportunity", body ?? Create(), caller);
        return (string)json!["Id"]!;
    }

    public static async Task<JsonObject> GetOpportunityAsync(this CosellServer server, TestAccount caller, string id, string catalog = RequestBodies.Sandbox) =>
        (await server.OkAsync("GetOpportunity", Identify(id, catalog), caller))!.AsObject();

    /// <summary>Reads the opportunity and sends it back through UpdateOpportunity after <paramref name="change"/>; returns the update's output.</summary>
    public static async Task<ApiResponse> UpdateAsync(
        this CosellServer server, TestAccount caller, string id, Action<JsonObject> change, string catalog = RequestBodies.Sandbox)
    {
        var body = UpdateFromGet(await server.GetOpportunityAsync(caller, id, catalog));
        change(body);
        return await server.CallAsync("UpdateOpportunity", body, caller);
    }

    public static async Task<JsonObject> UpdateOkAsync(
        this CosellServer server, TestAccount caller, string id, Action<JsonObject> change, string catalog = RequestBodies.Sandbox)
    {
        var response = await server.UpdateAsync(caller, id, change, catalog);
        Assert.True(response.Status == 200, $"UpdateOpportunity should succeed, got {response}");
        return response.Json!.AsObject();
    }

    /// <summary>
    /// Records a sales activity, which a submission needs and an opportunity made from an invitation or a lead lacks.
    /// </summary>
    public static Task<JsonObject> AddSalesActivityAsync(this CosellServer server, TestAccount caller, string id) =>
        server.UpdateOkAsync(caller, id, body =>
        {
            var project = body["Project"] as JsonObject ?? [];
            project["SalesActivities"] = RequestBodies.Array("Customer has shown interest in solution");
            body["Project"] = project;
        });

    /// <summary>Submits, then plays AWS's review in Sandbox (UpdateOpportunity with the given ReviewStatus).</summary>
    public static async Task ReviewAsync(this CosellServer server, TestAccount caller, string id, string decision)
    {
        var status = (string?)(await server.GetOpportunityAsync(caller, id))["LifeCycle"]!["ReviewStatus"];
        if (status == "Pending Submission")
        {
            await server.OkAsync("SubmitOpportunity", Submit(id), caller);
        }
        await server.UpdateOkAsync(caller, id, b => b["LifeCycle"]!["ReviewStatus"] = decision);
    }

    public static string OpportunityArn(string owner, string id, string catalog = RequestBodies.Sandbox) =>
        $"arn:aws:partnercentral:us-east-1:{owner}:catalog/{catalog}/opportunity/{id}";
}
