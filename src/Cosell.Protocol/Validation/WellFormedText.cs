using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Cosell.Model.Contracts;

namespace Cosell.Protocol.Validation;

/// <summary>
/// Every member name and string value of a request, members the model does not know included, must be well-formed
/// Unicode: valid UTF-8, and no unpaired surrogate escape such as <c>"\ud800"</c>. JsonDocument accepts both, and
/// whatever later decodes the text (binding, the idempotency hash, logs) would fail on them; refuse them up front as a
/// SerializationException instead.
/// </summary>
public static class WellFormedText
{
    /// <summary>
    /// Refuses the document parsed from <paramref name="body"/> when its text is not well-formed. A body that is valid
    /// UTF-8 as a whole and holds no backslash has every member name and string valid UTF-8 (each is a slice between ASCII
    /// quotes) and no escape at all, so it is well-formed without walking the tree: one vectorised pass instead of a walk
    /// over every element. Anything else gets the walk, whose verdict decides.
    /// </summary>
    public static void CheckOrThrow(ReadOnlySpan<byte> body, JsonElement root)
    {
        if (!body.IsEmpty && !body.Contains((byte)'\\') && Utf8.IsValid(body))
        {
            return;
        }
        if (!IsWellFormed(root))
        {
            throw NotWellFormed();
        }
    }

    public static ApiException NotWellFormed() =>
        ApiException.Serialization("The request body holds text that is not well-formed Unicode (invalid UTF-8 or an unpaired surrogate escape).");

    public static bool IsWellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsWellFormed(JsonMarshal.GetRawUtf8PropertyName(property), () => property.Name) || !IsWellFormed(property.Value))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsWellFormed(item))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                return IsWellFormed(raw[1..^1], () => element.GetString());
            default:
                return true;
        }
    }

    /// <summary>Unescaped text only needs a UTF-8 check; escaped text is decoded once to find unpaired surrogates.</summary>
    private static bool IsWellFormed(ReadOnlySpan<byte> raw, Func<string?> decode)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(raw);
        }
        try
        {
            _ = decode();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
