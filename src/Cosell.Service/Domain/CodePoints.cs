namespace Cosell.Service.Domain;

/// <summary>
/// Lengths as the model counts them (Smithy's @length, and the request validator): in code points, so an emoji is one
/// character though two UTF-16 units, and a cut never splits one (half a pair would be written as U+FFFD).
/// </summary>
public static class CodePoints
{
    /// <summary>The first <paramref name="max"/> code points of <paramref name="text"/>; the same string when it is not longer.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var units = 0;
        var taken = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (taken == max)
            {
                return text[..units];
            }
            units += rune.Utf16SequenceLength;
            taken++;
        }
        return text;
    }
}
