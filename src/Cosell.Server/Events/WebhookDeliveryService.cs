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
/// A failing webhook is retried with exponential backoff and holds back only its own later events.
/// </summary>
internal sealed class WebhookDeliveryService(
    IStore store, IAccountDirectory accounts, EventsOptions options, ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Dictionary<string, (DateTimeOffset NotBefore, TimeSpan Delay)> _backoff = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = accounts.All.SelectMany(a => (a.Webhooks ?? []).Select(w => (a.AccountId, Hook: w))).ToList();
        if (targets.Count == 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (account, hook) in targets)
            {
                try
                {
                    await DeliverAsync(account, hook, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Webhook delivery for account {Account} failed; retrying later", account);
                }
            }
        }
    }

    private async Task DeliverAsync(string account, WebhookRecord hook, CancellationToken ct)
    {
        var key = account + " " + hook.Url;
        if (_backoff.TryGetValue(key, out var wait) && DateTimeOffset.UtcNow < wait.NotBefore)
        {
            return;
        }
        IReadOnlyList<EventRecord> pending;
        long cursor;
        await using (var read = await store.BeginAsync(write: false, ct))
        {
            cursor = await read.GetDeliveryCursorAsync(account, hook.Url, ct);
            pending = await read.ListEventsAsync(account, cursor, 100, ct);
        }
        foreach (var e in pending)
        {
            if (hook.DetailTypes is not { Count: > 0 } types || types.Contains(e.DetailType))
            {
                if (!await PostAsync(hook.Url, e.Envelope, ct))
                {
                    var delay = wait.Delay == TimeSpan.Zero ? options.FirstRetryDelay : TimeSpan.FromTicks(Math.Min(wait.Delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                    _backoff[key] = (DateTimeOffset.UtcNow + delay, delay);
                    break;
                }
                _backoff.Remove(key);
                wait = default;
            }
            cursor = e.Sequence;
            await using var write = await store.BeginAsync(write: true, ct);
            await write.SetDeliveryCursorAsync(account, hook.Url, cursor, ct);
            await write.CommitAsync(ct);
        }
    }

    private async Task<bool> PostAsync(string url, string envelope, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(envelope, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await Http.PostAsync(url, content, ct);
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
