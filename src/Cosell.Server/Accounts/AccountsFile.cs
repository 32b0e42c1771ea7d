using System.Text.Json;
using System.Text.Json.Serialization;
using Cosell.Service.Domain;

namespace Cosell.Server.Accounts;

/// <summary>The accounts file: <c>{"accounts":[{"accountId","companyName","websiteUrl","accessKeys":[{"accessKeyId","secretAccessKey"}]}]}</c>.</summary>
public sealed record AccountsFile
{
    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountEntry> Accounts { get; init; }

    public static IReadOnlyList<AccountRecord> Load(string path)
    {
        AccountsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), ServerJsonContext.Default.AccountsFile);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The accounts file {path} is not valid: {e.Message}", e);
        }
        var accounts = file?.Accounts.Select(a => a.ToRecord()).ToList() ?? [];
        Check(accounts, path);
        return accounts;
    }

    private static void Check(List<AccountRecord> accounts, string path)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in accounts)
        {
            if (a.AccountId.Length != 12 || !a.AccountId.All(char.IsAsciiDigit))
            {
                throw new InvalidOperationException($"{path}: accountId '{a.AccountId}' must be 12 digits.");
            }
            foreach (var k in a.AccessKeys)
            {
                if (!keys.Add(k.AccessKeyId))
                {
                    throw new InvalidOperationException($"{path}: access key {k.AccessKeyId} is listed twice.");
                }
            }
        }
    }
}

public sealed record AccountEntry
{
    [JsonPropertyName("accountId")] public required string AccountId { get; init; }
    [JsonPropertyName("companyName")] public required string CompanyName { get; init; }
    [JsonPropertyName("websiteUrl")] public string? WebsiteUrl { get; init; }
    [JsonPropertyName("accessKeys")] public IReadOnlyList<AccessKeyEntry>? AccessKeys { get; init; }

    public AccountRecord ToRecord() => new()
    {
        AccountId = AccountId,
        CompanyName = CompanyName,
        WebsiteUrl = WebsiteUrl,
        AccessKeys = (AccessKeys ?? []).Select(k => new AccessKeyRecord(k.AccessKeyId, k.SecretAccessKey)).ToList(),
    };
}

public sealed record AccessKeyEntry
{
    [JsonPropertyName("accessKeyId")] public required string AccessKeyId { get; init; }
    [JsonPropertyName("secretAccessKey")] public required string SecretAccessKey { get; init; }
}
