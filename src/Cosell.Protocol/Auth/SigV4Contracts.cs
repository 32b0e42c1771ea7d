namespace Cosell.Protocol.Auth;

/// <summary>Looks up the secret and the owning account of an access key id.</summary>
public interface ICredentialStore
{
    bool TryGetSecret(string accessKeyId, out string secretAccessKey, out string accountId);
}

/// <summary>
/// The parts of an HTTP request that SigV4 covers.
/// <paramref name="Path"/> is the path exactly as sent on the wire (still percent-encoded, i.e. the raw request target
/// without its query; in ASP.NET Core that is <c>IHttpRequestFeature.RawTarget</c>, not the decoded <c>Request.Path</c>).
/// <paramref name="QueryString"/> is the raw query without the leading '?', possibly empty.
/// <paramref name="Headers"/> are the headers as received: original case and order, duplicates kept.
/// </summary>
public sealed record SigV4Request(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);

/// <summary>What the verifier accepts.</summary>
public sealed class SigV4Options
{
    /// <summary>The signing name every credential scope must carry.</summary>
    public string Service { get; set; } = "partnercentral-selling";

    /// <summary>How far the request time may be from the server clock, in either direction.</summary>
    public TimeSpan MaxSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The only region accepted in the credential scope; <c>null</c> accepts any region.</summary>
    public string? RequiredRegion { get; set; } = null;
}
