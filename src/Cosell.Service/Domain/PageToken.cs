using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>
/// Stateless NextToken: the keyset position plus a digest of the operation, caller, catalog and filters and of the
/// position itself, so a token is valid on any instance and across restarts, and one replayed with other filters or
/// edited (a position no page ended at: a member list read from an index past its end looped for ever) is refused.
/// </summary>
public static class PageToken
{
    public static string Encode(SortPosition position, string scope)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new TokenBody(Digest(scope, position.Ticks, position.Id), position.Ticks, position.Id), ServiceJsonContext.Default.TokenBody);
        return "CSL" + Base64Url.EncodeToString(payload);
    }

    public static SortPosition? Decode(string? token, string scope)
    {
        if (token is null)
        {
            return null;
        }
        TokenBody? body = null;
        try
        {
            if (token.StartsWith("CSL", StringComparison.Ordinal))
            {
                body = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(token.AsSpan(3)), ServiceJsonContext.Default.TokenBody);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            body = null;
        }
        if (body is null || body.I is null || body.S != Digest(scope, body.T, body.I))
        {
            throw Invalid();
        }
        return new SortPosition(body.T, body.I);
    }

    /// <summary>A token that is not one this listing handed out with these filters.</summary>
    public static ApiException Invalid() =>
        ApiException.RequestInvalid("nextToken", "Member must be a token returned by the same listing with the same filters", "INVALID_VALUE");

    /// <summary>Builds the scope string from the parts that must not change between pages.</summary>
    public static string Scope(params object?[] parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            switch (p)
            {
                case null: sb.Append('\u0000'); break;
                case System.Collections.IEnumerable list when p is not string:
                    sb.Append('[');
                    foreach (var item in list)
                    {
                        sb.Append(item).Append('\u0001');
                    }
                    sb.Append(']');
                    break;
                default: sb.Append(p); break;
            }
            sb.Append('\u0002');
        }
        return sb.ToString();
    }

    private static string Digest(string scope, long ticks, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{scope}\u0003{ticks}\u0003{id}"))).AsSpan(0, 8));

    internal sealed record TokenBody(string S, long T, string? I);
}
