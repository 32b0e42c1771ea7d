using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cosell.Model.Json;

public sealed class StringEnumConverter<T> : JsonConverter<T> where T : struct, IStringEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.Create(reader.GetString() ?? throw new JsonException("enum value must be a string"));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
