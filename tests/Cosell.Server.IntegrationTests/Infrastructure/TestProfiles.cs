using System.Text.Json.Nodes;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The users and solutions configured for <see cref="CosellServer.Profiled"/> in the test accounts file. Every other
/// account gets the defaults (one user derived from the company, S-1234567 in Sandbox, S-{accountId} in AWS).
/// </summary>
public static class TestProfiles
{
    public const int AccountIndex = 8;

    /// <summary>Sandbox solutions S-9100001 … S-9100022, all Active; with S-1234567 the Sandbox catalog holds 23.</summary>
    public const int SandboxSolutionCount = 22;

    public static readonly (string Email, string FirstName, string LastName, string? Title, string? Phone)[] Users =
    [
        ("priya.patel@india.example.com", "Priya", "Patel", "PartnerAccountManager", "+912240000000"),
        ("arjun.rao@india.example.com", "Arjun", "Rao", "Alliance Lead", null),
    ];

    /// <summary>The AWS-catalog solutions: (id, name, status, category, createdDate).</summary>
    public static readonly (string Id, string Name, string Status, string Category, string CreatedDate)[] AwsSolutions =
    [
        ("S-0052021", "Example Data Platform", "Active", "Software Product", "2024-05-01T09:30:00Z"),
        ("S-0052022", "Managed Migration", "Inactive", "Managed Service", "2024-03-01T00:00:00Z"),
        ("S-0052023", "Zeta Consulting", "Draft", "Consulting Service", "2024-07-01T12:00:00Z"),
    ];

    public static string SandboxSolutionId(int i) => $"S-91000{i:D2}";

    public static void AddTo(JsonObject entry)
    {
        entry["users"] = new JsonArray(Users.Select(u =>
        {
            var user = new JsonObject { ["email"] = u.Email, ["firstName"] = u.FirstName, ["lastName"] = u.LastName };
            if (u.Title is not null)
            {
                user["businessTitle"] = u.Title;
            }
            if (u.Phone is not null)
            {
                user["phone"] = u.Phone;
            }
            return (JsonNode)user;
        }).ToArray());
        var solutions = AwsSolutions.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id, ["name"] = s.Name, ["status"] = s.Status, ["category"] = s.Category, ["createdDate"] = s.CreatedDate,
        }).ToList();
        for (var i = 1; i <= SandboxSolutionCount; i++)
        {
            solutions.Add(new JsonObject
            {
                ["id"] = SandboxSolutionId(i),
                ["name"] = $"Sandbox Solution {i:D2}",
                ["category"] = i % 2 == 0 ? "Consulting Service" : "Software Product",
                ["catalog"] = "Sandbox",
            });
        }
        entry["solutions"] = new JsonArray([.. solutions]);
    }
}
