using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Cosell.Model.Contracts;
using Cosell.Protocol.AwsJson10;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cosell.Server.Admin;

public sealed record ClockAdvance([property: JsonPropertyName("advance")] string Advance);

public sealed record ClockReport(
    [property: JsonPropertyName("now")] DateTime Now,
    [property: JsonPropertyName("offset")] string Offset);

/// <summary>
/// <c>GET /_cosell/clock</c>, and <c>POST /_cosell/clock</c> with <c>{"advance":"P16D"}</c> (an ISO 8601 duration): the
/// server's time and how far it was moved, and moving it on. It answers only under <c>--clock-control</c> (404 saying so
/// otherwise). Unsigned, like the health check: it is for a test instance whose users all may move its time.
/// </summary>
public static class ClockEndpoint
{
    public const string Path = "/_cosell/clock";

    /// <summary>Far enough for any lifetime the API has (15-day invitations, 24-hour tokens, years of retention).</summary>
    public static readonly TimeSpan MostInAll = TimeSpan.FromDays(36_600);

    private const int MaxBody = 1024;

    private const string BodyForm = "{\"advance\": \"<an ISO 8601 duration, such as P16D or PT25H>\"}";

    public static void Map(WebApplication app, AdjustableClock? clock)
    {
        app.MapGet(Path, (HttpContext http) => Answer(http, clock, Report));
        app.MapPost(Path, (HttpContext http) => Answer(http, clock, AdvanceAsync));
    }

    /// <summary>Every answer carries a request id, as the other admin answers do.</summary>
    private static Task Answer(HttpContext http, AdjustableClock? clock, Func<HttpContext, AdjustableClock, Task> handle)
    {
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return clock is null ? Off(http) : handle(http, clock);
    }

    private static async Task AdvanceAsync(HttpContext http, AdjustableClock clock)
    {
        // Read with a bound of its own: Kestrel's body limit is off for the API (the pipeline caps bodies itself).
        var buffer = new byte[MaxBody + 1];
        var length = 0;
        for (int read; length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0;)
        {
            length += read;
        }
        if (length > MaxBody)
        {
            await Refuse(http, $"The body must be {BodyForm}, at most {MaxBody} bytes.");
            return;
        }
        string? advance;
        try
        {
            advance = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ServerJsonContext.Default.ClockAdvance)?.Advance;
        }
        catch (JsonException)
        {
            // The serializer's own message names .NET types: of no use to a curl user.
            advance = null;
        }
        if (advance is null)
        {
            await Refuse(http, $"The body must be {BodyForm}.");
            return;
        }
        TimeSpan by;
        try
        {
            // xs:duration, ISO 8601's PnYnMnDTnHnMnS with a year of 365 days and a month of 30.
            by = XmlConvert.ToTimeSpan(advance);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            var shown = advance.Length > 40 ? advance[..40] + "…" : advance;
            await Refuse(http, $"advance must be an ISO 8601 duration (PnYnMnDTnHnMnS, whole numbers but for the seconds) of at most {XmlConvert.ToString(MostInAll)}, such as P16D or PT25H, not '{shown}'.");
            return;
        }
        if (by < TimeSpan.Zero)
        {
            await Refuse(http, "The clock moves forward only: times already stored (last-modified dates, the event order) rely on it.");
            return;
        }
        if (!clock.TryAdvance(by, MostInAll))
        {
            await Refuse(http, $"The clock moves at most {XmlConvert.ToString(MostInAll)} in all; it was moved {XmlConvert.ToString(clock.Offset)} already.");
            return;
        }
        await Report(http, clock);
    }

    private static Task Report(HttpContext http, AdjustableClock clock) =>
        http.Response.WriteAsJsonAsync(new ClockReport(clock.GetUtcNow().UtcDateTime, XmlConvert.ToString(clock.Offset)),
            ServerJsonContext.Default.ClockReport, contentType: null, http.RequestAborted);

    private static Task Off(HttpContext http) => ErrorWriter.WriteAsync(http, new ApiException("ResourceNotFoundException",
        StatusCodes.Status404NotFound, "Clock control is off: start the server with --clock-control to move its time."));

    private static Task Refuse(HttpContext http, string message) =>
        ErrorWriter.WriteAsync(http, new ApiException("BadRequestException", StatusCodes.Status400BadRequest, message));
}
