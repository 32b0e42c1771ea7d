using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cosell.Model.Json;

/// <summary>
/// The model's integers as the validator accepts them: 10, and also 10.0 and 1e1 (a whole number written differently,
/// which AWS's JSON front end reads as 10). The validator has already refused fractions and values beyond 32 bits, so
/// binding never fails on a value it let through.
/// </summary>
public sealed class WholeNumberConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TryGetInt32(out var value))
        {
            return value;
        }
        return reader.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
            ? (int)d
            : throw new JsonException("Expected a whole number that fits in 32 bits.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
