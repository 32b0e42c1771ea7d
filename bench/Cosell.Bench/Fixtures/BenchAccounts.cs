using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cosell.Bench.Fixtures;

/// <summary>A partner account the bench signs as.</summary>
internal sealed class BenchAccount(int index, string accountId, string accessKeyId, string secretAccessKey)
{
    public int Index { get; } = index;
    public string AccountId { get; } = accountId;
    public string AccessKeyId { get; } = accessKeyId;
    public string SecretAccessKey { get; } = secretAccessKey;
    public byte[] AccountIdBytes { get; } = Encoding.ASCII.GetBytes(accountId);
    public byte[] AccessKeyIdBytes { get; } = Encoding.ASCII.GetBytes(accessKeyId);
    public string CompanyName => $"Bench Partner {Index:D4}";
}

/// <summary>Deterministic accounts (the same ids and keys every run) and the accounts file Cosell reads.</summary>
internal static class BenchAccounts
{
    public static IReadOnlyList<BenchAccount> Create(int count)
    {
        var accounts = new List<BenchAccount>(count);
        for (var i = 0; i < count; i++)
        {
            var secret = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"cosell-bench-secret-{i}")))[..40];
            accounts.Add(new BenchAccount(i, (810000000000L + i).ToString(CultureInfo.InvariantCulture),
                "AKIABENCH" + i.ToString("D11", CultureInfo.InvariantCulture), secret));
        }
        return accounts;
    }

    public static void WriteFile(string path, IReadOnlyList<BenchAccount> accounts)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("accounts");
        foreach (var a in accounts)
        {
            w.WriteStartObject();
            w.WriteString("accountId", a.AccountId);
            w.WriteString("companyName", a.CompanyName);
            w.WriteString("websiteUrl", $"https://partner{a.Index}.example.com");
            w.WriteStartArray("accessKeys");
            w.WriteStartObject();
            w.WriteString("accessKeyId", a.AccessKeyId);
            w.WriteString("secretAccessKey", a.SecretAccessKey);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
