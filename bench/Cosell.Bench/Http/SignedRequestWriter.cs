using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Cosell.Bench.Fixtures;

namespace Cosell.Bench.Http;

/// <summary>
/// Writes one complete HTTP/1.1 request, signed with AWS Signature Version 4 the way boto3 signs awsJson1_0 calls
/// (<c>content-type;host;x-amz-date;x-amz-target</c>, payload hash of the body), straight into a byte buffer.
/// Every request is signed afresh: the body (and so its hash) differs per request, as each carries its own ClientToken.
/// Written from the AWS SigV4 documentation like the integration tests' signer, but allocation-free on the hot path;
/// only the derived signing key is cached, per account and day, as every SDK does.
/// </summary>
internal sealed class SignedRequestWriter
{
    public const string Region = "us-east-1";
    public const string Service = "partnercentral-selling";
    public const string ContentType = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AWSPartnerCentralSelling.";

    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    private readonly byte[] _host;
    private readonly Dictionary<string, byte[]> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string KeyId, string Date), byte[]> _signingKeys = [];
    private long _cachedSecond = -1;
    private readonly byte[] _amzDate = new byte[16]; // yyyyMMddTHHmmssZ
    private string _scopeDate = "";

    public SignedRequestWriter(string host) => _host = Encoding.ASCII.GetBytes(host);

    /// <summary>The bytes of <c>AWSPartnerCentralSelling.&lt;operation&gt;</c>, cached.</summary>
    public byte[] Target(string operation)
    {
        if (!_targets.TryGetValue(operation, out var target))
        {
            target = Encoding.ASCII.GetBytes(TargetPrefix + operation);
            _targets[operation] = target;
        }
        return target;
    }

    /// <summary>
    /// Writes the signed request for <paramref name="body"/> into <paramref name="destination"/> and returns its length.
    /// </summary>
    public int Write(Span<byte> destination, byte[] target, BenchAccount account, ReadOnlySpan<byte> body)
    {
        RefreshDate();

        // Canonical request → SHA-256 → string to sign → HMAC with the day's signing key.
        Span<byte> bodyHash = stackalloc byte[32];
        SHA256.HashData(body, bodyHash);
        Span<byte> canonical = stackalloc byte[512];
        var w = new SpanWriter(canonical);
        w.Write("POST\n/\n\ncontent-type:"u8);
        w.Write(ContentTypeBytes);
        w.Write("\nhost:"u8);
        w.Write(_host);
        w.Write("\nx-amz-date:"u8);
        w.Write(_amzDate);
        w.Write("\nx-amz-target:"u8);
        w.Write(target);
        w.Write("\n\ncontent-type;host;x-amz-date;x-amz-target\n"u8);
        w.WriteHex(bodyHash);
        Span<byte> canonicalHash = stackalloc byte[32];
        SHA256.HashData(w.Written, canonicalHash);

        Span<byte> toSign = stackalloc byte[256];
        var s = new SpanWriter(toSign);
        s.Write("AWS4-HMAC-SHA256\n"u8);
        s.Write(_amzDate);
        s.Write((byte)'\n');
        s.Write(_amzDate.AsSpan(0, 8));
        s.Write("/us-east-1/partnercentral-selling/aws4_request\n"u8);
        s.WriteHex(canonicalHash);
        Span<byte> signature = stackalloc byte[32];
        HMACSHA256.HashData(SigningKey(account), s.Written, signature);

        var r = new SpanWriter(destination);
        r.Write("POST / HTTP/1.1\r\nHost: "u8);
        r.Write(_host);
        r.Write("\r\nContent-Type: "u8);
        r.Write(ContentTypeBytes);
        r.Write("\r\nX-Amz-Target: "u8);
        r.Write(target);
        r.Write("\r\nX-Amz-Date: "u8);
        r.Write(_amzDate);
        r.Write("\r\nAuthorization: AWS4-HMAC-SHA256 Credential="u8);
        r.Write(account.AccessKeyIdBytes);
        r.Write((byte)'/');
        r.Write(_amzDate.AsSpan(0, 8));
        r.Write("/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="u8);
        r.WriteHex(signature);
        r.Write("\r\nContent-Length: "u8);
        r.WriteInt(body.Length);
        r.Write("\r\n\r\n"u8);
        r.Write(body);
        return r.Length;
    }

    private static ReadOnlySpan<byte> ContentTypeBytes => "application/x-amz-json-1.0"u8;

    private void RefreshDate()
    {
        var now = DateTime.UtcNow;
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        if (second == _cachedSecond)
        {
            return;
        }
        _cachedSecond = second;
        Encoding.ASCII.GetBytes(now.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), _amzDate);
        _scopeDate = Encoding.ASCII.GetString(_amzDate, 0, 8);
    }

    private byte[] SigningKey(BenchAccount account)
    {
        var cacheKey = (account.AccessKeyId, _scopeDate);
        if (_signingKeys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }
        key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + account.SecretAccessKey), Encoding.ASCII.GetBytes(_scopeDate));
        key = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(Region));
        key = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(Service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _signingKeys[cacheKey] = key;
        return key;
    }

    /// <summary>Appends to a span; the caller sizes it (a request that does not fit is a bench bug and throws).</summary>
    internal ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _length;

        public readonly int Length => _length;
        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[_length..]);
            _length += bytes.Length;
        }

        public void Write(byte b) => _buffer[_length++] = b;

        public void WriteHex(scoped ReadOnlySpan<byte> bytes)
        {
            var target = _buffer.Slice(_length, bytes.Length * 2);
            for (var i = 0; i < bytes.Length; i++)
            {
                target[2 * i] = Hex[bytes[i] >> 4];
                target[(2 * i) + 1] = Hex[bytes[i] & 0xF];
            }
            _length += bytes.Length * 2;
        }

        public void WriteInt(long value)
        {
            if (!Utf8Formatter.TryFormat(value, _buffer[_length..], out var written))
            {
                throw new InvalidOperationException("The request buffer is too small.");
            }
            _length += written;
        }
    }
}
