using System.Text;

namespace Cosell.Protocol.Auth;

/// <summary>The SigV4 canonical request, built the way botocore and the JS SDK v3 build it for non-S3 services.</summary>
internal static class SigV4Canonical
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string SignatureParameter = "X-Amz-Signature";

    /// <summary>
    /// Writes the canonical request. <paramref name="query"/> holds the decoded query parameters (null when there is no
    /// query); with <paramref name="presigned"/> the X-Amz-Signature parameter is left out.
    /// </summary>
    public static void Write(ref CharBuffer buffer, SigV4Request request, List<KeyValuePair<string, string>>? query,
        bool presigned, IReadOnlyList<string> signedHeaders, ReadOnlySpan<char> payloadHash)
    {
        buffer.Append(request.Method);
        buffer.Append('\n');
        WriteCanonicalUri(ref buffer, request.Path);
        buffer.Append('\n');
        if (query is { Count: > 0 })
        {
            WriteCanonicalQuery(ref buffer, query, presigned);
        }

        buffer.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            var name = signedHeaders[i].ToLowerInvariant();
            buffer.Append(name);
            buffer.Append(':');
            WriteHeaderValues(ref buffer, request.Headers, name);
            buffer.Append('\n');
        }

        buffer.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append(';');
            }

            buffer.Append(signedHeaders[i].ToLowerInvariant());
        }

        buffer.Append('\n');
        buffer.Append(payloadHash);
    }

    /// <summary>
    /// The path as sent, with empty and dot segments removed, then each segment URI-encoded once more (so an escape
    /// already on the wire, e.g. %20, becomes %2520: what the SDKs sign for every service except S3).
    /// </summary>
    public static void WriteCanonicalUri(ref CharBuffer buffer, string path)
    {
        if (path.Length == 0 || path == "/")
        {
            buffer.Append('/');
            return;
        }

        var segments = new List<string>();
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment.ToString());
        }

        if (path[0] == '/')
        {
            buffer.Append('/');
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append('/');
            }

            UriEncode(ref buffer, segments[i]);
        }

        if (segments.Count > 0 && path[^1] == '/')
        {
            buffer.Append('/');
        }
    }

    /// <summary>Splits a raw query into decoded name/value pairs ('+' is taken literally, as SigV4 does).</summary>
    public static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in query.AsSpan().Split('&'))
        {
            var pair = query.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return pairs;
    }

    /// <summary>Every parameter re-encoded, sorted by encoded name then encoded value.</summary>
    private static void WriteCanonicalQuery(ref CharBuffer buffer, List<KeyValuePair<string, string>> query, bool presigned)
    {
        var encoded = new List<KeyValuePair<string, string>>(query.Count);
        foreach (var (name, value) in query)
        {
            if (presigned && name == SignatureParameter)
            {
                continue;
            }

            encoded.Add(new(UriEncode(name), UriEncode(value)));
        }

        encoded.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < encoded.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append('&');
            }

            buffer.Append(encoded[i].Key);
            buffer.Append('=');
            buffer.Append(encoded[i].Value);
        }
    }

    /// <summary>
    /// Every value of the header <paramref name="lowerName"/> in arrival order, each trimmed with inner whitespace runs
    /// collapsed to one space, joined with ','.
    /// </summary>
    private static void WriteHeaderValues(ref CharBuffer buffer, IReadOnlyList<KeyValuePair<string, string>> headers,
        string lowerName)
    {
        var first = true;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (!header.Key.Equals(lowerName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!first)
            {
                buffer.Append(',');
            }

            first = false;
            var value = header.Value.AsSpan().Trim(" \t");
            var inWhitespace = false;
            foreach (var c in value)
            {
                if (c is ' ' or '\t')
                {
                    inWhitespace = true;
                    continue;
                }

                if (inWhitespace)
                {
                    buffer.Append(' ');
                    inWhitespace = false;
                }

                buffer.Append(c);
            }
        }
    }

    /// <summary>The first value of a header (case-insensitive name), trimmed; null when absent.</summary>
    public static string? FindHeader(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value.Trim();
            }
        }

        return null;
    }

    /// <summary>The value of a decoded query parameter (exact, case-sensitive name); null when absent.</summary>
    public static string? FindParameter(List<KeyValuePair<string, string>>? query, string name)
    {
        if (query is null)
        {
            return null;
        }

        foreach (var (key, value) in query)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    private static string UriEncode(string text)
    {
        var buffer = new CharBuffer(stackalloc char[256]);
        try
        {
            UriEncode(ref buffer, text);
            return buffer.Written.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>SigV4 UriEncode: unreserved characters (A-Z a-z 0-9 - _ . ~) kept, every other UTF-8 byte escaped.</summary>
    private static void UriEncode(ref CharBuffer buffer, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            var c = span[0];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                buffer.Append(c);
                span = span[1..];
                continue;
            }

            Rune.DecodeFromUtf16(span, out var rune, out var consumed);
            var written = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < written; i++)
            {
                buffer.AppendEscaped(utf8[i]);
            }

            span = span[consumed..];
        }
    }
}
