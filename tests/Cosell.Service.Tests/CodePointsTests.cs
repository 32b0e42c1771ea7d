using Cosell.Service.Domain;

namespace Cosell.Service.Tests;

/// <summary>Cuts that count as the model counts (code points) and never leave half a surrogate pair.</summary>
public sealed class CodePointsTests
{
    private const string Rocket = "\U0001F680"; // one code point, two UTF-16 units

    [Fact]
    public void Truncate_PairAcrossTheCut_KeptWhole()
    {
        var title = new string('x', 39) + Rocket + "tail";

        var cut = CodePoints.Truncate(title, 40);

        Assert.Equal(new string('x', 39) + Rocket, cut);
        Assert.Equal(41, cut.Length);
    }

    [Fact]
    public void Truncate_FortyEmoji_NotCutAtTwenty()
    {
        var title = string.Concat(Enumerable.Repeat(Rocket, 40));

        Assert.Same(title, CodePoints.Truncate(title, 40));
    }

    [Theory]
    [InlineData("short", 40, "short")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("", 3, "")]
    public void Truncate_PlainText_FirstCharacters(string text, int max, string expected) =>
        Assert.Equal(expected, CodePoints.Truncate(text, max));
}
