using System.Text;
using System.Text.Json;
using Cosell.Model.Json;
using Xunit;

namespace Cosell.Protocol.Tests.Json;

public sealed class WireJsonTests
{
    private static string Write(string value) =>
        Encoding.UTF8.GetString(WireJson.Write(value, static (w, _, v) => w.WriteStringValue(v)));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\" \\ back", "\"say \\\"hi\\\" \\\\ back\"")]
    [InlineData("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"")]
    [InlineData("nul\0 us\u001F", "\"nul\\u0000 us\\u001F\"")]
    [InlineData("+1 <a href='x'> & Müller", "\"+1 <a href='x'> & Müller\"")]
    [InlineData("rocket 🚀 line\u2028para\u2029 del\u007F", "\"rocket 🚀 line\u2028para\u2029 del\u007F\"")]
    public void String_EscapesOnlyWhatJsonRequires(string value, string expected) => Assert.Equal(expected, Write(value));

    [Fact]
    public void LoneSurrogate_WrittenAsReplacementCharacter_NotAnException() =>
        Assert.Equal("\"a\uFFFDb\"", Write("a\uD800b"));

    [Fact]
    public void BrokenUtf8_WrittenAsReplacementCharacter_NotCopied()
    {
        var json = Encoding.UTF8.GetString(WireJson.Write(0, static (w, _, _) => w.WriteStringValue(new ReadOnlySpan<byte>([(byte)'a', 0xFF, (byte)'"', (byte)'b']))));

        Assert.Equal("\"a\uFFFD\\\"b\"", json);
    }

    [Fact]
    public void LongTextWithAnEarlyEscape_RestCopiedAsItIs()
    {
        // A validation message quoting a pattern: one backslash early, then a long text with more to escape and none.
        var tail = string.Concat(Enumerable.Repeat("Zürich 🚀 [a-z]{1,12} ", 60));
        var value = "^(\\w{1,12})$ \"" + tail + "\n" + tail;

        var utf16 = Write(value);
        var utf8 = Encoding.UTF8.GetString(WireJson.Write(value, static (w, _, v) => w.WriteStringValue(Encoding.UTF8.GetBytes(v))));

        var expected = "\"^(\\\\w{1,12})$ \\\"" + tail + "\\n" + tail + "\"";
        Assert.Equal(expected, utf16);
        Assert.Equal(expected, utf8);
    }

    [Fact]
    public void Utf8ValueAndPropertyName_EscapedTheSameWay()
    {
        var json = Encoding.UTF8.GetString(WireJson.Write(0, static (w, _, _) =>
        {
            w.WriteStartObject();
            w.WriteString("näme 😀"u8, "q\"😀\n"u8);
            w.WriteEndObject();
        }));

        Assert.Equal("{\"näme 😀\":\"q\\\"😀\\n\"}", json);
    }

    [Fact]
    public void EveryCharacterOfTheBmpAndBeyond_ReadsBackAsWritten()
    {
        var text = new StringBuilder();
        for (var c = 0; c < 0x10000; c++)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                text.Append((char)c);
            }
        }

        text.Append("😀𝄞");
        var value = text.ToString();

        Assert.Equal(value, JsonSerializer.Deserialize<string>(Write(value)));
    }
}
