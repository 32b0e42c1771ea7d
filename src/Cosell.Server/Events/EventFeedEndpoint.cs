using System.Globalization;
using System.Text;
using Cosell.Model.Contracts;
using Cosell.Protocol.AwsJson10;
using Cosell.Protocol.Auth;
using Cosell.Service.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Events;

/// <summary>
/// <c>GET /_cosell/events?account=ID[&amp;after=CURSOR]</c>, SigV4-signed as that account: the account's events, oldest
/// first, each exactly the EventBridge envelope, as <c>{"Events":[...],"NextToken":"..."}</c>; NextToken is passed back as
/// <c>after</c>. It comes with every page that has events, the last one too, so a client polling for new events always
/// holds the position it stopped at; a page with no events has none, which ends a read-to-the-end loop. Another
/// account's feed is refused.
/// </summary>
public static class EventFeedEndpoint
{
    public static void Map(WebApplication app) => app.MapGet("/_cosell/events", HandleAsync);

    private static async Task HandleAsync(HttpContext http, SigV4Verifier verifier, IStore store, EventsOptions options, ILoggerFactory logs)
    {
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        try
        {
            var caller = verifier.Verify(HttpSigV4Request.From(http.Request, ReadOnlyMemory<byte>.Empty));
            string? account = http.Request.Query["account"];
            if (string.IsNullOrEmpty(account))
            {
                throw ApiException.RequestInvalid([FieldError.Missing("account")]);
            }
            if (account != caller.AccountId)
            {
                throw ApiException.AccessDenied("An account can read only its own event feed.");
            }
            long after = 0;
            string? cursor = http.Request.Query["after"];
            if (!string.IsNullOrEmpty(cursor) && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            {
                throw NotATokenOfThisFeed();
            }
            await using var session = await store.BeginAsync(write: false, http.RequestAborted);
            // A token is the position of one of the account's own events: another account's would skip, unnoticed, this
            // account's events between the two positions. One query reads the token's own event and the page after it.
            // An event past --event-retention-days is deleted: a token below every event still stored skips nothing, so
            // the reader reads on from the oldest kept.
            IReadOnlyList<Service.Domain.Events.EventRecord> items;
            if (after > 0)
            {
                var from = await session.ListEventsAsync(account, after - 1, options.FeedPageSize + 1, http.RequestAborted);
                if (from.Count > 0 && from[0].Sequence == after)
                {
                    items = from.Skip(1).ToList();
                }
                else if (await session.OldestEventSequenceAsync(http.RequestAborted) is not { } oldest || after < oldest)
                {
                    items = from.Take(options.FeedPageSize).ToList();
                }
                else
                {
                    throw NotATokenOfThisFeed();
                }
            }
            else
            {
                items = await session.ListEventsAsync(account, after, options.FeedPageSize, http.RequestAborted);
            }

            // The envelopes are stored as the exact JSON delivered; they are spliced in, not re-serialised.
            var body = new StringBuilder("{\"Events\":[");
            for (var i = 0; i < items.Count; i++)
            {
                body.Append(i == 0 ? "" : ",").Append(items[i].Envelope);
            }
            body.Append(']');
            if (items.Count > 0)
            {
                body.Append(",\"NextToken\":\"").Append(items[^1].Sequence.ToString(CultureInfo.InvariantCulture)).Append('"');
            }
            body.Append('}');
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body.ToString(), http.RequestAborted);
        }
        catch (ApiException e)
        {
            await ErrorWriter.WriteAsync(http, e);
        }
        catch (Exception e) when (store.Unavailable(e) is { } reason)
        {
            // As an API request says it: one line, not an unhandled error's stack trace, and a retryable 500 in the API's form.
            logs.CreateLogger(typeof(EventFeedEndpoint)).LogError("The event feed failed: the {Store} store is unavailable ({Reason})", store.Kind, reason);
            await ErrorWriter.WriteAsync(http, ApiException.Unexpected());
        }
    }

    private static ApiException NotATokenOfThisFeed() =>
        ApiException.RequestInvalid("after", "Member must be a NextToken of this feed", "INVALID_VALUE");
}
