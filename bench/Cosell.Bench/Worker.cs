using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cosell.Bench.Fixtures;
using Cosell.Bench.Load;
using Cosell.Bench.Servers;

namespace Cosell.Bench;

/// <summary>
/// One run of one mode: the baseline, then Cosell on each store, every scenario with the same client; results to a JSON file.
/// In the pinned mode this process runs on core 0 (its parent started it under taskset) and the servers on core 1.
/// </summary>
internal sealed class Worker(BenchOptions o)
{
    private const string Catalog = "Sandbox";

    /// <summary>Receiving accounts of the stored invitations the read scenarios ask for (the rest only send).</summary>
    private const int ReadReceivers = 100;

    private const int ReadInvitations = 10_000;
    private const int ListPerEngagement = 5;

    private readonly IReadOnlyList<BenchAccount> _accounts = BenchAccounts.Create(o.Accounts);
    private readonly WireTemplates _templates = WireTemplates.Load();
    private readonly RunResults _results = new() { Mode = o.Mode, Run = o.RunIndex };
    private readonly string _tag = RandomNumberGenerator.GetHexString(6, lowercase: true);
    private string _accountsFile = "";

    private int? ServerCore => o.Pinned ? 1 : null;

    /// <summary>With --perf: JIT-compiled code listed in /tmp/perf-PID.map, and in plain anonymous memory where perf finds it.</summary>
    private static readonly Dictionary<string, string> PerfEnvironment = new()
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    private string RunDirectory => Path.Combine(o.Work, "runs", $"{o.Mode}-{o.RunIndex}-{_tag}");

    public async Task<RunResults> RunAsync(CancellationToken ct)
    {
        _templates.SelfCheck();
        Directory.CreateDirectory(RunDirectory);
        _accountsFile = Path.Combine(o.Work, $"accounts-{o.Accounts}.json");
        BenchAccounts.WriteFile(_accountsFile, _accounts);
        Log($"{o.Mode} run {o.RunIndex}: pid {Environment.ProcessId}, {Environment.ProcessorCount} CPU(s) visible, servers {(o.Pinned ? "on core 1" : "unpinned")}");

        if (o.Scenarios.Contains("baseline"))
        {
            await BaselineAsync(ct);
        }
        var kinds = new List<string> { "sqlite" };
        if (o.PostgresConnection is not null)
        {
            kinds.Add("postgresql");
        }
        foreach (var kind in kinds)
        {
            if (o.Scenarios.Overlaps(["create", "reject", "get", "mixed"]))
            {
                await WriteScenariosAsync(NewStore(kind, "write"), ct);
            }
            if (o.Scenarios.Contains("list"))
            {
                foreach (var size in o.ListSizes)
                {
                    await ListAsync(kind, size, ct);
                }
            }
        }
        if (o.Scenarios.Contains("startup"))
        {
            await StartupAsync(ct);
        }
        if (o.Scenarios.Contains("rss"))
        {
            await RssAsync(ct);
        }
        return _results; // the run folder keeps the servers' logs; the stores in it were deleted
    }

    private async Task BaselineAsync(CancellationToken ct)
    {
        using var server = ServerProcess.Start(o.Baseline, ["--urls", "http://127.0.0.1:{port}"], ServerCore, Path.Combine(RunDirectory, "baseline.log"),
            o.Perf ? PerfEnvironment : null);
        await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(30), ct);
        // The baseline gets the very requests the create scenario sends (signed, full payload, unique ClientToken).
        var plan = FakePlan();
        await WarmAsync(server, new CreateInvitationWorkload(plan, _accounts, _templates), ct);
        foreach (var connections in ConnectionCounts)
        {
            await MeasureAsync(server, "baseline", "-", new CreateInvitationWorkload(plan, _accounts, _templates), connections, ct);
        }
    }

    private IEnumerable<int> ConnectionCounts => o.LowConnections > 0 && o.LowConnections != o.Connections
        ? [o.Connections, o.LowConnections]
        : [o.Connections];

    private async Task WriteScenariosAsync(BenchStore store, CancellationToken ct)
    {
        var (plan, reads) = await PrepareWriteStoreAsync(store, o.Engagements, ct);
        try
        {
            using var server = StartCosell(store, "cosell-write");
            _results.Scalars[$"{store.Kind}.first-request-ms"] = await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(60), ct);
            var create = new CreateInvitationWorkload(plan, _accounts, _templates);
            if (o.Scenarios.Contains("create"))
            {
                await WarmThenMeasureAsync(server, "create", store.Kind, create, ConnectionCounts, ct);
            }
            if (o.Scenarios.Contains("reject"))
            {
                await WarmThenMeasureAsync(server, "reject", store.Kind, new RejectedByValidationWorkload(plan, _accounts, _templates), [o.Connections], ct);
            }
            if (o.Scenarios.Contains("get"))
            {
                await WarmThenMeasureAsync(server, "get", store.Kind, new GetInvitationWorkload(reads, _accounts), [o.Connections], ct);
            }
            if (o.Scenarios.Contains("mixed"))
            {
                await WarmThenMeasureAsync(server, "mixed", store.Kind, new CrmSyncWorkload(reads, ReadReceivers, create, _accounts), [o.Connections], ct);
            }
            _results.Scalars[$"{store.Kind}.write-rss-mb"] = server.RssMB();
        }
        finally
        {
            await store.DeleteAsync(ct);
        }
    }

    /// <summary>
    /// A store with <paramref name="engagements"/> engagements ready for invitations and the read set. On SQLite it is a
    /// copy of a template seeded once a day (and whenever the migrations change), with its plan in a text file beside it.
    /// </summary>
    private async Task<(EngagementPlan Plan, InvitationSet Reads)> PrepareWriteStoreAsync(BenchStore bench, int engagements, CancellationToken ct)
    {
        if (bench is not SqliteBenchStore target)
        {
            return await SeedWriteStoreAsync(bench, engagements, ct);
        }
        var name = string.Create(CultureInfo.InvariantCulture,
            $"write_{engagements}_{o.PerEngagement}_{o.Accounts}_{DateTime.UtcNow:yyyyMMdd}_{SchemaKey()}");
        var template = new SqliteBenchStore(Path.Combine(o.Work, "stores", name));
        var planFile = Path.Combine(template.Directory, "plan.txt");
        if (!File.Exists(planFile))
        {
            PruneStores("write_", name);
            await template.DeleteAsync(ct);
            var (seededPlan, seededReads) = await SeedWriteStoreAsync(template, engagements, ct);
            StoreFiles.WritePlan(planFile + ".tmp", seededPlan, seededReads);
            File.Move(planFile + ".tmp", planFile);
        }
        Directory.CreateDirectory(target.Directory);
        foreach (var file in Directory.GetFiles(template.Directory, Cosell.Storage.Sqlite.SqliteStore.FileName + "*"))
        {
            File.Copy(file, Path.Combine(target.Directory, Path.GetFileName(file)), overwrite: true);
        }
        return StoreFiles.ReadPlan(planFile);
    }

    /// <summary>Deletes kept stores named <paramref name="prefix"/>… other than <paramref name="keep"/> (older seeds).</summary>
    private void PruneStores(string prefix, string keep)
    {
        var root = Path.Combine(o.Work, "stores");
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var dir in Directory.GetDirectories(root, prefix + "*"))
        {
            if (Path.GetFileName(dir) != keep)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private async Task<(EngagementPlan Plan, InvitationSet Reads)> SeedWriteStoreAsync(BenchStore bench, int engagements, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var store = await bench.OpenAsync(ct);
        try
        {
            var seeder = new Seeder(store, _accounts, _templates);
            var now = DateTimeOffset.UtcNow;
            var plan = await seeder.EngagementsAsync(engagements, o.PerEngagement, now, ct);
            var reads = await seeder.InvitationsAsync(ReadInvitations, ReadReceivers, ListPerEngagement, now, null, ct);
            if (bench is PostgresBenchStore postgres)
            {
                await postgres.AnalyzeAsync(ct);
            }
            Log($"  seeded {bench.Kind}: {engagements:N0} engagements + {ReadInvitations:N0} invitations in {clock.Elapsed.TotalSeconds:F1} s");
            return (plan, reads);
        }
        finally
        {
            await BenchStore.CloseAsync(store);
        }
    }

    /// <summary>A store for this run only, deleted after it.</summary>
    private BenchStore NewStore(string kind, string name) => kind == "sqlite"
        ? new SqliteBenchStore(Path.Combine(RunDirectory, name))
        : new PostgresBenchStore(o.PostgresConnection!, $"bench_{_tag}_{name.Replace('-', '_')}");

    private async Task ListAsync(string kind, int size, CancellationToken ct)
    {
        // Seeded once and kept (the List scenario only reads); the key changes with the store's migrations.
        var name = $"list_{size}_{SchemaKey()}";
        BenchStore store;
        if (kind == "sqlite")
        {
            var sqlite = new SqliteBenchStore(Path.Combine(o.Work, "stores", name));
            var marker = Path.Combine(sqlite.Directory, "seeded.ok");
            if (!File.Exists(marker))
            {
                PruneStores($"list_{size}_", name);
                await sqlite.DeleteAsync(ct);
                await SeedListAsync(sqlite, size, ct);
                await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"), ct);
            }
            store = sqlite;
        }
        else
        {
            var pg = new PostgresBenchStore(o.PostgresConnection!, "bench_" + name);
            if (!await pg.ExistsAsync("bench_seeded", ct))
            {
                await pg.DeleteAsync(ct);
                await SeedListAsync(pg, size, ct);
                await pg.MarkAsync("bench_seeded", ct);
            }
            store = pg;
        }
        using var server = StartCosell(store, $"cosell-list-{size}");
        await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(60), ct);
        await WarmThenMeasureAsync(server, $"list-{size}", store.Kind, new ListInvitationsWorkload(ReadReceivers, _accounts), [o.Connections, 1], ct);
    }

    private async Task SeedListAsync(BenchStore bench, int size, CancellationToken ct)
    {
        Log($"  seeding the {bench.Kind} list store with {size:N0} invitations (once; kept for later runs)");
        var clock = Stopwatch.StartNew();
        var store = await bench.OpenAsync(ct);
        try
        {
            var progress = new Progress<string>(m => Log("    " + m));
            await new Seeder(store, _accounts, _templates).InvitationsAsync(size, ReadReceivers, ListPerEngagement, DateTimeOffset.UtcNow, progress, ct);
        }
        finally
        {
            await BenchStore.CloseAsync(store);
        }
        Log($"  seeded {size:N0} invitations in {clock.Elapsed.TotalSeconds:F1} s ({size / clock.Elapsed.TotalSeconds:N0}/s)");
    }

    private async Task StartupAsync(CancellationToken ct)
    {
        var (times, cpu, rss) = await TimeStartsAsync(o.Server, ct);
        if (o.JitServer is { } jit)
        {
            var (jitTimes, jitCpu, _) = await TimeStartsAsync(jit, ct);
            _results.Scalars["startup-jit-ms"] = Median(jitTimes);
            _results.Scalars["startup-jit-cpu-ms"] = Median(jitCpu);
            Log($"  start-up of the plain build (JIT, {jit}): median {Median(jitTimes):F0} ms, CPU {Median(jitCpu):F0} ms");
        }
        var baseline = new List<double>();
        for (var i = 0; i < o.Startups; i++)
        {
            using var server = ServerProcess.Start(o.Baseline, ["--urls", "http://127.0.0.1:{port}"], ServerCore, Path.Combine(RunDirectory, "baseline-startup.log"));
            baseline.Add(await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(30), ct));
        }
        _results.Scalars["startup-ms"] = Median(times);
        _results.Scalars["startup-cpu-ms"] = Median(cpu);
        _results.Scalars["startup-rss-mb"] = Median(rss);
        _results.Scalars["baseline-startup-ms"] = Median(baseline);
        Log($"  start-up to first signed 200: {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms (median {Median(times):F0}; CPU {Median(cpu):F0} ms); RSS {Median(rss):F1} MB; baseline {Median(baseline):F0} ms");
    }

    /// <summary>Starts <paramref name="dll"/> on a fresh store, times it to its first signed 200, stops it; several times.</summary>
    private async Task<(List<double> Times, List<double> Cpu, List<double> Rss)> TimeStartsAsync(string dll, CancellationToken ct)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        var rss = new List<double>();
        for (var i = 0; i < o.Startups; i++)
        {
            var store = new SqliteBenchStore(Path.Combine(RunDirectory, $"startup-{i}"));
            using (var server = StartCosell(store, "cosell-startup", dll))
            {
                times.Add(await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(60), ct));
                cpu.Add(server.CpuMilliseconds());
                rss.Add(server.RssMB());
            }
            await store.DeleteAsync(ct);
        }
        return (times, cpu, rss);
    }

    private async Task RssAsync(CancellationToken ct)
    {
        var store = new SqliteBenchStore(Path.Combine(RunDirectory, "rss"));
        var engagements = Math.Max(o.Engagements, (o.RssInvitations / o.PerEngagement) + 1000); // the write store's template when it is big enough
        var (plan, _) = await PrepareWriteStoreAsync(store, engagements, ct);
        try
        {
            using var server = StartCosell(store, "cosell-rss");
            await Probe.FirstSuccessAsync(server, _accounts[0], TimeSpan.FromSeconds(60), ct);
            var before = server.RssMB();
            var create = new CreateInvitationWorkload(plan, _accounts, _templates);
            var result = await LoadRunner.RunAsync(server.Endpoint, create, o.Connections, TimeSpan.Zero, TimeSpan.Zero, _tag + "r", o.RssInvitations, null, ct);
            var after = server.RssMB();
            _results.Scalars["rss-start-mb"] = before;
            _results.Scalars["rss-100k-mb"] = after;
            _results.Scalars["rss-100k-peak-mb"] = server.PeakRssMB();
            _results.Scalars["rss-100k-created"] = result.Requests;
            Log($"  RSS after start {before:F1} MB, after {result.Requests:N0} invitations {after:F1} MB (peak {server.PeakRssMB():F1}); {result.Unexpected} unexpected");
        }
        finally
        {
            await store.DeleteAsync(ct);
        }
    }

    private ServerProcess StartCosell(BenchStore store, string name, string? dll = null)
    {
        var arguments = new List<string> { "serve", "--urls", "http://127.0.0.1:{port}", "--accounts", _accountsFile };
        arguments.AddRange(store.ServeArguments);
        var environment = new Dictionary<string, string>(store.ServeEnvironment);
        foreach (var pair in o.ServerEnvironment)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            environment[pair[..eq]] = pair[(eq + 1)..];
        }
        if (o.Perf)
        {
            foreach (var (key, value) in PerfEnvironment)
            {
                environment[key] = value;
            }
        }
        return ServerProcess.Start(dll ?? o.Server, arguments, ServerCore, Path.Combine(RunDirectory, name + ".log"), environment);
    }

    /// <summary>
    /// Traffic that is not recorded, for a new server: at least the warm-up time, then on until the runtime's tier-1 JIT
    /// thread has gone quiet (under 2% of a CPU over a second; at most 20 s), so that no result measures code still
    /// being recompiled.
    /// </summary>
    private async Task WarmAsync(ServerProcess server, Workload workload, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await LoadRunner.RunAsync(server.Endpoint, workload, o.Connections, TimeSpan.Zero, o.Warmup, _tag + "w", 0, null, ct);
        var jit = server.JitThreadCpuMilliseconds();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await LoadRunner.RunAsync(server.Endpoint, workload, o.Connections, TimeSpan.Zero, TimeSpan.FromSeconds(1), _tag + "w", 0, null, ct);
            var now = server.JitThreadCpuMilliseconds();
            if (now - jit <= 20)
            {
                break;
            }
            jit = now;
        }
        Log($"  warmed up for {clock.Elapsed.TotalSeconds:F1} s (tier-1 JIT thread {server.JitThreadCpuMilliseconds():F0} ms CPU in all)");
    }

    /// <summary>Each scenario warms its own code paths first (until the JIT is quiet), so no figure measures recompilation.</summary>
    private async Task WarmThenMeasureAsync(
        ServerProcess server, string scenario, string store, Workload workload, IEnumerable<int> connectionCounts, CancellationToken ct)
    {
        await WarmAsync(server, workload, ct);
        foreach (var connections in connectionCounts)
        {
            await MeasureAsync(server, scenario, store, workload, connections, ct);
        }
    }

    private async Task MeasureAsync(ServerProcess server, string scenario, string store, Workload workload, int connections, CancellationToken ct)
    {
        var cpu = new CpuMeter(server.Pid);
        using var profile = o.Perf ? StartProfile(server, $"{scenario}-{store}-c{connections}") : null;
        var r = await LoadRunner.RunAsync(server.Endpoint, workload, connections, o.Warmup, o.Duration, _tag, 0, cpu, ct);
        profile?.WaitForExit(30_000);
        _results.Loads.Add(new LoadFigure(scenario, store, connections, r.Throughput, r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms, r.MaxMs,
            r.Requests, r.Unexpected, r.UnexpectedSample, r.Exhausted, r.ServerCores, r.GeneratorCores, r.OtherCores));
        Log(string.Create(CultureInfo.InvariantCulture,
            $"  {scenario,-14} {store,-10} c={connections,-3} {r.Throughput,9:N0} req/s  p50 {r.P50Ms,6:F2}  p90 {r.P90Ms,6:F2}  p99 {r.P99Ms,6:F2}  p99.9 {r.P999Ms,6:F2} ms" +
            $"  cpu server {r.ServerCores:F2} generator {r.GeneratorCores:F2} other {r.OtherCores:F2}" +
            $"  ({r.ServerCores / Math.Max(1, r.Throughput) * 1e6:F0} µs server CPU per request)")
            + (r.Unexpected > 0 ? $"  {r.Unexpected} unexpected, e.g. {r.UnexpectedSample}" : "")
            + (r.Exhausted ? "  (ran out of engagements: raise --engagements)" : ""));
    }

    /// <summary>
    /// <c>perf record</c> of the server over the measured window (it starts after the warm-up and runs for the duration);
    /// read it with <c>perf report -i FILE --no-children</c> (the server writes /tmp/perf-PID.map for JIT-compiled code).
    /// </summary>
    private Process? StartProfile(ServerProcess server, string name)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        var file = Path.Combine(RunDirectory, name + ".perf.data");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture,
            $"sleep {o.WarmupSeconds}; exec perf record -q -e cpu-clock -F 1999 -g -p {server.Pid} -o '{file}' -- sleep {o.DurationSeconds} >/dev/null 2>&1"));
        return Process.Start(info);
    }

    /// <summary>Engagement ids for the baseline's requests (the baseline stores nothing).</summary>
    private EngagementPlan FakePlan()
    {
        var ids = new byte[1000][];
        var creators = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Encoding.ASCII.GetBytes("eng-" + RandomNumberGenerator.GetString("0123456789abcdefghijklmnopqrstuvwxyz", 14));
            creators[i] = i % _accounts.Count;
        }
        return new EngagementPlan(ids, creators, int.MaxValue / ids.Length);
    }

    /// <summary>A key that changes when the store's embedded migrations change, so a kept store is reseeded.</summary>
    private static string SchemaKey()
    {
        var assembly = typeof(Cosell.Storage.Sqlite.SqliteStore).Assembly;
        var text = new StringBuilder("seed-v1;");
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            text.Append(name).Append(':').Append(Convert.ToHexString(SHA256.HashData(stream))).Append(';');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..10];
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static void Log(string line) => Console.WriteLine(line);

    public static async Task<int> MainAsync(BenchOptions o)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var results = await new Worker(o).RunAsync(cts.Token);
        await File.WriteAllTextAsync(o.ResultFile!, JsonSerializer.Serialize(results, BenchJsonContext.Default.RunResults), cts.Token);
        return 0;
    }

    internal static string Version => typeof(Worker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
}
