using System.Globalization;

namespace Cosell.Bench;

/// <summary>Command-line options (see <see cref="Usage"/>).</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Cosell.Bench: SigV4-signed load against Cosell, every result a ratio to a bare-Kestrel baseline of the same run.

          --duration S          measured seconds per scenario (default 4)
          --warmup S            warm-up seconds per scenario, not recorded (default 2)
          --connections N       connections of the main runs (default 64); the write latency target also runs at --low-connections
          --low-connections N   (default 16)
          --runs N              repetitions per mode; the table shows medians (default 1; the issue quotes 3)
          --modes LIST          unpinned,pinned (default both; pinned = server on core 1, generator on core 0, taskset)
          --scenarios LIST      baseline,create,reject,get,list,mixed,startup,rss (default all)
          --list-sizes LIST     stored invitations for the List scenario (default 10000,1000000)
          --accounts N          partner accounts in the accounts file (default 200)
          --engagements N       engagements pre-created for the create scenarios (default 80000)
          --per-engagement N    invitations sent into each of them (default 3; an engagement holds at most 10 partners)
          --startups N          starts timed for the start-up figure (default 5)
          --rss-invitations N   invitations created before the second RSS reading (default 100000)
          --store CONN          also run the store scenarios on PostgreSQL (Npgsql connection string; env COSELL_TEST_POSTGRES)
          --server PATH         cosell.dll under test (default: the ReadyToRun publish scripts/bench.sh makes in
                                bench/.work/publish, else src/Cosell.Server/bin/Release/net10.0/cosell.dll)
          --jit-server PATH     a second cosell.dll whose start-up is also timed (default: the plain Release build)
          --baseline PATH       Cosell.Bench.Baseline.dll (default bench/Cosell.Bench.Baseline/bin/Release/net10.0/...)
          --work DIR            data, seeded stores and logs (default bench/.work)
          --out FILE            also write the results as JSON
          --server-env K=V      an environment variable for every Cosell server (repeatable; for experiments)
          --perf                record a CPU profile of the server in each measured window (perf record, into the run folder)
        """;

    public double DurationSeconds { get; set; } = 4;
    public double WarmupSeconds { get; set; } = 2;
    public int Connections { get; set; } = 64;
    public int LowConnections { get; set; } = 16;
    public int Runs { get; set; } = 1;
    public List<string> Modes { get; set; } = ["unpinned", "pinned"];
    public HashSet<string> Scenarios { get; set; } = new(["baseline", "create", "reject", "get", "list", "mixed", "startup", "rss"], StringComparer.Ordinal);
    public List<int> ListSizes { get; set; } = [10_000, 1_000_000];
    public int Accounts { get; set; } = 200;
    public int Engagements { get; set; } = 80_000;
    public int PerEngagement { get; set; } = 3;
    public int Startups { get; set; } = 5;
    public int RssInvitations { get; set; } = 100_000;
    public string? PostgresConnection { get; set; } = Environment.GetEnvironmentVariable("COSELL_TEST_POSTGRES");
    public string Root { get; set; } = FindRoot();
    public string? ServerDll { get; set; }
    public string? BaselineDll { get; set; }
    public string? WorkDirectory { get; set; }
    public string? OutFile { get; set; }
    public bool Perf { get; set; }
    public List<string> ServerEnvironment { get; set; } = [];

    // Internal: a worker runs one mode once and writes its results to --result.
    public bool Worker { get; set; }
    public string Mode { get; set; } = "unpinned";
    public string? ResultFile { get; set; }
    public int RunIndex { get; set; }

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);
    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);
    public bool Pinned => Mode == "pinned";
    public string Server => ServerDll ?? (File.Exists(PublishedServer) ? PublishedServer : BuiltServer);
    public string? JitServer => JitServerDll ?? (BuiltServer != Server && File.Exists(BuiltServer) ? BuiltServer : null);
    public string? JitServerDll { get; set; }
    private string PublishedServer => Path.Combine(Work, "publish/cosell.dll");
    private string BuiltServer => Path.Combine(Root, "src/Cosell.Server/bin/Release/net10.0/cosell.dll");
    public string Baseline => BaselineDll ?? Path.Combine(Root, "bench/Cosell.Bench.Baseline/bin/Release/net10.0/Cosell.Bench.Baseline.dll");
    public string Work => WorkDirectory ?? Path.Combine(Root, "bench/.work");

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            static List<string> List(string v) => [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            static int Int(string v) => int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--duration": o.DurationSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup": o.WarmupSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--connections": o.Connections = Int(Value()); break;
                case "--low-connections": o.LowConnections = Int(Value()); break;
                case "--runs": o.Runs = Int(Value()); break;
                case "--modes": o.Modes = List(Value()); break;
                case "--scenarios": o.Scenarios = new(List(Value()), StringComparer.Ordinal); break;
                case "--list-sizes": o.ListSizes = List(Value()).Select(Int).ToList(); break;
                case "--accounts": o.Accounts = Int(Value()); break;
                case "--engagements": o.Engagements = Int(Value()); break;
                case "--per-engagement": o.PerEngagement = Int(Value()); break;
                case "--startups": o.Startups = Int(Value()); break;
                case "--rss-invitations": o.RssInvitations = Int(Value()); break;
                case "--store": o.PostgresConnection = Value(); break;
                case "--server": o.ServerDll = Path.GetFullPath(Value()); break;
                case "--jit-server": o.JitServerDll = Path.GetFullPath(Value()); break;
                case "--baseline": o.BaselineDll = Path.GetFullPath(Value()); break;
                case "--work": o.WorkDirectory = Path.GetFullPath(Value()); break;
                case "--out": o.OutFile = Path.GetFullPath(Value()); break;
                case "--perf": o.Perf = true; break;
                case "--server-env": o.ServerEnvironment.Add(Value()); break;
                case "--worker": o.Worker = true; break;
                case "--mode": o.Mode = Value(); break;
                case "--result": o.ResultFile = Value(); break;
                case "--run-index": o.RunIndex = Int(Value()); break;
                case "-h" or "--help": throw new HelpRequested();
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        if (o.PostgresConnection is "" or "sqlite")
        {
            o.PostgresConnection = null;
        }
        if (o.Accounts < 2 * (o.PerEngagement + 1) || o.Accounts < 20)
        {
            throw new ArgumentException("--accounts must be at least 20 and twice --per-engagement + 1.");
        }
        return o;
    }

    /// <summary>The arguments that give a worker the same settings (the PostgreSQL connection string goes in its environment).</summary>
    public List<string> WorkerArguments(string mode, int run, string resultFile)
    {
        var a = new List<string>
        {
            "--worker", "--mode", mode, "--run-index", run.ToString(CultureInfo.InvariantCulture), "--result", resultFile,
            "--duration", DurationSeconds.ToString(CultureInfo.InvariantCulture),
            "--warmup", WarmupSeconds.ToString(CultureInfo.InvariantCulture),
            "--connections", Connections.ToString(CultureInfo.InvariantCulture),
            "--low-connections", LowConnections.ToString(CultureInfo.InvariantCulture),
            "--scenarios", string.Join(',', Scenarios),
            "--list-sizes", string.Join(',', ListSizes),
            "--accounts", Accounts.ToString(CultureInfo.InvariantCulture),
            "--engagements", Engagements.ToString(CultureInfo.InvariantCulture),
            "--per-engagement", PerEngagement.ToString(CultureInfo.InvariantCulture),
            "--startups", Startups.ToString(CultureInfo.InvariantCulture),
            "--rss-invitations", RssInvitations.ToString(CultureInfo.InvariantCulture),
            "--server", Server, "--baseline", Baseline, "--work", Work,
        };
        if (JitServer is { } jit)
        {
            a.AddRange(["--jit-server", jit]);
        }
        if (Perf)
        {
            a.Add("--perf");
        }
        foreach (var e in ServerEnvironment)
        {
            a.AddRange(["--server-env", e]);
        }
        return a;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cosell.slnx")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

internal sealed class HelpRequested : Exception;
