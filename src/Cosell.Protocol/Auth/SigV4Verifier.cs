using System.Globalization;
using System.Security.Cryptography;
using Cosell.Model.Contracts;

namespace Cosell.Protocol.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 (header auth, and presigned query auth) against the configured credentials.
/// Errors are the ones AWS front ends answer with; no message carries a secret or the signature computed here.
/// </summary>
public sealed class SigV4Verifier
{
    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access " +
        "Key and signing method. Consult the service documentation for details.";

    private readonly ICredentialStore _credentials;
    private readonly TimeProvider _clock;
    private readonly SigV4Options _options;
    private readonly SigningKeyCache _keys = new();

    public SigV4Verifier(ICredentialStore credentials, TimeProvider clock, SigV4Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(clock);
        _credentials = credentials;
        _clock = clock;
        _options = options ?? new SigV4Options();
    }

    /// <summary>Checks the signature of <paramref name="request"/> and returns who signed it, or throws ApiException.</summary>
    public Caller Verify(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = FindAuthorization(request.Headers);
        var query = request.QueryString.Length == 0 ? null : SigV4Canonical.ParseQuery(request.QueryString);
        var queryAuth = SigV4Canonical.FindParameter(query, "X-Amz-Algorithm") is not null;
        if (authorization is null && !queryAuth)
        {
            throw ApiException.MissingAuthenticationToken("Missing Authentication Token");
        }

        if (authorization is not null && queryAuth)
        {
            throw ApiException.IncompleteSignature(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization " +
                "header should be specified.");
        }

        var signature = queryAuth
            ? SigV4Signature.FromQuery(query!)
            : SigV4Signature.FromHeader(authorization!, request.Headers);
        CheckScope(signature);
        CheckClock(signature);

        if (!_credentials.TryGetSecret(signature.AccessKeyId, out var secret, out var accountId))
        {
            throw ApiException.UnrecognizedClient("The security token included in the request is invalid.");
        }

        // Every key here is a long-term one, and AWS refuses a session token sent with a long-term key, so a stale
        // AWS_SESSION_TOKEN left in a shell fails here as it would there, instead of passing only against Cosell.
        if (!string.IsNullOrEmpty(SigV4Canonical.FindHeader(request.Headers, "x-amz-security-token"))
            || !string.IsNullOrEmpty(SigV4Canonical.FindParameter(query, "X-Amz-Security-Token")))
        {
            throw ApiException.UnrecognizedClient("The security token included in the request is invalid.");
        }

        Span<char> bodyHash = stackalloc char[64];
        SigV4Crypto.BodyHash(request.Body.Span, bodyHash);
        var declaredHash = SigV4Canonical.FindHeader(request.Headers, SigV4Canonical.ContentSha256Header);
        if (declaredHash is not null && declaredHash != SigV4Canonical.UnsignedPayload
            && !bodyHash.Equals(declaredHash, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.InvalidSignature(
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        // Canonical request → its hash → string to sign → HMAC with the (cached) signing key.
        var canonical = new CharBuffer(stackalloc char[1024]);
        var stringToSign = new CharBuffer(stackalloc char[256]);
        try
        {
            SigV4Canonical.Write(ref canonical, request, query, signature.Presigned, signature.SignedHeaders,
                declaredHash is null ? bodyHash : declaredHash);
            Span<byte> canonicalHash = stackalloc byte[SHA256.HashSizeInBytes];
            SigV4Crypto.Sha256Utf8(canonical.Written, canonicalHash);

            Span<char> canonicalHashHex = stackalloc char[64];
            Convert.TryToHexStringLower(canonicalHash, canonicalHashHex, out _);
            stringToSign.Append(SigV4Signature.Algorithm);
            stringToSign.Append('\n');
            stringToSign.Append(signature.AmzDate);
            stringToSign.Append('\n');
            stringToSign.Append(signature.Scope);
            stringToSign.Append('\n');
            stringToSign.Append(canonicalHashHex);

            var signingKey = _keys.Get(secret, signature.ScopeDate, signature.Region, signature.Service);
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            SigV4Crypto.HmacUtf8(signingKey, stringToSign.Written, expected);

            Span<byte> provided = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var wellFormed = signature.Signature.Length == 64
                && Convert.FromHexString(signature.Signature, provided, out _, out var written)
                    == System.Buffers.OperationStatus.Done
                && written == provided.Length;
            if (!(wellFormed & CryptographicOperations.FixedTimeEquals(expected, provided)))
            {
                // As AWS does: show what was signed (both are derived from the request alone, never from the secret).
                throw ApiException.InvalidSignature(
                    $"{SignatureMismatch}\n\nThe Canonical String for this request should have been\n" +
                    $"'{canonical.Written}'\n\nThe String-to-Sign should have been\n'{stringToSign.Written}'\n");
            }
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }

        return new Caller(accountId, signature.AccessKeyId);
    }

    /// <summary>
    /// The canonical request SigV4 signs for <paramref name="request"/> with the given signed header names. The payload
    /// line is the x-amz-content-sha256 header when present, else the hex SHA-256 of the body.
    /// </summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var query = request.QueryString.Length == 0 ? null : SigV4Canonical.ParseQuery(request.QueryString);
        var presigned = FindAuthorization(request.Headers) is null
            && SigV4Canonical.FindParameter(query, "X-Amz-Algorithm") is not null;
        Span<char> bodyHash = stackalloc char[64];
        SigV4Crypto.BodyHash(request.Body.Span, bodyHash);
        var declaredHash = SigV4Canonical.FindHeader(request.Headers, SigV4Canonical.ContentSha256Header);

        var canonical = new CharBuffer(stackalloc char[1024]);
        try
        {
            SigV4Canonical.Write(ref canonical, request, query, presigned, signedHeaders,
                declaredHash is null ? bodyHash : declaredHash);
            return canonical.Written.ToString();
        }
        finally
        {
            canonical.Dispose();
        }
    }

    private void CheckScope(SigV4Signature signature)
    {
        if (signature.Service != _options.Service)
        {
            throw ApiException.InvalidSignature(
                $"Credential should be scoped to correct service: '{_options.Service}'. ");
        }

        if (signature.ScopeTerminator != SigV4Signature.Terminator)
        {
            throw ApiException.InvalidSignature(
                $"Credential should be scoped with a valid terminator: '{SigV4Signature.Terminator}', " +
                $"not '{signature.ScopeTerminator}'. ");
        }

        if (_options.RequiredRegion is { } region && signature.Region != region)
        {
            // AWS's JSON services end this one with a space too, as the service and terminator messages above.
            throw ApiException.InvalidSignature("Credential should be scoped to a valid region. ");
        }

        if (!signature.AmzDate.AsSpan(0, 8).SequenceEqual(signature.ScopeDate))
        {
            throw ApiException.InvalidSignature(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
                $"'{signature.ScopeDate}' != '{signature.AmzDate[..8]}', from '{signature.AmzDate}'.");
        }
    }

    private void CheckClock(SigV4Signature signature)
    {
        var now = _clock.GetUtcNow();
        var skew = _options.MaxSkew;
        if (signature.Timestamp > now + skew)
        {
            throw ApiException.InvalidSignature(
                $"Signature not yet current: {signature.AmzDate} is still later than " +
                $"{SigV4Signature.Format(now + skew)} ({SigV4Signature.Format(now)} + {Minutes(skew)} min.)");
        }

        if (signature.ExpiresSeconds is { } expires)
        {
            // Presigned: valid for X-Amz-Expires seconds from X-Amz-Date.
            if (signature.Timestamp.AddSeconds(expires) < now)
            {
                throw ApiException.InvalidSignature(
                    $"Signature expired: {signature.AmzDate} is now earlier than " +
                    $"{SigV4Signature.Format(now.AddSeconds(-expires))} ({SigV4Signature.Format(now)} - {expires} sec.)");
            }
        }
        else if (signature.Timestamp < now - skew)
        {
            throw ApiException.InvalidSignature(
                $"Signature expired: {signature.AmzDate} is now earlier than " +
                $"{SigV4Signature.Format(now - skew)} ({SigV4Signature.Format(now)} - {Minutes(skew)} min.)");
        }
    }

    private static string Minutes(TimeSpan skew) => skew.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The Authorization header, null when absent or blank; two of them are an incomplete signature.</summary>
    private static string? FindAuthorization(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        string? found = null;
        for (var i = 0; i < headers.Count; i++)
        {
            if (!headers[i].Key.Equals("authorization", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrWhiteSpace(headers[i].Value))
            {
                continue;
            }

            if (found is not null)
            {
                throw ApiException.IncompleteSignature("Only one Authorization header is allowed.");
            }

            found = headers[i].Value;
        }

        return found;
    }
}
