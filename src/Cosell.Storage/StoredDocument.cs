using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cosell.Storage;

/// <summary>
/// Reads a stored document back. One this build cannot read (written by a newer build, or edited by hand) is the
/// server's fault, not the client's: it becomes an <see cref="InvalidDataException"/> (500, logged) rather than a
/// JsonException, which the request pipeline would answer as a malformed request body.
/// </summary>
internal static class StoredDocument
{
    public static T Read<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw Null<T>();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw Unreadable<T>(e);
        }
    }

    public static T Read<T>(byte[] utf8, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, type) ?? throw Null<T>();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw Unreadable<T>(e);
        }
    }

    private static InvalidDataException Null<T>() => new($"A stored {typeof(T).Name} document is null.");

    // The converters' own errors too (a timestamp AwsDateTimeConverter cannot parse is a FormatException): the pipeline
    // answers those as a malformed request body as well.
    private static InvalidDataException Unreadable<T>(Exception e) =>
        new($"A stored {typeof(T).Name} document cannot be read by this build ({e.Message}); was the store written by a newer Cosell?", e);
}
