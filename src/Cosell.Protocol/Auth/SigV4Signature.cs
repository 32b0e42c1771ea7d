using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cosell.Model.Contracts;

namespace Cosell.Protocol.Auth;

/// <summary>
/// What a request claims about its signature, from the Authorization header or from the X-Amz-* query parameters of a
/// presigned request. Parsing only checks form; every failure here is an IncompleteSignatureException.
/// </summary>
internal sealed class SigV4Signature
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private SigV4Signature(string credential, string[] signedHeaders, string signature, string amzDate,
        DateTimeOffset timestamp, bool presigned, int? expiresSeconds)
    {
        SignedHeaders = signedHeaders;
        Signature = signature;
        AmzDate = amzDate;
        Timestamp = timestamp;
        Presigned = presigned;
        ExpiresSeconds = expiresSeconds;

        // keyid/date/region/service/terminator, every part non-empty, the date eight digits.
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0
            || parts[4].Length == 0 || parts[1].Length != 8 || parts[1].AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            throw ApiException.IncompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, " +
                $"got '{credential}'");
        }

        AccessKeyId = parts[0];
        ScopeDate = parts[1];
        Region = parts[2];
        Service = parts[3];
        ScopeTerminator = parts[4];
        Scope = credential[(parts[0].Length + 1)..];
    }

    public string AccessKeyId { get; }
    public string ScopeDate { get; }
    public string Region { get; }
    public string Service { get; }
    public string ScopeTerminator { get; }

    /// <summary>The credential scope as sent: date/region/service/terminator.</summary>
    public string Scope { get; }

    public string[] SignedHeaders { get; }
    public string Signature { get; }

    /// <summary>The request time in ISO 8601 basic form, as it goes into the string to sign.</summary>
    public string AmzDate { get; }

    public DateTimeOffset Timestamp { get; }
    public bool Presigned { get; }
    public int? ExpiresSeconds { get; }

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    public static SigV4Signature FromHeader(string authorization, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var value = authorization.AsSpan().Trim();
        if (!value.StartsWith(Algorithm, StringComparison.Ordinal)
            || (value.Length > Algorithm.Length && value[Algorithm.Length] is not (' ' or '\t')))
        {
            throw ApiException.IncompleteSignature(
                $"Authorization header requires the '{Algorithm}' algorithm (Signature Version 4).");
        }

        string? credential = null, signedHeaders = null, signature = null;
        var rest = value[Algorithm.Length..];
        foreach (var range in rest.Split(','))
        {
            var pair = rest[range].Trim();
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            if (eq < 0)
            {
                throw ApiException.IncompleteSignature(
                    "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and " +
                    $"encoded with Base64): '{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))}'.");
            }

            var key = pair[..eq].Trim();
            var part = pair[(eq + 1)..].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            // A parameter given twice (e.g. two Authorization values joined with ", " on the way) is not a signature.
            if (key is "Credential")
            {
                credential = credential is null ? part.ToString() : throw Repeated("Credential");
            }
            else if (key is "SignedHeaders")
            {
                signedHeaders = signedHeaders is null ? part.ToString() : throw Repeated("SignedHeaders");
            }
            else if (key is "Signature")
            {
                signature = signature is null ? part.ToString() : throw Repeated("Signature");
            }
        }

        var dateHeader = SigV4Canonical.FindHeader(headers, "x-amz-date");
        var isAmzDate = dateHeader is not null;
        dateHeader ??= SigV4Canonical.FindHeader(headers, "date");

        if (credential is null || signature is null || signedHeaders is null || dateHeader is null)
        {
            var message = new StringBuilder();
            Require(message, credential, "Authorization header requires 'Credential' parameter.");
            Require(message, signature, "Authorization header requires 'Signature' parameter.");
            Require(message, signedHeaders, "Authorization header requires 'SignedHeaders' parameter.");
            Require(message, dateHeader,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            throw ApiException.IncompleteSignature(message.ToString());
        }

        var timestamp = ParseDate(dateHeader, isAmzDate);
        return new SigV4Signature(credential, ParseSignedHeaders(signedHeaders), signature,
            isAmzDate ? dateHeader : Format(timestamp),
            timestamp, presigned: false, expiresSeconds: null);
    }

    public static SigV4Signature FromQuery(List<KeyValuePair<string, string>> query)
    {
        var algorithm = SigV4Canonical.FindParameter(query, "X-Amz-Algorithm");
        if (algorithm != Algorithm)
        {
            throw ApiException.IncompleteSignature($"X-Amz-Algorithm only supports \"{Algorithm}\".");
        }

        var credential = SigV4Canonical.FindParameter(query, "X-Amz-Credential");
        var signature = SigV4Canonical.FindParameter(query, SigV4Canonical.SignatureParameter);
        var signedHeaders = SigV4Canonical.FindParameter(query, "X-Amz-SignedHeaders");
        var date = SigV4Canonical.FindParameter(query, "X-Amz-Date");
        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(signedHeaders)
            || string.IsNullOrEmpty(date))
        {
            throw ApiException.IncompleteSignature(
                "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', " +
                "'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string parameters.");
        }

        int? expires = null;
        var expiresText = SigV4Canonical.FindParameter(query, "X-Amz-Expires");
        if (expiresText is not null)
        {
            if (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds is < 1 or > 604800)
            {
                throw ApiException.IncompleteSignature(
                    "X-Amz-Expires must be an integer number of seconds between 1 and 604800.");
            }

            expires = seconds;
        }

        var timestamp = ParseDate(date, isAmzDate: true);
        return new SigV4Signature(credential, ParseSignedHeaders(signedHeaders), signature, date,
            timestamp, presigned: true, expires);
    }

    private static ApiException Repeated(string parameter) =>
        ApiException.IncompleteSignature($"The Authorization header has more than one '{parameter}' parameter.");

    private static void Require(StringBuilder message, string? value, string sentence)
    {
        if (value is null)
        {
            message.Append(message.Length == 0 ? "" : " ").Append(sentence);
        }
    }

    private static string[] ParseSignedHeaders(string signedHeaders)
    {
        var names = signedHeaders.Split(';');
        var hasHost = false;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i].Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                throw ApiException.IncompleteSignature($"SignedHeaders has an empty header name: '{signedHeaders}'.");
            }

            names[i] = name;
            hasHost |= name == "host";
        }

        if (!hasHost)
        {
            throw ApiException.IncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        return names;
    }

    private static DateTimeOffset ParseDate(string value, bool isAmzDate)
    {
        var ok = isAmzDate
            ? DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            : DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
        if (!ok)
        {
            throw ApiException.IncompleteSignature(isAmzDate
                ? $"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601"
                : $"Date must be in RFC 1123 format. Got '{value}'.");
        }

        return timestamp;
    }
}
