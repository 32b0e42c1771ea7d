using System.Text.Json.Nodes;

namespace Cosell.Soak;

/// <summary>Request bodies shaped like the captured SDK requests (tests/fixtures/wire).</summary>
internal static class Bodies
{
    public static JsonObject Engagement() => new()
    {
        ["Catalog"] = "Sandbox",
        ["ClientToken"] = Guid.NewGuid().ToString(),
        ["Title"] = "Soak engagement",
        ["Description"] = "Mixed-traffic soak run",
        ["Contexts"] = new JsonArray(JsonNode.Parse("""
            {"Type":"CustomerProject","Payload":{"CustomerProject":{
              "Customer":{"CompanyName":"Acme Corp","CountryCode":"US","Industry":"Software and Internet","WebsiteUrl":"https://acme.example.com"},
              "Project":{"Title":"Data platform migration","BusinessProblem":"Legacy on-premises data warehouse cannot keep up with reporting demand","TargetCompletionDate":"2027-06-30"}}}}
            """)),
    };

    public static JsonObject Invitation(string engagementId, string receiver)
    {
        var body = JsonNode.Parse("""
            {"Catalog":"Sandbox","Invitation":{"Message":"Shall we co-sell this?","Payload":{"OpportunityInvitation":{
              "Customer":{"CompanyName":"Acme Corp","CountryCode":"US","Industry":"Software and Internet","WebsiteUrl":"https://acme.example.com"},
              "Project":{"BusinessProblem":"Legacy on-premises data warehouse cannot keep up with reporting demand","TargetCompletionDate":"2027-06-30","Title":"Data platform migration",
                "ExpectedCustomerSpend":[{"Amount":"5000.00","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]},
              "ReceiverResponsibilities":["Software Partner"],
              "SenderContacts":[{"BusinessTitle":"Partner Development Manager","Email":"jane.doe@example.com","FirstName":"Jane","LastName":"Doe"}]}},
              "Receiver":{"Account":{"AwsAccountId":"x"}}}}
            """)!.AsObject();
        body["ClientToken"] = Guid.NewGuid().ToString();
        body["EngagementIdentifier"] = engagementId;
        body["Invitation"]!["Receiver"]!["Account"]!["AwsAccountId"] = receiver;
        return body;
    }

    public static JsonObject Identify(string id) => new() { ["Catalog"] = "Sandbox", ["Identifier"] = id };
}
