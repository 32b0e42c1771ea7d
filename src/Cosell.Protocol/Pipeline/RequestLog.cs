using System.Buffers;
using System.Text;
using System.Text.Json;
using Cosell.Model.Smithy;
using Microsoft.Extensions.Logging;

namespace Cosell.Protocol.Pipeline;

/// <summary>
/// One log line per answered API request (Debug): operation, account, key id, status, error type, duration, and at Trace
/// the request body with every member the model marks <c>@sensitive</c> replaced by <see cref="SensitiveRedactor.Redacted"/>.
/// Never logs headers (the Authorization header carries the signature) or anything derived from a secret.
/// </summary>
public static partial class RequestLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug,
        Message = "{Operation} by {AccountId} (key {AccessKeyId}) answered {Status} {ErrorType} in {ElapsedMs} ms")]
    public static partial void Failed(ILogger logger, string operation, string accountId, string accessKeyId, int status,
        string errorType, long elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug,
        Message = "{Operation} by {AccountId} (key {AccessKeyId}) answered {Status} in {ElapsedMs} ms")]
    public static partial void Succeeded(ILogger logger, string operation, string accountId, string accessKeyId, int status, long elapsedMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug,
        Message = "{Operation} by {AccountId} (key {AccessKeyId}) not answered: the client closed the connection after {ElapsedMs} ms")]
    public static partial void Abandoned(ILogger logger, string operation, string accountId, string accessKeyId, long elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Trace, Message = "{Operation} request body: {Body}")]
    public static partial void Body(ILogger logger, string operation, string body);

    /// <summary>
    /// Writes the request's lines when Debug (and, for the body, Trace) is enabled; cheap otherwise. A request the client
    /// gave up on before any answer was written (<paramref name="status"/> null) is logged as such, not with the 200 its
    /// response still held.
    /// </summary>
    public static void Write(ILogger logger, ShapeGraph graph, string? operation, string? inputShape, string? accountId,
        string? accessKeyId, string? authorization, int? status, string? errorType, long elapsedMs, ReadOnlySpan<byte> body)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }
        // A refused signature has no caller; the key id it claimed (not a secret) is what an operator needs to see.
        var (op, account, key) = (operation ?? "(unrouted)", accountId ?? "(unauthenticated)", accessKeyId ?? ClaimedKeyId(authorization) ?? "-");
        if (status is not { } answered)
        {
            Abandoned(logger, op, account, key, elapsedMs);
        }
        else if (string.IsNullOrEmpty(errorType))
        {
            Succeeded(logger, op, account, key, answered, elapsedMs);
        }
        else
        {
            Failed(logger, op, account, key, answered, AwsJson10.ErrorTypeForms.Name(errorType), elapsedMs);
        }
        if (operation is not null && inputShape is not null && logger.IsEnabled(LogLevel.Trace))
        {
            string redacted;
            try
            {
                redacted = SensitiveRedactor.Redact(graph, inputShape, body);
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
            {
                // Text the parser accepted but cannot decode (invalid UTF-8 in a member name, say): not worth a log line.
                redacted = $"({body.Length} bytes, malformed)";
            }
            Body(logger, operation, redacted);
        }
    }

    /// <summary>The access key id in an Authorization header's <c>Credential=KEY/…</c>, or null.</summary>
    public static string? ClaimedKeyId(string? authorization)
    {
        const string Marker = "Credential=";
        var start = authorization?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }
        var rest = authorization.AsSpan(start + Marker.Length);
        var end = rest.IndexOfAny('/', ',', ' ');
        var key = (end < 0 ? rest : rest[..end]).ToString();
        return key.Length is > 0 and <= 128 ? key : null;
    }
}

/// <summary>
/// Rewrites a request body for logs: members whose member or target shape is <c>@sensitive</c> in the model, and members
/// the model does not know (they may be a misspelt sensitive one), lose their values; long strings are cut.
/// </summary>
public static class SensitiveRedactor
{
    /// <summary>The text the AWS SDKs print in place of sensitive values.</summary>
    public const string Redacted = "*** Sensitive Data Redacted ***";

    private const int MaxString = 256;
    private const int MaxBody = 64 * 1024;

    public static string Redact(ShapeGraph graph, string inputShape, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (body.IsEmpty)
        {
            return "";
        }
        if (body.Length > MaxBody)
        {
            return $"({body.Length} bytes, not logged)";
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return $"({body.Length} bytes, not JSON)";
        }
        using (document)
        {
            var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(graph, inputShape, document.RootElement, writer, sensitive: false);
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static void Write(ShapeGraph graph, string? shapeId, JsonElement value, Utf8JsonWriter w, bool sensitive)
    {
        // Null for a shape the graph cannot describe: its values are then redacted.
        var shape = graph.Find(shapeId);
        if (sensitive || shape is null || shape.Sensitive)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(Redacted);
            }
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when shape.Kind is ShapeKind.Structure or ShapeKind.Union:
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    w.WritePropertyName(property.Name);
                    var member = shape.FindMember(property.Name);
                    Write(graph, member?.Target, property.Value, w, member is null || member.Sensitive);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Object when shape.Kind is ShapeKind.Map:
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    w.WritePropertyName(property.Name);
                    Write(graph, shape.MapValue, property.Value, w, sensitive: false);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array when shape.Kind is ShapeKind.List:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(graph, shape.ListMember, item, w, sensitive: false);
                }
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = value.GetString() ?? "";
                }
                catch (InvalidOperationException)
                {
                    text = "(malformed string)"; // e.g. a lone surrogate escape
                }
                w.WriteStringValue(text.Length > MaxString ? text[..MaxString] + "…" : text);
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                value.WriteTo(w);
                break;
            default:
                // A JSON type the shape does not take: the request was refused; its value is not worth a log line.
                w.WriteStringValue($"({value.ValueKind})");
                break;
        }
    }
}
