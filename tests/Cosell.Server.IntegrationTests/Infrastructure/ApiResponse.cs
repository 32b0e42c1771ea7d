using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>One HTTP answer of the server: status, every header (response and content headers), raw body, parsed JSON.</summary>
public sealed class ApiResponse
{
    public ApiResponse(int status, IReadOnlyDictionary<string, string> headers, string body)
    {
        Status = status;
        Headers = headers;
        Body = body;
        if (body.Length > 0)
        {
            try
            {
                Json = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                Json = null;
            }
        }
    }

    public int Status { get; }

    /// <summary>Header name (case-insensitive) → values joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    /// <summary>The body parsed as JSON; null for an empty or non-JSON body.</summary>
    public JsonNode? Json { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The body's <c>__type</c> as sent (namespaced), or null.</summary>
    public string? RawErrorType => Json is JsonObject o && o["__type"] is JsonValue v ? v.GetValue<string>() : null;

    /// <summary>The error's name as every SDK reads it from <c>__type</c>: the part after the namespace's <c>#</c>.</summary>
    public string? ErrorType => RawErrorType is { } raw ? raw[(raw.IndexOf('#', StringComparison.Ordinal) + 1)..] : null;

    public override string ToString() => $"HTTP {Status} {Body}";
}
