using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// The real <c>cosell</c> executable as a child process: <c>dotnet cosell.dll serve --urls http://127.0.0.1:0 --data DIR
/// --accounts FILE</c>, its bound port read from the start-up banner, stdout and stderr kept for inspection.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public Uri BaseAddress { get; private set; } = null!;
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The cosell.dll built in the same configuration as this test assembly (scripts/test.sh builds Release).</summary>
    public static string ServerDll
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var root = RepoRoot;
            foreach (var candidate in new[] { configuration, "Release", "Debug" })
            {
                var path = Path.Combine(root, "src", "Cosell.Server", "bin", candidate, "net10.0", "cosell.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }
            throw new FileNotFoundException($"cosell.dll is not built under {root}/src/Cosell.Server/bin; run scripts/test.sh");
        }
    }

    /// <summary>The folder holding Cosell.slnx, found upwards from the test assembly.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cosell.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("Cosell.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Starts <c>cosell serve</c> on a free loopback port and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string accountsPath, IEnumerable<string>? extraArguments = null,
        TimeSpan? startTimeout = null, IReadOnlyDictionary<string, string>? environment = null, int? openFileLimit = null)
    {
        var info = new ProcessStartInfo(openFileLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dataDirectory.TrimEnd('/')) ?? Path.GetTempPath(),
        };
        if (openFileLimit is { } files)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {files} && exec dotnet \"$@\"");
            info.ArgumentList.Add("sh");
        }
        foreach (var argument in new[] { ServerDll, "serve", "--urls", "http://127.0.0.1:0", "--data", dataDirectory, "--accounts", accountsPath }
                     .Concat(extraArguments ?? []))
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("COSELL_STORE"); // SQLite in dataDirectory, whatever the machine sets
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._listening.TrySetException(
            new InvalidOperationException($"cosell exited with {SafeExitCode(process)} before listening:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(startTimeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            server.Kill();
            throw;
        }
        return server;
    }

    private static string SafeExitCode(Process p)
    {
        try
        {
            return p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    /// <summary>SIGKILL: the process gets no chance to flush or clean up anything.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>SIGTERM, as a container runtime or systemd stops a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Resident set size in bytes (Linux /proc), or null once the process is gone.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Cosell is listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
