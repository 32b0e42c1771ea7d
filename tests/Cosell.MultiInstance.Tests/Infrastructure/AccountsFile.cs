using System.Text.Json.Nodes;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>The accounts file that configures instances with these accounts, one access key each.</summary>
public static class AccountsFile
{
    public static Task WriteAsync(string path, IEnumerable<Account> accounts) => File.WriteAllTextAsync(path, new JsonObject
    {
        ["accounts"] = new JsonArray(accounts.Select(a => (JsonNode)new JsonObject
        {
            ["accountId"] = a.AccountId,
            ["companyName"] = a.CompanyName,
            ["websiteUrl"] = $"https://partner{a.AccountId[^2..]}.example.com",
            ["accessKeys"] = new JsonArray(new JsonObject { ["accessKeyId"] = a.AccessKeyId, ["secretAccessKey"] = a.SecretAccessKey }),
        }).ToArray()),
    }.ToJsonString());
}
