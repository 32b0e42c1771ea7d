using System.Diagnostics;
using System.Net;
using System.Text;
using Cosell.Bench.Http;
using HdrHistogram;

namespace Cosell.Bench.Load;

/// <summary>What one measured phase gave.</summary>
internal sealed record LoadResult(
    string Workload, int Connections, long Requests, long Unexpected, double Seconds,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, string? UnexpectedSample, bool Exhausted,
    double ServerCores, double GeneratorCores, double OtherCores)
{
    public double Throughput => Seconds > 0 ? Requests / Seconds : 0;
}

/// <summary>
/// Closed-loop load, as wrk does it: each connection sends a request, waits for the whole answer, sends the next. Requests
/// run for a warm-up (not recorded), then for a fixed duration (recorded: latency of every answer completed in the
/// window, into an HdrHistogram in microseconds), then stop; or, with <c>stopAfterOk</c>, until that many expected answers.
/// </summary>
internal static class LoadRunner
{
    private const long HighestMicros = 60_000_000;

    public static async Task<LoadResult> RunAsync(
        IPEndPoint endpoint, Workload workload, int connections, TimeSpan warmup, TimeSpan duration, string runTag,
        long stopAfterOk = 0, CpuMeter? cpu = null, CancellationToken ct = default)
    {
        var host = $"{endpoint.Address}:{endpoint.Port}";
        var state = new SharedState();
        var workers = new Task<ConnectionStats>[connections];
        for (var i = 0; i < connections; i++)
        {
            var context = new ConnectionContext(i, new SignedRequestWriter(host), runTag);
            workers[i] = Task.Run(() => RunConnectionAsync(endpoint, workload, context, state, stopAfterOk, ct), ct);
        }

        long start, end;
        if (stopAfterOk > 0)
        {
            cpu?.Start();
            state.Phase = Phase.Measure;
            start = Stopwatch.GetTimestamp();
            await Task.WhenAll(workers).ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            cpu?.Stop();
        }
        else
        {
            await Task.Delay(warmup, ct).ConfigureAwait(false);
            cpu?.Start();
            start = Stopwatch.GetTimestamp();
            state.MeasureFrom = start;
            state.Phase = Phase.Measure;
            await Task.Delay(duration, ct).ConfigureAwait(false);
            end = Stopwatch.GetTimestamp();
            cpu?.Stop();
            state.MeasureTo = end;
            state.Phase = Phase.Stop;
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        var histogram = new LongHistogram(HighestMicros, 3);
        long ok = 0, unexpected = 0;
        string? sample = null;
        foreach (var w in workers)
        {
            var stats = await w.ConfigureAwait(false);
            histogram.Add(stats.Histogram);
            ok += stats.Requests;
            unexpected += stats.Unexpected;
            sample ??= stats.UnexpectedSample;
        }
        static double Ms(long micros) => micros / 1000.0;
        // A window without one expected answer (a stalled server, a warm-up slice) has no percentiles: NaN, not a crash.
        double At(double percentile) => histogram.TotalCount == 0 ? double.NaN : Ms(histogram.GetValueAtPercentile(percentile));
        return new LoadResult(workload.Name, connections, ok, unexpected, Stopwatch.GetElapsedTime(start, end).TotalSeconds,
            At(50), At(90), At(99), At(99.9), histogram.TotalCount == 0 ? double.NaN : Ms(histogram.GetMaxValue()),
            sample, workload.Exhausted, cpu?.ServerCores ?? double.NaN, cpu?.GeneratorCores ?? double.NaN, cpu?.OtherCores ?? double.NaN);
    }

    private static async Task<ConnectionStats> RunConnectionAsync(
        IPEndPoint endpoint, Workload workload, ConnectionContext context, SharedState state, long stopAfterOk, CancellationToken ct)
    {
        var stats = new ConnectionStats();
        var connection = new RawHttpConnection(endpoint);
        var request = new byte[32 * 1024];
        try
        {
            await connection.ConnectAsync(ct).ConfigureAwait(false);
            while (state.Phase != Phase.Stop)
            {
                var (length, expected) = workload.Next(context, request);
                var sent = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    status = await connection.SendAsync(request.AsMemory(0, length), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    status = -1;
                    stats.UnexpectedSample ??= "connection error: " + e.Message;
                    await Task.Delay(10, ct).ConfigureAwait(false);
                }
                var done = Stopwatch.GetTimestamp();
                if (state.Phase == Phase.Warmup)
                {
                    continue;
                }
                if (stopAfterOk == 0 && (sent < state.MeasureFrom || (state.MeasureTo != 0 && done > state.MeasureTo)))
                {
                    continue; // started in the warm-up, or finished after the window: not counted
                }
                if (status == expected)
                {
                    stats.Requests++;
                    stats.Histogram.RecordValue(Math.Min(HighestMicros, (long)Stopwatch.GetElapsedTime(sent, done).TotalMicroseconds));
                    if (stopAfterOk > 0 && Interlocked.Increment(ref state.Ok) >= stopAfterOk)
                    {
                        state.Phase = Phase.Stop;
                    }
                }
                else
                {
                    stats.Unexpected++;
                    stats.UnexpectedSample ??= $"HTTP {status}: " + (status > 0 ? Encoding.UTF8.GetString(connection.Body.Span[..Math.Min(400, connection.Body.Length)]) : "");
                }
            }
        }
        finally
        {
            connection.Dispose();
        }
        return stats;
    }

    private enum Phase
    {
        Warmup,
        Measure,
        Stop,
    }

    private sealed class SharedState
    {
        private volatile Phase _phase = Phase.Warmup;

        public Phase Phase
        {
            get => _phase;
            set => _phase = value;
        }

        public long MeasureFrom = long.MaxValue;
        public long MeasureTo;
        public long Ok;
    }

    private sealed class ConnectionStats
    {
        public LongHistogram Histogram { get; } = new(HighestMicros, 3);
        public long Requests;
        public long Unexpected;
        public string? UnexpectedSample;
    }
}
