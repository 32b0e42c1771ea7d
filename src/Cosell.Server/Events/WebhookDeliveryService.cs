using System.Net.Http.Headers;
using System.Text;
using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;
using Cosell.Service.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Events;

/// <summary>
/// POSTs each account's events to its webhooks, oldest first, at least once: the cursor of a webhook moves only after
/// a 2xx, and it lives in the store, so events not yet delivered when the process stops are delivered after a restart.
/// Every webhook has a loop of its own: a failing webhook is retried with exponential backoff and holds back only its
/// own later events, and one that does not answer (up to the 10 s time-out) delays no other webhook. A webhook with an
/// EventBridge target gets each event as a signed <c>PutEvents</c> call instead (<see cref="PutEventsCall"/>).
/// </summary>
internal sealed class WebhookDeliveryService(
    IStore store, IAccountDirectory accounts, EventsOptions options, TimeProvider clock, ILogger<WebhookDeliveryService> logger)
    : BackgroundService
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = accounts.All.SelectMany(a => (a.Webhooks ?? []).Select(w => (a.AccountId, Hook: w))).ToList();
        return Task.WhenAll(targets.Select(t => RunAsync(t.AccountId, t.Hook, stoppingToken)));
    }

    /// <summary>One webhook: every poll interval, what is pending; after a failure, nothing until the backoff has passed.</summary>
    private async Task RunAsync(string account, WebhookRecord hook, CancellationToken ct)
    {
        var delay = TimeSpan.Zero;
        var notBefore = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (DateTimeOffset.UtcNow < notBefore)
                {
                    continue;
                }
                bool delivered;
                try
                {
                    delivered = await DeliverAsync(account, hook, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Webhook delivery for account {Account} failed; retrying later", account);
                    delivered = false;
                }
                if (delivered)
                {
                    delay = TimeSpan.Zero;
                }
                else
                {
                    delay = delay == TimeSpan.Zero ? options.FirstRetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                    notBefore = DateTimeOffset.UtcNow + delay;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Posts the pending events in order until one is refused; false when one was (the caller backs off).</summary>
    private async Task<bool> DeliverAsync(string account, WebhookRecord hook, CancellationToken ct)
    {
        // On PostgreSQL several instances share the outbox: the batch runs inside a write session whose cursor read
        // locks the cursor row until the new position commits, so other instances wait and then see it (no duplicates
        // but for a crash mid-batch). SQLite serves one instance, whose single writer must not be held across HTTP
        // calls: it reads, posts, and stores each new position in its own short write session.
        var exclusive = store.Kind == "postgresql";
        await using var session = await store.BeginAsync(write: exclusive, ct);
        var cursor = await session.GetDeliveryCursorAsync(account, hook.DeliveryKey, ct);
        var pending = await session.ListEventsAsync(account, cursor, 100, ct);
        if (!exclusive)
        {
            await session.DisposeAsync();
        }
        var start = cursor;
        var delivered = true;
        try
        {
            foreach (var e in pending)
            {
                if ((hook.DetailTypes is not { Count: > 0 } types || types.Contains(e.DetailType))
                    && !await PostAsync(account, hook, e, ct))
                {
                    delivered = false;
                    break;
                }
                cursor = e.Sequence;
                if (!exclusive)
                {
                    await using var write = await store.BeginAsync(write: true, ct);
                    await write.SetDeliveryCursorAsync(account, hook.DeliveryKey, cursor, ct);
                    await write.CommitAsync(ct);
                }
            }
        }
        finally
        {
            if (exclusive && cursor != start)
            {
                // Also when the loop ends early because the server is stopping (ct cancelled mid-POST): the events
                // already acknowledged are not posted again after the next start; only the one in flight may be.
                await session.SetDeliveryCursorAsync(account, hook.DeliveryKey, cursor, CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
            }
        }
        return delivered;
    }

    private async Task<bool> PostAsync(string account, WebhookRecord hook, EventRecord e, CancellationToken ct)
    {
        try
        {
            if (hook.EventBridge is { } target)
            {
                using var call = PutEventsCall.Create(hook.Url, target, e, clock.GetUtcNow());
                using var answer = await Http.SendAsync(call, ct);
                var (accepted, reason) = await PutEventsCall.ReadAnswerAsync(answer, ct);
                if (!accepted)
                {
                    logger.LogWarning("PutEvents to {Url} for account {Account} failed ({Reason}); retrying later", hook.Url, account, reason);
                }
                return accepted;
            }
            using var content = new StringContent(e.Envelope, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await Http.PostAsync(hook.Url, content, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
