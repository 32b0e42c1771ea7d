using System.Globalization;

namespace Cosell.Bench.Load;

/// <summary>
/// CPU used during a measured window, in cores (1.0 = one CPU busy all the time), from /proc: the server process, this
/// load generator, and everything else on the machine. "Other" shows a run disturbed by foreign work (a shared machine),
/// and a side at 1.0 in a pinned run shows which one is the bottleneck.
/// </summary>
internal sealed class CpuMeter(int serverPid)
{
    /// <summary>CPUs of the machine (Environment.ProcessorCount only counts those this process may run on).</summary>
    private static readonly int Cpus = CountCpus();

    private Sample _start;

    public double ServerCores { get; private set; } = double.NaN;
    public double GeneratorCores { get; private set; } = double.NaN;
    public double OtherCores { get; private set; } = double.NaN;

    public void Start() => _start = Read();

    public void Stop()
    {
        var end = Read();
        var cpus = Math.Max(1, Cpus);
        var wall = (end.Total - _start.Total) / (double)cpus;
        if (wall <= 0)
        {
            return;
        }
        ServerCores = (end.Server - _start.Server) / wall;
        GeneratorCores = (end.Self - _start.Self) / wall;
        OtherCores = Math.Max(0, ((end.Busy - _start.Busy) / wall) - ServerCores - GeneratorCores);
    }

    private Sample Read()
    {
        try
        {
            var (busy, total) = MachineTicks();
            return new Sample(busy, total, ProcessTicks(serverPid), ProcessTicks(Environment.ProcessId));
        }
        catch (IOException)
        {
            return default;
        }
    }

    /// <summary>Busy and total jiffies of all CPUs (first line of /proc/stat).</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var parts = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0, idle = 0;
        for (var i = 1; i < parts.Length && i <= 8; i++)
        {
            var v = long.Parse(parts[i], CultureInfo.InvariantCulture);
            total += v;
            if (i is 4 or 5)
            {
                idle += v; // idle, iowait
            }
        }
        return (total - idle, total);
    }

    /// <summary>utime + stime of a process (all its threads), in jiffies.</summary>
    private static long ProcessTicks(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0; utime and stime are fields 14 and 15.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static int CountCpus()
    {
        var n = 0;
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("cpu", StringComparison.Ordinal) && line.Length > 3 && char.IsAsciiDigit(line[3]))
            {
                n++;
            }
        }
        return n;
    }

    private readonly record struct Sample(long Busy, long Total, long Server, long Self);
}
