using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Soak;

internal sealed record Account(string AccountId, string AccessKeyId, string SecretAccessKey);

/// <summary>Writes and reads the accounts file <c>cosell serve --accounts</c> takes.</summary>
internal static class Accounts
{
    public static void Write(string path, int count)
    {
        var accounts = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            accounts.Add(new JsonObject
            {
                ["accountId"] = (900_000_000_001L + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["companyName"] = $"Soak Partner {i + 1}",
                ["websiteUrl"] = $"https://soak{i + 1}.example.com",
                ["accessKeys"] = new JsonArray(new JsonObject
                {
                    ["accessKeyId"] = "AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                    ["secretAccessKey"] = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
                }),
            });
        }
        File.WriteAllText(path, new JsonObject { ["accounts"] = accounts }.ToJsonString());
    }

    public static List<Account> Read(string path)
    {
        var file = JsonNode.Parse(File.ReadAllText(path))!;
        return file["accounts"]!.AsArray().Select(a => new Account(
            (string)a!["accountId"]!, (string)a["accessKeys"]![0]!["accessKeyId"]!, (string)a["accessKeys"]![0]!["secretAccessKey"]!)).ToList();
    }

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
