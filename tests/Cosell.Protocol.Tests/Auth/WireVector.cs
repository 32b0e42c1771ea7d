using System.Globalization;
using System.Text;
using System.Text.Json;
using Cosell.Protocol.Auth;

namespace Cosell.Protocol.Tests.Auth;

/// <summary>One captured SDK request from tests/fixtures/wire (see /work/shared/wire/README.md for the fields).</summary>
internal sealed class WireVector
{
    private static readonly string Root = System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "wire");

    private WireVector(string id, JsonElement root)
    {
        Id = id;
        var signing = root.GetProperty("signing");
        var request = root.GetProperty("request");
        var check = root.GetProperty("sigv4Check");
        AccessKeyId = signing.GetProperty("accessKeyId").GetString()!;
        SecretAccessKey = signing.GetProperty("secretAccessKey").GetString()!;
        AmzDateText = signing.GetProperty("amzDate").GetString()!;
        AmzDate = DateTimeOffset.ParseExact(AmzDateText, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Signature = signing.GetProperty("signature").GetString()!;
        SignedHeaders = [.. signing.GetProperty("signedHeaders").EnumerateArray().Select(e => e.GetString()!)];
        Method = request.GetProperty("method").GetString()!;
        var target = request.GetProperty("path").GetString()!;
        var q = target.IndexOf('?', StringComparison.Ordinal);
        Path = q < 0 ? target : target[..q];
        QueryString = q < 0 ? "" : target[(q + 1)..];
        Headers = [.. request.GetProperty("headers").EnumerateArray()
            .Select(h => new KeyValuePair<string, string>(h[0].GetString()!, h[1].GetString()!))];
        Body = Encoding.UTF8.GetBytes(request.GetProperty("body").GetString()!);
        BodySha256 = request.GetProperty("bodySha256").GetString()!;
        CanonicalRequest = check.GetProperty("canonicalRequest").GetString()!;
        StringToSign = check.GetProperty("stringToSign").GetString()!;
    }

    public string Id { get; }
    public string AccessKeyId { get; }
    public string SecretAccessKey { get; }
    public string AmzDateText { get; }
    public DateTimeOffset AmzDate { get; }
    public string Signature { get; }
    public IReadOnlyList<string> SignedHeaders { get; }
    public string Method { get; }
    public string Path { get; }
    public string QueryString { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public byte[] Body { get; }
    public string BodySha256 { get; }
    public string CanonicalRequest { get; }
    public string StringToSign { get; }

    /// <summary>Ids ("boto3/CreateEngagement", "js/...") of every vector file of both SDKs.</summary>
    public static IEnumerable<string> Ids() =>
        new[] { "boto3", "js" }
            .SelectMany(sdk => Directory.EnumerateFiles(System.IO.Path.Combine(Root, sdk), "*.json")
                .Select(f => $"{sdk}/{System.IO.Path.GetFileNameWithoutExtension(f)}"))
            .Order(StringComparer.Ordinal);

    public static WireVector Load(string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(Root, id + ".json")));
        return new WireVector(id, doc.RootElement.Clone());
    }

    public string Header(string name) =>
        Headers.Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public SigV4Request ToRequest(IReadOnlyList<KeyValuePair<string, string>>? headers = null, byte[]? body = null) =>
        new(Method, Path, QueryString, headers ?? Headers, body ?? Body);

    /// <summary>The headers with the value of <paramref name="name"/> replaced (null removes it).</summary>
    public List<KeyValuePair<string, string>> HeadersWith(string name, string? value) =>
        [.. Headers
            .Where(h => value is not null || !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase) ? new(h.Key, value!) : h)];
}
