using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Events;

/// <summary>
/// Runs the invitation expiry sweep, then the sweep of lapsed ClientTokens, then that of events past their retention
/// (when one is set), every few seconds of real time.
/// </summary>
internal sealed class ExpirySweeperService(
    InvitationExpiry expiry, ClientTokenSweep tokens, EventRetention retention, EventsOptions options, IStore store,
    ILogger<ExpirySweeperService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits one interval: start-up is timed to the first answered request (issue 7), and reads never
        // depend on the sweep (a PENDING invitation past its expiration date already reads as EXPIRED).
        using var timer = new PeriodicTimer(options.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!await RunAsync(expiry.SweepAsync, "Invitation expiry", stoppingToken)
                || !await RunAsync(tokens.SweepAsync, "ClientToken", stoppingToken)
                || !await RunAsync(retention.SweepAsync, "Event retention", stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>One sweep; false once the host is stopping. A failed sweep is logged and tried again at the next tick.</summary>
    private async Task<bool> RunAsync(Func<CancellationToken, Task<int>> sweep, string name, CancellationToken stoppingToken)
    {
        try
        {
            await sweep(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (store.Unavailable(e) is { } reason)
        {
            logger.LogWarning("{Sweep} sweep waits: the {Store} store is unavailable ({Reason})", name, store.Kind, reason);
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Sweep} sweep failed; retrying at the next tick", name);
            return true;
        }
    }
}
