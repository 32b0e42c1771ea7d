using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Cosell.Model.Json;

/// <summary>
/// Escapes only what JSON itself requires: the quote, the backslash and the control characters below U+0020. Everything
/// else, emoji and U+2028/U+2029 included, goes out as its UTF-8 bytes, as AWS's JSON services write it. The framework's
/// relaxed encoder is the nearest built-in one, but it still writes an emoji as "\uD83D\uDE00"; no option turns that off.
/// </summary>
public sealed class JsonOnlyEncoder : JavaScriptEncoder
{
    public static readonly JsonOnlyEncoder Instance = new();

    private static readonly SearchValues<byte> EscapedBytes = SearchValues.Create(Escaped().Select(c => (byte)c).ToArray());
    private static readonly SearchValues<char> EscapedChars = SearchValues.Create(Escaped().ToArray());

    private JsonOnlyEncoder()
    {
    }

    private static IEnumerable<char> Escaped() => Enumerable.Range(0, 0x20).Select(c => (char)c).Append('"').Append('\\');

    // "\u001F": the longest escape this encoder writes.
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => utf8Text.IndexOfAny(EscapedBytes);

    // A surrogate is reported too: the framework then reads the pair as one scalar and asks WillEncode, which writes a
    // valid pair as itself and replaces a lone half (not valid UTF-16, and not writable as UTF-8) instead of failing.
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var escaped = span.IndexOfAny(EscapedChars);
        var surrogate = span[..(escaped < 0 ? span.Length : escaped)].IndexOfAnyInRange('\uD800', '\uDFFF');
        return surrogate >= 0 ? surrogate : escaped;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        var escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            < 0x20 => $"\\u{unicodeScalar:X4}",
            _ => null,
        };
        if (escape is not null)
        {
            numberOfCharactersWritten = escape.Length;
            return escape.TryCopyTo(destination);
        }

        numberOfCharactersWritten = 0;
        return new Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
    }
}
