using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cosell.Model.Json;

/// <summary>
/// The model's <c>date-time</c> timestamps: written as RFC 3339 UTC with <c>Z</c>, with as many fractional digits
/// as the value carries (trailing zeros trimmed), which is how the real service writes them; read from RFC 3339
/// strings or epoch seconds.
/// </summary>
public sealed class AwsDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Decimal, not double: ticks near the year 9999 need 19 significant digits, more than a double keeps
            // (253402300799 came back as …59.0000128). The validator has already kept the value within the years 1-9999.
            return reader.TryGetDecimal(out var seconds)
                ? DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Truncate(seconds * TimeSpan.TicksPerSecond))
                : DateTimeOffset.UnixEpoch.AddTicks((long)(reader.GetDouble() * TimeSpan.TicksPerSecond));
        }
        return Parse(reader.GetString() ?? throw new JsonException("timestamp must be a string"));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    public static string ToWire(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(WithinTicks(text), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(WithinTicks(text), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    /// <summary>
    /// RFC 3339 allows any number of fractional digits, and the validator lets them through; .NET parses at most seven
    /// (100 ns ticks). Digits past the seventh are dropped, as epoch seconds are truncated to ticks above.
    /// </summary>
    private static string WithinTicks(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }
        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }
        return end - dot - 1 > 7 ? string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end)) : text;
    }
}
