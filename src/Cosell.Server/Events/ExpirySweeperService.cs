using Cosell.Service.Domain.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Events;

/// <summary>Runs the invitation expiry sweep every few seconds of the injected clock's real time.</summary>
internal sealed class ExpirySweeperService(InvitationExpiry expiry, EventsOptions options, ILogger<ExpirySweeperService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits one interval: start-up is timed to the first answered request (issue 7), and reads never
        // depend on the sweep (a PENDING invitation past its expiration date already reads as EXPIRED).
        using var timer = new PeriodicTimer(options.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await expiry.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Invitation expiry sweep failed; retrying at the next tick");
            }
        }
    }
}
