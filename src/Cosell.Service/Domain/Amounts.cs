using System.Globalization;

namespace Cosell.Service.Domain;

/// <summary>Amounts are numbers written as text (the model's pattern: digits, an optional fraction of up to two, or "").</summary>
public static class Amounts
{
    /// <summary>The amount's value, or null when the text is not a plain decimal ("" included).</summary>
    public static decimal? Value(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : null;
}
