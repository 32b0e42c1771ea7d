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
/// own later events, and one that does not answer (up to its time-out, 10 s by default) delays no other webhook. A
/// webhook with an EventBridge target gets each event as a signed <c>PutEvents</c> call instead
/// (<see cref="PutEventsCall"/>).
/// </summary>
internal sealed class WebhookDeliveryService(
    IStore store, IAccountDirectory accounts, EventsOptions options, TimeProvider clock, ILogger<WebhookDeliveryService> logger)
    : BackgroundService
{
    // A store that could not be read is tried again this soon, whatever the receiver's backoff.
    private static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(1);

    // Each POST has its own time-out (EventsOptions.DeliveryTimeout); the client's would be one value for every server.
    // A redirect is an answer other than 2xx, so a failure: followed, a 301/302 turns the POST into a GET without the
    // event, whose 200 would count as delivered (an http-to-https or trailing-slash redirect lost every event).
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = accounts.All.SelectMany(a => (a.Webhooks ?? []).Select(w => (a.AccountId, Hook: w))).ToList();
        if (targets.Count == 0)
        {
            return Task.CompletedTask;
        }
        var latest = new LatestEvents();
        var watched = targets.Select(t => t.AccountId).Distinct(StringComparer.Ordinal).ToList();
        return Task.WhenAll(targets.Select(t => RunAsync(t.AccountId, t.Hook, latest, stoppingToken)).Append(WatchAsync(watched, latest, stoppingToken)));
    }

    /// <summary>
    /// Every poll interval, the newest event of each account with a webhook, in one read session: a webhook whose
    /// position is known and not behind it has nothing to do and opens no session of its own (with a session per webhook
    /// per poll, 5,000 idle webhooks kept PostgreSQL busy on both cores and slowed every request).
    /// </summary>
    private async Task WatchAsync(IReadOnlyList<string> watched, LatestEvents latest, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        string? outage = null; // logged when the store fails (or fails otherwise) and when it is back, not at every poll
        try
        {
            do
            {
                try
                {
                    await using var read = await store.BeginAsync(write: false, ct);
                    latest.Replace(await read.LatestEventSequencesAsync(watched, ct));
                    if (outage is not null)
                    {
                        logger.LogWarning("Webhook delivery goes on: the {Store} store is available again", store.Kind);
                        outage = null;
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (store.Unavailable(e) is { } reason)
                {
                    if (reason != outage)
                    {
                        logger.LogWarning("Webhook delivery waits: the {Store} store is unavailable ({Reason})", store.Kind, reason);
                        outage = reason;
                    }
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Looking for new events to deliver failed; retrying at the next poll");
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One webhook: every poll interval, what is pending; after a failure, nothing until the backoff has passed. Once its
    /// stored position is known, it looks in the store only when its account's newest event is past that position.
    /// </summary>
    private async Task RunAsync(string account, WebhookRecord hook, LatestEvents latest, CancellationToken ct)
    {
        var delay = TimeSpan.Zero;
        var notBefore = DateTimeOffset.MinValue;
        long? position = null;
        using var timer = new PeriodicTimer(options.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (DateTimeOffset.UtcNow < notBefore || position >= latest.Of(account))
                {
                    continue;
                }
                bool delivered;
                try
                {
                    (delivered, position) = await DeliverAsync(account, hook, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (store.Unavailable(e) is not null)
                {
                    // Not the receiver's failure: its backoff stays as it was (doubling it through a 40-second outage
                    // held deliveries back 22 s after the store returned), and the watcher logs the outage.
                    (notBefore, position) = (DateTimeOffset.UtcNow + StoreRetryDelay, null);
                    continue;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Webhook delivery for account {Account} failed; retrying later", account);
                    (delivered, position) = (false, null);
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

    /// <summary>
    /// Posts the pending events in order until one is refused; false when one was (the caller backs off). The position is
    /// how far the webhook has got as far as this instance knows (null: unknown, another instance is delivering).
    /// </summary>
    private async Task<(bool Delivered, long? Position)> DeliverAsync(string account, WebhookRecord hook, CancellationToken ct)
    {
        var (stored, pending) = await PendingAsync(account, hook, ct);
        if (pending.Count == 0)
        {
            return (true, stored);
        }
        // Instances sharing a PostgreSQL store each run this loop. The claim lets one of them at a time deliver this
        // webhook's events (the others find it taken and look again at their next poll) without holding a transaction,
        // and the locks it takes, open across HTTP calls. Each new position is stored in a short write session of its
        // own, so a stop or a crash repeats at most the POST in flight.
        await using var claim = await store.TryClaimAsync($"webhook|{account}|{hook.DeliveryKey}", ct);
        if (claim is null)
        {
            return (true, null);
        }
        // Read again under the claim: the previous holder may have moved the position since.
        (stored, pending) = await PendingAsync(account, hook, ct);
        foreach (var e in pending)
        {
            if (hook.DetailTypes is not { Count: > 0 } types || types.Contains(e.DetailType))
            {
                // A claim lost meanwhile (its PostgreSQL session ended) may be another instance's now: posting on would
                // send the same events from both at once.
                if (!await claim.StillHeldAsync(ct))
                {
                    logger.LogWarning("The delivery claim of a webhook of account {Account} was lost; delivery resumes under a new one", account);
                    return (false, null);
                }
                if (!await PostAsync(account, hook, e, ct))
                {
                    return (false, null);
                }
            }
            await using var write = await store.BeginAsync(write: true, ct);
            await write.SetDeliveryCursorAsync(account, hook.DeliveryKey, e.Sequence, ct);
            await write.CommitAsync(ct);
            stored = e.Sequence;
        }
        return (true, stored);
    }

    private async Task<(long Position, IReadOnlyList<EventRecord> Pending)> PendingAsync(string account, WebhookRecord hook, CancellationToken ct)
    {
        await using var read = await store.BeginAsync(write: false, ct);
        var cursor = await read.GetDeliveryCursorAsync(account, hook.DeliveryKey, ct);
        return (cursor, await read.ListEventsAsync(account, cursor, 100, ct));
    }

    /// <summary>The newest event sequence of each watched account, as last read (0 before the first read or for none).</summary>
    private sealed class LatestEvents
    {
        private volatile IReadOnlyDictionary<string, long> _sequences = new Dictionary<string, long>();

        public void Replace(IReadOnlyDictionary<string, long> sequences) => _sequences = sequences;

        public long Of(string account) => _sequences.TryGetValue(account, out var sequence) ? sequence : 0;
    }

    private async Task<bool> PostAsync(string account, WebhookRecord hook, EventRecord e, CancellationToken stopping)
    {
        string? failure;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(options.DeliveryTimeout);
        var ct = limit.Token;
        try
        {
            if (hook.EventBridge is { } target)
            {
                using var call = PutEventsCall.Create(hook.Url, target, e, clock.GetUtcNow());
                using var answer = await Http.SendAsync(call, ct);
                var (accepted, reason) = await PutEventsCall.ReadAnswerAsync(answer, ct);
                failure = accepted ? null : reason;
            }
            else
            {
                using var content = new StringContent(e.Envelope, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await Http.PostAsync(hook.Url, content, ct);
                failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            }
        }
        catch (HttpRequestException x)
        {
            failure = DeliveryFailures.Describe(x);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            failure = "no answer within the time-out";
        }
        if (failure is not null)
        {
            // Without this an operator sees only events that never arrive. The query and user info of the URL are left
            // out: receivers often carry a secret there.
            logger.LogWarning("Delivery of event {EventId} to {Url} for account {Account} failed ({Reason}); retrying later",
                e.Id, WithoutSecrets(hook.Url), account, failure);
        }
        return failure is null;
    }

    private static string WithoutSecrets(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : "(not a URL)";
}
