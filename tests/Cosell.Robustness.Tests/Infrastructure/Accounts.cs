using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>Fresh partner accounts with random keys, and the accounts file that configures a server with them.</summary>
public static class Accounts
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly string[] Names =
    [
        "Quartz Quarry Partners", "Rivet Robotics", "Sable Software", "Tundra Telecom", "Umber Utilities", "Vesper Ventures",
        "Willow Webworks", "Xenon Exchange", "Yarrow Yards", "Zephyr Zoning", "Amber Aerospace", "Basalt Biotech",
    ];

    /// <summary><paramref name="count"/> accounts with 12-digit ids starting at <paramref name="firstId"/>.</summary>
    public static IReadOnlyList<TestAccount> Create(int count, long firstId = 810_000_000_001) =>
        Enumerable.Range(0, count).Select(i => new TestAccount(
            AccountId: (firstId + i).ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
            CompanyName: Names[i % Names.Length] + (i >= Names.Length ? $" {i}" : ""),
            WebsiteUrl: $"https://partner{i}.example.com",
            AccessKeyId: "AKIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16),
            SecretAccessKey: RandomNumberGenerator.GetString(SecretAlphabet, 40))).ToList();

    /// <summary>One fresh account, written as the accounts file <c>accounts.json</c> in <paramref name="directory"/>.</summary>
    public static (TestAccount Account, string Path) WriteOne(string directory)
    {
        var account = Create(1)[0];
        var path = System.IO.Path.Combine(directory, "accounts.json");
        WriteFile(path, [account]);
        return (account, path);
    }

    /// <summary>Writes the accounts file; <paramref name="throttling"/> sets the per-account <c>"throttling"</c> override.</summary>
    public static void WriteFile(string path, IEnumerable<TestAccount> accounts, IReadOnlyDictionary<string, bool>? throttling = null,
        IReadOnlyDictionary<string, string>? webhooks = null)
    {
        var file = new JsonObject
        {
            ["accounts"] = new JsonArray(accounts.Select(a =>
            {
                var entry = new JsonObject
                {
                    ["accountId"] = a.AccountId,
                    ["companyName"] = a.CompanyName,
                    ["websiteUrl"] = a.WebsiteUrl,
                    ["accessKeys"] = new JsonArray(new JsonObject
                    {
                        ["accessKeyId"] = a.AccessKeyId,
                        ["secretAccessKey"] = a.SecretAccessKey,
                    }),
                };
                if (throttling is not null && throttling.TryGetValue(a.AccountId, out var on))
                {
                    entry["throttling"] = on;
                }
                if (webhooks is not null && webhooks.TryGetValue(a.AccountId, out var url))
                {
                    entry["webhooks"] = new JsonArray(new JsonObject { ["url"] = url });
                }
                return (JsonNode)entry;
            }).ToArray()),
        };
        File.WriteAllText(path, file.ToJsonString());
    }
}
