using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Hosting;

/// <summary>
/// Reports connections refused past the connection cap: the first at once, then one count a minute while refusals go
/// on. Kestrel's own warning for each refused connection is silenced (<see cref="KestrelCategory"/>): clients that retry a
/// refused connection at once wrote 39,000 lines (6.8 MB) in 5 s, and every line waits for the console.
/// </summary>
public sealed class RefusedConnectionsLog(long? cap, IMeterFactory meters, ILogger<RefusedConnectionsLog> logger) : IHostedService, IDisposable
{
    /// <summary>The log category of Kestrel's per-connection lines; the refusal is the only warning among them.</summary>
    public const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel.Connections";

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly MeterListener _listener = new();
    private Timer? _timer;
    private long _refused;
    private int _reported;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This host's Kestrel only (its meter comes from this host's factory): tests run several servers in one process.
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel"
                && instrument.Name == "kestrel.rejected_connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Refused(value));
        _listener.Start();
        _timer = new Timer(_ => Tick(), null, Period, Period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _timer?.Dispose();
    }

    private void Refused(long count)
    {
        Interlocked.Add(ref _refused, count);
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            logger.LogWarning(
                "A connection was refused: {Cap} connections are open, the cap (--max-connections; by default from the open-file limit). Refusals are counted once a minute while they go on",
                cap);
        }
    }

    /// <summary>A minute without refusals ends the episode: the next refusal is reported at once again.</summary>
    private void Tick()
    {
        var refused = Interlocked.Exchange(ref _refused, 0);
        if (refused > 0)
        {
            logger.LogWarning("{Refused} connections refused in the last minute past the cap of {Cap} (--max-connections)", refused, cap);
        }
        else
        {
            Interlocked.Exchange(ref _reported, 0);
        }
    }
}
