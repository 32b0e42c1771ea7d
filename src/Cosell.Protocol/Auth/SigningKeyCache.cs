using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Cosell.Protocol.Auth;

/// <summary>
/// Derived SigV4 signing keys (HMAC chain over date, region, service, "aws4_request"), cached per
/// (secret, date, region, service). A key changes once a day per credential, so the cache stays tiny; when it reaches
/// its bound it is simply emptied.
/// </summary>
internal sealed class SigningKeyCache
{
    private const int MaxEntries = 512;
    private readonly ConcurrentDictionary<CacheKey, byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var key = new CacheKey(secret, date, region, service);
        if (_keys.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var derived = Derive(secret, date, region, service);
        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }

        _keys[key] = derived;
        return derived;
    }

    internal static byte[] Derive(string secret, string date, string region, string service)
    {
        var secretBytes = Encoding.UTF8.GetBytes("AWS4" + secret);
        Span<byte> key = stackalloc byte[HMACSHA256.HashSizeInBytes];
        SigV4Crypto.HmacUtf8(secretBytes, date, key);
        SigV4Crypto.HmacUtf8(key, region, key);
        SigV4Crypto.HmacUtf8(key, service, key);
        var signingKey = new byte[HMACSHA256.HashSizeInBytes];
        SigV4Crypto.HmacUtf8(key, SigV4Signature.Terminator, signingKey);
        CryptographicOperations.ZeroMemory(secretBytes);
        return signingKey;
    }

    private readonly record struct CacheKey(string Secret, string Date, string Region, string Service);
}
