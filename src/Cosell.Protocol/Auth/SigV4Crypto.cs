using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Cosell.Protocol.Auth;

/// <summary>The hashing steps of SigV4, on spans (no intermediate arrays for typical request sizes).</summary>
internal static class SigV4Crypto
{
    /// <summary>Lower-case hex SHA-256 of the body into <paramref name="hex"/> (64 chars).</summary>
    public static void BodyHash(ReadOnlySpan<byte> body, Span<char> hex)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        Convert.TryToHexStringLower(hash, hex, out _);
    }

    /// <summary>SHA-256 of the UTF-8 form of <paramref name="text"/>.</summary>
    public static void Sha256Utf8(ReadOnlySpan<char> text, Span<byte> hash)
    {
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, bytes);
            SHA256.HashData(bytes[..n], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>HMAC-SHA256 of the UTF-8 form of <paramref name="text"/>.</summary>
    public static void HmacUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> mac)
    {
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, bytes);
            HMACSHA256.HashData(key, bytes[..n], mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
