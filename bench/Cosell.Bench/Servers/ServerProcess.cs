using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cosell.Bench.Servers;

/// <summary>
/// A server under test, run as its own process on a free loopback port: <c>dotnet X.dll ...</c>, or, pinned,
/// <c>taskset -c CORE dotnet X.dll ...</c> with <c>DOTNET_TC_CallCountingDelayMs=0</c> (pinned to one CPU, .NET would
/// otherwise hold hot code at tier 0 for about a second). Stopped with SIGTERM (then SIGKILL) when disposed.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, int port, string logPath, StreamWriter log, long startedAt)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
        _log = log;
        StartedAt = startedAt;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string LogPath { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);
    public string Url => $"http://127.0.0.1:{Port}";
    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>; "{port}" in an argument is replaced by the chosen port.</summary>
    public static ServerProcess Start(string dll, IReadOnlyList<string> arguments, int? pinToCore, string logPath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var info = new ProcessStartInfo
        {
            FileName = pinToCore is null ? "dotnet" : "taskset",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(logPath)), // the run folder, not the repository
        };
        if (pinToCore is { } core)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(core.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add("dotnet");
            info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        }
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"# {info.FileName} {string.Join(' ', info.ArgumentList)}");
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, port, logPath, log, startedAt);
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>CPU time the process has used so far (all threads, user + system), in milliseconds.</summary>
    public double CpuMilliseconds()
    {
        var text = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / 100; // USER_HZ
    }

    /// <summary>
    /// CPU time (ms) of the runtime's background JIT thread (".NET Tiered Com"), which recompiles hot methods at tier 1;
    /// it goes quiet once the hot paths are optimised. 0 when the thread is not found.
    /// </summary>
    public double JitThreadCpuMilliseconds()
    {
        double total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{Pid}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }
                var text = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }
        return total;
    }

    /// <summary>Resident set size (VmRSS of /proc/PID/status), in MB (10^6 bytes).</summary>
    public double RssMB() => ReadStatusKb("VmRSS:") * 1024 / 1e6;

    /// <summary>Peak resident set size (VmHWM), in MB.</summary>
    public double PeakRssMB() => ReadStatusKb("VmHWM:") * 1024 / 1e6;

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = Kill(_process.Id, 15); // SIGTERM: a graceful stop lets the store close (and checkpoint)
                if (!_process.WaitForExit(15_000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5_000);
                }
            }
            _process.WaitForExit(); // drains the output readers
        }
        finally
        {
            _process.Dispose();
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
