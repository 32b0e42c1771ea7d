using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// Reads an account's outbox through <c>GET /_cosell/events?account=ID[&amp;after=CURSOR]</c>, SigV4-signed (with a
/// canonical query string, which the shared signer does not build) as that account.
/// </summary>
public static class EventFeed
{
    /// <summary>Every event of the account's feed, oldest first; null when this build has no feed.</summary>
    public static async Task<List<JsonObject>?> ReadAllAsync(ApiClient client, TestAccount account, DateTimeOffset now)
    {
        var events = new List<JsonObject>();
        string? after = null;
        for (var page = 0; page < 10_000; page++)
        {
            var query = $"account={account.AccountId}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
            using var request = Signed(client.BaseAddress, "/_cosell/events", query, account, now);
            using var response = await client.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode == 404)
            {
                return null;
            }
            Assert.True(response.IsSuccessStatusCode, $"event feed of {account.AccountId}: {(int)response.StatusCode} {text}");
            var json = JsonNode.Parse(text)!;
            events.AddRange(json["Events"]!.AsArray().Select(e => e!.AsObject()));
            after = (string?)json["NextToken"];
            if (after is null)
            {
                return events;
            }
        }
        throw new InvalidOperationException("the event feed did not end");
    }

    private static HttpRequestMessage Signed(Uri server, string path, string query, TestAccount account, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonicalQuery = string.Join('&', query.Split('&').Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p[1]))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var emptyHash = Convert.ToHexStringLower(SHA256.HashData([]));
        var canonical = $"GET\n{path}\n{canonicalQuery}\nhost:{server.Authority}\nx-amz-date:{amzDate}\n\nhost;x-amz-date\n{emptyHash}";
        var scope = $"{date}/{TestSigner.Region}/{TestSigner.Service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + account.SecretAccessKey);
        foreach (var part in new[] { date, TestSigner.Region, TestSigner.Service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path + "?" + query));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account.AccessKeyId}/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}");
        return request;
    }
}
