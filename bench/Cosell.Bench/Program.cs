using System.Diagnostics;
using System.Text.Json;
using Cosell.Bench;

// Orchestrator: prepares the kept stores, then runs one worker process per (run, mode) — pinned workers under
// `taskset -c 0` — and prints the medians as a table. A worker (--worker) measures one mode once.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Worker)
{
    return await Worker.MainAsync(options);
}

foreach (var (what, path) in new[] { ("Cosell", options.Server), ("the baseline", options.Baseline) })
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"{what} is not built at {path}; run `bash scripts/bench.sh` (it builds in Release first).");
        return 2;
    }
}
if (options.Modes.Contains("pinned") && (Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset")))
{
    Console.Error.WriteLine("The pinned mode needs two CPUs and taskset; leaving it out.");
    options.Modes.Remove("pinned");
}

var total = Stopwatch.StartNew();
Directory.CreateDirectory(options.Work);
Console.WriteLine($"Cosell signed-load benchmark: {options.Runs} run(s) x [{string.Join(", ", options.Modes)}], " +
    $"{options.WarmupSeconds} s warm-up + {options.DurationSeconds} s per scenario, {options.Connections} connections" +
    (options.PostgresConnection is null ? "; SQLite only (give --store or COSELL_TEST_POSTGRES for PostgreSQL)" : "; SQLite and PostgreSQL"));
Console.WriteLine($"Work folder {options.Work}");

var results = new List<RunResults>();
var self = Path.Combine(AppContext.BaseDirectory, "Cosell.Bench.dll");
for (var run = 1; run <= options.Runs; run++)
{
    foreach (var mode in options.Modes)
    {
        var resultFile = Path.Combine(options.Work, $"result-{mode}-{run}.json");
        File.Delete(resultFile);
        var info = new ProcessStartInfo { FileName = mode == "pinned" ? "taskset" : "dotnet", UseShellExecute = false };
        if (mode == "pinned")
        {
            foreach (var a in new[] { "-c", "0", "dotnet" })
            {
                info.ArgumentList.Add(a);
            }
            info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        }
        if (options.PostgresConnection is { } pg)
        {
            info.Environment["COSELL_TEST_POSTGRES"] = pg;
        }
        info.ArgumentList.Add(self);
        foreach (var a in options.WorkerArguments(mode, run, resultFile))
        {
            info.ArgumentList.Add(a);
        }
        using var worker = Process.Start(info)!;
        await worker.WaitForExitAsync();
        if (worker.ExitCode != 0 || !File.Exists(resultFile))
        {
            Console.Error.WriteLine($"The {mode} worker of run {run} failed (exit code {worker.ExitCode}).");
            return 1;
        }
        results.Add(JsonSerializer.Deserialize(await File.ReadAllTextAsync(resultFile), BenchJsonContext.Default.RunResults)!);
    }
}

Console.WriteLine();
Report.Print(Console.Out, options, results);
Console.WriteLine($"Total time {total.Elapsed.TotalMinutes:F1} min.");
if (options.OutFile is { } outFile)
{
    await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(results, BenchJsonContext.Default.ListRunResults));
    Console.WriteLine($"Results written to {outFile}");
}
return 0;
