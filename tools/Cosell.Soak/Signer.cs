using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cosell.Soak;

/// <summary>SigV4 for awsJson1_0 POST / requests, signed as boto3 signs them (content-type;host;x-amz-date;x-amz-target).</summary>
internal static class Signer
{
    public static HttpRequestMessage Request(Uri server, string operation, byte[] body, Account account, DateTimeOffset now)
    {
        const string contentType = "application/x-amz-json-1.0";
        var target = "AWSPartnerCentralSelling." + operation;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonicalHeaders = $"content-type:{contentType}\nhost:{server.Authority}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n";
        const string signedHeaders = "content-type;host;x-amz-date;x-amz-target";
        var canonical = $"POST\n/\n\n{canonicalHeaders}\n{signedHeaders}\n{Hex(SHA256.HashData(body))}";
        var scope = $"{date}/us-east-1/partnercentral-selling/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + account.SecretAccessKey);
        foreach (var part in new[] { date, "us-east-1", "partnercentral-selling", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={account.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
