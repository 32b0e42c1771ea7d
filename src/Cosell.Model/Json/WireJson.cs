using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cosell.Model.Json;

/// <summary>
/// How JSON goes out on the wire (answers, errors, events): only what JSON requires is escaped (<see cref="JsonOnlyEncoder"/>),
/// as in AWS's own answers. The default encoder writes "+1 206…" as "\u002B1 206…" and "Müller" as "M\u00FCller": valid JSON
/// every SDK decodes, but not what a raw-HTTP client of the real service sees. Nothing here is ever embedded in HTML.
/// </summary>
public static class WireJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonOnlyEncoder.Instance };

    /// <summary>Writes one JSON value; <paramref name="buffer"/> holds what the writer has flushed so far.</summary>
    public delegate void WriteValue<TState>(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, TState state);

    // One buffer and writer per thread, reset for each value: writing is synchronous. A fresh small buffer grew (was
    // allocated and copied) several times per answer.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo) =>
        Write((value, typeInfo), static (writer, _, s) => JsonSerializer.Serialize(writer, s.value, s.typeInfo));

    /// <summary>The bytes <paramref name="write"/> produces, with the wire's escaping.</summary>
    public static byte[] Write<TState>(TState state, WriteValue<TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            write(writer, buffer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A large value (a page of opportunities, a huge message) must not stay pinned to the thread.
            if (buffer.Capacity > 256 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }
}
