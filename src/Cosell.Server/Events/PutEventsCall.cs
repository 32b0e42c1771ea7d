using System.Net.Http.Headers;
using System.Text.Json;
using Cosell.Model.Json;
using Cosell.Protocol.Auth;
using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;

namespace Cosell.Server.Events;

/// <summary>
/// One stored event as an EventBridge <c>PutEvents</c> call (awsJson1_1, SigV4 for the <c>events</c> service), and the
/// reading of its answer. The entry keeps what a rule matches on (<c>source</c>, <c>detail-type</c>, <c>detail</c>,
/// <c>resources</c>, <c>time</c>); the receiving bus gives the event its own id, account and region, as EventBridge
/// does for every event put on it.
/// </summary>
internal static class PutEventsCall
{
    public const string Target = "AWSEvents.PutEvents";
    public const string ContentType = "application/x-amz-json-1.1";
    public const string SigningService = "events";

    private static readonly string[] SignedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"];

    public static HttpRequestMessage Create(string url, EventBridgeTarget target, EventRecord e, DateTimeOffset now)
    {
        var uri = new Uri(url);
        var body = Body(e, target.EventBusName);
        var amzDate = SigV4Signer.AmzDate(now);
        // Signed exactly as HttpClient will send them (Host carries the port unless it is the scheme's default).
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", ContentType), new("host", host), new("x-amz-date", amzDate), new("x-amz-target", Target),
        };
        var signable = new SigV4Request("POST", uri.AbsolutePath, uri.Query.TrimStart('?'), headers, body);
        var authorization = SigV4Signer.Authorization(signable, SignedHeaders, target.Region, SigningService,
            target.Credentials.AccessKeyId, target.Credentials.SecretAccessKey);

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    /// <summary>
    /// True when the bus took the entry: a 2xx whose <c>FailedEntryCount</c> is 0 (PutEvents answers 200 even when it
    /// refuses an entry, and always says how many it refused). Otherwise the reason, for the log.
    /// </summary>
    public static async Task<(bool Accepted, string? Reason)> ReadAnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return (false, $"HTTP {(int)response.StatusCode}: {Shorten(text)}");
        }
        try
        {
            using var answer = JsonDocument.Parse(text);
            if (answer.RootElement.ValueKind != JsonValueKind.Object
                || !answer.RootElement.TryGetProperty("FailedEntryCount", out var failed) || failed.ValueKind != JsonValueKind.Number)
            {
                return (false, $"the answer is not a PutEvents answer (no FailedEntryCount): {Shorten(text)}");
            }
            if (!failed.TryGetInt32(out var count) || count != 0)
            {
                return (false, $"the entry was refused: {Shorten(text)}");
            }
        }
        catch (JsonException)
        {
            return (false, $"the answer is not JSON: {Shorten(text)}");
        }
        return (true, null);
    }

    // Time and detail-type are the record's own columns; source, resources and detail come from its envelope.
    private static byte[] Body(EventRecord e, string eventBusName)
    {
        using var stored = JsonDocument.Parse(e.Envelope);
        var envelope = stored.RootElement;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(e.Envelope.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("Entries");
            w.WriteStartObject();
            w.WriteNumber("Time", e.Time.ToUnixTimeSeconds());
            w.WriteString("Source", envelope.GetProperty("source").GetString());
            w.WritePropertyName("Resources");
            envelope.GetProperty("resources").WriteTo(w);
            w.WriteString("DetailType", e.DetailType);
            w.WriteString("Detail", envelope.GetProperty("detail").GetRawText());
            w.WriteString("EventBusName", eventBusName);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
