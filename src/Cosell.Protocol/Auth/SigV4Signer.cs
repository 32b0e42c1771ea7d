using System.Security.Cryptography;
using System.Text;

namespace Cosell.Protocol.Auth;

/// <summary>
/// Signs an outgoing request with SigV4 (the event forwarder's <c>PutEvents</c> calls). The canonical request is the one
/// <see cref="SigV4Verifier"/> checks incoming requests against, so what Cosell sends is what Cosell would accept.
/// </summary>
public static class SigV4Signer
{
    /// <summary>The <c>x-amz-date</c> value of <paramref name="time"/> (<c>yyyyMMddTHHmmssZ</c>, UTC).</summary>
    public static string AmzDate(DateTimeOffset time) => SigV4Signature.Format(time);

    /// <summary>
    /// The <c>Authorization</c> header value for <paramref name="request"/>, which must carry <c>x-amz-date</c>
    /// (<c>yyyyMMddTHHmmssZ</c>) and every header named in <paramref name="signedHeaders"/> (lower case, sorted).
    /// </summary>
    public static string Authorization(SigV4Request request, IReadOnlyList<string> signedHeaders,
        string region, string service, string accessKeyId, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        var amzDate = SigV4Canonical.FindHeader(request.Headers, "x-amz-date")
            ?? throw new ArgumentException("The request to sign has no x-amz-date header.", nameof(request));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/{SigV4Signature.Terminator}";
        var canonicalHash = Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes(SigV4Verifier.CanonicalRequest(request, signedHeaders))));
        var stringToSign = $"{SigV4Signature.Algorithm}\n{amzDate}\n{scope}\n{canonicalHash}";
        var key = SigningKeyCache.Derive(secretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{SigV4Signature.Algorithm} Credential={accessKeyId}/{scope}, " +
            $"SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
    }
}
