using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// An AWS Signature Version 4 signer written for these tests from the AWS SigV4 documentation ("Create a signed AWS API
/// request": canonical request → string to sign → derived signing key → signature), independent of the server's verifier.
/// It signs the way boto3 does for awsJson1_0: <c>content-type;host;x-amz-date;x-amz-target</c>, payload hash of the body,
/// no <c>x-amz-content-sha256</c> header.
/// </summary>
public static class TestSigner
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "partnercentral-selling";
    public const string Region = "us-east-1";

    /// <summary>What a signature produced: the header values to send plus the intermediate strings (for diagnostics).</summary>
    public sealed record Signature(string AmzDate, string Authorization, string CanonicalRequest, string StringToSign, string Hex);

    /// <summary>
    /// Signs a request. <paramref name="headers"/> are the headers to sign (name → value as sent); x-amz-date is added
    /// from <paramref name="time"/> and must not be in the list. <paramref name="query"/> holds the query parameters
    /// (decoded; a GET such as the event feed has them and an empty body).
    /// </summary>
    public static Signature Sign(
        string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKeyId, string secretAccessKey, DateTimeOffset time,
        string region = Region, string service = Service, IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var utc = time.UtcDateTime;
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];

        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            all[name.ToLowerInvariant()] = CanonicalValue(value);
        }
        all["x-amz-date"] = amzDate;

        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in all)
        {
            canonicalHeaders.Append(name).Append(':').Append(value).Append('\n');
        }
        var signedHeaders = string.Join(';', all.Keys);

        // Canonical request: method, URI, query, headers, signed header list, hex SHA-256 of the payload.
        var canonicalRequest = string.Join('\n',
            method, path, CanonicalQuery(query), canonicalHeaders.ToString(), signedHeaders, Hex(SHA256.HashData(body)));

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n',
            Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));

        var authorization = $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new Signature(amzDate, authorization, canonicalRequest, stringToSign, signature);
    }

    /// <summary>
    /// The canonical query string: each name and value URI-encoded (RFC 3986 unreserved characters kept, everything else
    /// %XX in upper case, '/' too), sorted by name then value, joined with '&amp;'. Empty without parameters.
    /// </summary>
    public static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>>? query) =>
        query is null ? "" : string.Join('&', query
            .Select(p => (Name: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    public static string UriEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>Trim and collapse runs of spaces, as the canonical header value requires.</summary>
    private static string CanonicalValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    sb.Append(c);
                }
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }
        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
