using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>
/// One <c>cosell serve</c> process (<c>dotnet cosell.dll serve …</c>) on 127.0.0.1 at a port Kestrel picks; its output is
/// kept for diagnostics. The assembly is the server project's build output of the same configuration as this test
/// assembly, or <c>COSELL_DLL</c>.
/// </summary>
public sealed partial class CosellProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CosellProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the process wrote so far (stdout and stderr).</summary>
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

    public static async Task<CosellProcess> StartAsync(params string[] serveArguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerAssembly());
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in serveArguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("COSELL_STORE");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cosell = new CosellProcess(process);
        process.OutputDataReceived += (_, e) => cosell.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => cosell.OnLine(e.Data);
        process.Exited += (_, _) => cosell._listening.TrySetException(
            new InvalidOperationException($"cosell exited with code {process.ExitCode}:\n{cosell.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            cosell.BaseAddress = await cosell._listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await cosell.DisposeAsync();
            throw new TimeoutException($"cosell did not start within {StartTimeout}:\n{cosell.Output}");
        }
        return cosell;
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
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            var url = match.Groups[1].Value;
            _listening.TrySetResult(new Uri(url.EndsWith('/') ? url : url + "/"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>src/Cosell.Server/bin/&lt;configuration&gt;/net10.0/cosell.dll next to this assembly's tests/…/bin/&lt;configuration&gt;/net10.0.</summary>
    private static string ServerAssembly()
    {
        if (Environment.GetEnvironmentVariable("COSELL_DLL") is { Length: > 0 } dll)
        {
            return Path.GetFullPath(dll);
        }
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Cosell.Server", "bin", configuration, framework, "cosell.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"cosell.dll ({configuration}/{framework}) not found above {output.FullName}; build src/Cosell.Server or set COSELL_DLL.");
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
