using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Cosell.Model.Json;

/// <summary>
/// Escapes only what JSON itself requires: the quote, the backslash and the control characters below U+0020. Everything
/// else, emoji and U+2028/U+2029 included, goes out as its UTF-8 bytes, as AWS's JSON services write it. The framework's
/// relaxed encoder is the nearest built-in one, but it still writes an emoji as "\uD83D\uDE00"; no option turns that off.
/// Text that is not valid Unicode (a lone surrogate, broken UTF-8) takes the framework's path, which writes U+FFFD for it.
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

    // Broken UTF-8 before the first escape is reported at 0, so that it takes the framework's replacing path.
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var escaped = utf8Text.IndexOfAny(EscapedBytes);
        return Utf8.IsValid(escaped < 0 ? utf8Text : utf8Text[..escaped]) ? escaped : 0;
    }

    // A surrogate is reported too: the framework then reads the pair as one scalar and asks WillEncode, which writes a
    // valid pair as itself and replaces a lone half (not valid UTF-16, and not writable as UTF-8) instead of failing.
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var escaped = span.IndexOfAny(EscapedChars);
        var surrogate = span[..(escaped < 0 ? span.Length : escaped)].IndexOfAnyInRange('\uD800', '\uDFFF');
        return surrogate >= 0 ? surrogate : escaped;
    }

    // The framework's own loop behind these two asks WillEncode character by character; a message that escapes one
    // backslash early (a regex in a validation message) would pay that for the whole rest of its text. Runs are copied.
    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination,
        out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true) =>
        Utf8.IsValid(utf8Source)
            ? CopyEscaping(utf8Source, utf8Destination, EscapedBytes, out bytesConsumed, out bytesWritten)
            : base.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination,
        out int charsConsumed, out int charsWritten, bool isFinalBlock = true) =>
        source.ContainsAnyInRange('\uD800', '\uDFFF')
            ? base.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock)
            : CopyEscaping(source, destination, EscapedChars, out charsConsumed, out charsWritten);

    /// <summary>Valid text (UTF-8 bytes or UTF-16 chars) copied run by run, each quote, backslash or control character escaped.</summary>
    private static OperationStatus CopyEscaping<T>(ReadOnlySpan<T> source, Span<T> destination, SearchValues<T> escaped,
        out int consumed, out int written)
        where T : unmanaged, IBinaryInteger<T>
    {
        consumed = written = 0;
        while (true)
        {
            var rest = source[consumed..];
            var next = rest.IndexOfAny(escaped);
            var run = next < 0 ? rest : rest[..next];
            if (!run.TryCopyTo(destination[written..]))
            {
                return OperationStatus.DestinationTooSmall;
            }
            consumed += run.Length;
            written += run.Length;
            if (next < 0)
            {
                return OperationStatus.Done;
            }
            var target = destination[written..];
            if (target.Length < 6)
            {
                return OperationStatus.DestinationTooSmall;
            }
            written += Escape(int.CreateTruncating(rest[next]), target);
            consumed++;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        if (WillEncode(unicodeScalar))
        {
            if (destination.Length < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }
            numberOfCharactersWritten = Escape(unicodeScalar, destination);
            return true;
        }
        return new Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
    }

    /// <summary>Writes the escape of a quote, backslash or control character (room for 6 units); returns its length.</summary>
    private static int Escape<T>(int c, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        var shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        destination[0] = T.CreateTruncating('\\');
        if (shortForm != '\0')
        {
            destination[1] = T.CreateTruncating(shortForm);
            return 2;
        }
        destination[1] = T.CreateTruncating('u');
        destination[2] = T.CreateTruncating('0');
        destination[3] = T.CreateTruncating('0');
        destination[4] = T.CreateTruncating(HexDigit(c >> 4));
        destination[5] = T.CreateTruncating(HexDigit(c & 0xF));
        return 6;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
