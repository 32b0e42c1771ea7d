using System.Globalization;

namespace Cosell.Bench;

/// <summary>The printed tables: every load figure as medians of the runs, and the targets of issue 7, met or not.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Print(TextWriter w, BenchOptions o, IReadOnlyList<RunResults> runs)
    {
        var modes = o.Modes.Where(m => runs.Any(r => r.Mode == m)).ToList();
        w.WriteLine($"Medians of {o.Runs} run(s). req/s and its ratio to the bare-Kestrel baseline of the same run and connection count;");
        w.WriteLine("latencies in ms. Pinned: server on core 1, load generator on core 0 (taskset), DOTNET_TC_CallCountingDelayMs=0.");
        w.WriteLine("cpu: cores busy during the measured window in the server / the load generator / anything else on the machine");
        w.WriteLine("(\"other\" well above 0 means the run shared the machine with foreign work and its figures are unreliable).");
        w.WriteLine();

        var header = "| scenario | store | conns |";
        var rule = "| --- | --- | ---: |";
        foreach (var m in modes)
        {
            header += $" {m} req/s | ratio | p50 | p90 | p99 | p99.9 | cpu srv/gen/other |";
            rule += " ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
        }
        w.WriteLine(header);
        w.WriteLine(rule);
        var keys = runs.SelectMany(r => r.Loads).Select(l => (l.Scenario, l.Store, l.Connections)).Distinct().ToList();
        foreach (var (scenario, store, connections) in keys)
        {
            var line = $"| {scenario} | {store} | {connections} |";
            foreach (var m in modes)
            {
                var figures = Figures(runs, m, scenario, store, connections);
                if (figures.Count == 0)
                {
                    line += " | | | | | | |";
                    continue;
                }
                var ratio = Median(runs.Where(r => r.Mode == m).Select(r => Ratio(r, scenario, store, connections)));
                line += string.Create(Inv, $" {Median(figures.Select(f => f.Rps)),0:N0} | {Fmt(ratio, "F2")} | {Median(figures.Select(f => f.P50Ms)):F2} | " +
                    $"{Median(figures.Select(f => f.P90Ms)):F2} | {Median(figures.Select(f => f.P99Ms)):F2} | {Median(figures.Select(f => f.P999Ms)):F2} | " +
                    $"{Median(figures.Select(f => f.ServerCores)):F2}/{Median(figures.Select(f => f.GeneratorCores)):F2}/{Median(figures.Select(f => f.OtherCores)):F2} |");
            }
            w.WriteLine(line);
        }

        var problems = runs.SelectMany(r => r.Loads.Where(l => l.Unexpected > 0 || l.Exhausted)
            .Select(l => $"{r.Mode} run {r.Run} {l.Scenario} {l.Store} c={l.Connections}: {l.Unexpected} unexpected answers" +
                (l.Exhausted ? " (ran out of prepared engagements)" : "") + (l.UnexpectedSample is null ? "" : $", e.g. {l.UnexpectedSample}"))).ToList();
        if (problems.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Unexpected answers (not counted in req/s or latency):");
            foreach (var p in problems)
            {
                w.WriteLine("  " + p);
            }
        }

        w.WriteLine();
        w.WriteLine("| target (issue 7) | required | " + string.Join(" | ", modes) + " | met |");
        w.WriteLine("| --- | --- | " + string.Join(" | ", modes.Select(_ => "---:")) + " | --- |");
        var c = o.Connections;
        var low = o.LowConnections;
        Target(w, runs, modes, $"CreateEngagementInvitation, SQLite, {c} conns: ratio", "≥ 0.25 pinned, ≥ 0.30 unpinned",
            r => Ratio(r, "create", "sqlite", c), (m, v) => v >= (m == "pinned" ? 0.25 : 0.30), "F2");
        Target(w, runs, modes, $"CreateEngagementInvitation, SQLite, p99 at {c} conns (ms)", "≤ 10",
            r => Load(r, "create", "sqlite", c)?.P99Ms, (_, v) => v <= 10, "F2");
        Target(w, runs, modes, $"CreateEngagementInvitation, SQLite, p99 at {low} conns (ms)", "≤ 5",
            r => Load(r, "create", "sqlite", low)?.P99Ms, (_, v) => v <= 5, "F2");
        Target(w, runs, modes, "Rejected by validation: ratio", "≥ 0.45",
            r => Ratio(r, "reject", "sqlite", c), (_, v) => v >= 0.45, "F2");
        Target(w, runs, modes, "GetEngagementInvitation: ratio", "≥ 0.45",
            r => Ratio(r, "get", "sqlite", c), (_, v) => v >= 0.45, "F2");
        if (o.ListSizes.Count >= 2)
        {
            var (small, large) = (o.ListSizes.Min(), o.ListSizes.Max());
            foreach (var conns in new[] { c, 1 })
            {
                Target(w, runs, modes, $"List page of 20, p50 at {large:N0} / at {small:N0} ({conns} conn)", "≤ 1.5",
                    r => Load(r, $"list-{large}", "sqlite", conns)?.P50Ms / Load(r, $"list-{small}", "sqlite", conns)?.P50Ms, (_, v) => v <= 1.5, "F2");
                Target(w, runs, modes, $"List page of 20, p99 at {large:N0} / at {small:N0} ({conns} conn)", "≤ 1.5",
                    r => Load(r, $"list-{large}", "sqlite", conns)?.P99Ms / Load(r, $"list-{small}", "sqlite", conns)?.P99Ms, (_, v) => v <= 1.5, "F2");
            }
        }
        if (runs.Any(r => r.Loads.Any(l => l.Store == "postgresql")))
        {
            Target(w, runs, modes, $"CreateEngagementInvitation, PostgreSQL, {c} conns (req/s)", "≥ 8,000",
                r => Load(r, "create", "postgresql", c)?.Rps, (_, v) => v >= 8000, "N0");
        }
        Target(w, runs, modes, "Start-up to first signed 200 (ms)", "≤ 500",
            r => Scalar(r, "startup-ms"), (_, v) => v <= 500, "F0");
        Target(w, runs, modes, $"RSS after {o.RssInvitations:N0} invitations (MB)", "≤ 150",
            r => Scalar(r, "rss-100k-mb"), (_, v) => v <= 150, "F1");

        w.WriteLine();
        w.WriteLine("Other figures (medians): " + string.Join("; ", modes.Select(m =>
            $"{m}: start-up of the plain build (JIT) {Fmt(Median(runs.Where(r => r.Mode == m).Select(r => Scalar(r, "startup-jit-ms"))), "F0")} ms, " +
            $"CPU used until the first 200 {Fmt(Median(runs.Where(r => r.Mode == m).Select(r => Scalar(r, "startup-cpu-ms"))), "F0")} ms, " +
            $"RSS after start {Fmt(Median(runs.Where(r => r.Mode == m).Select(r => Scalar(r, "startup-rss-mb"))), "F1")} MB, " +
            $"peak RSS in the 100k run {Fmt(Median(runs.Where(r => r.Mode == m).Select(r => Scalar(r, "rss-100k-peak-mb"))), "F1")} MB, " +
            $"bare-Kestrel start-up {Fmt(Median(runs.Where(r => r.Mode == m).Select(r => Scalar(r, "baseline-startup-ms"))), "F0")} ms")));
    }

    private static void Target(TextWriter w, IReadOnlyList<RunResults> runs, List<string> modes, string name, string required,
        Func<RunResults, double?> value, Func<string, double, bool> met, string format)
    {
        var cells = new List<string>();
        var verdicts = new List<string>();
        foreach (var m in modes)
        {
            var v = Median(runs.Where(r => r.Mode == m).Select(value));
            cells.Add(Fmt(v, format));
            if (!double.IsNaN(v))
            {
                verdicts.Add(met(m, v) ? $"{m}: yes" : $"{m}: NO");
            }
        }
        w.WriteLine($"| {name} | {required} | {string.Join(" | ", cells)} | {(verdicts.Count == 0 ? "not measured" : string.Join(", ", verdicts))} |");
    }

    private static List<LoadFigure> Figures(IReadOnlyList<RunResults> runs, string mode, string scenario, string store, int connections) =>
        runs.Where(r => r.Mode == mode).Select(r => Load(r, scenario, store, connections)).OfType<LoadFigure>().ToList();

    private static LoadFigure? Load(RunResults r, string scenario, string store, int connections) =>
        r.Loads.FirstOrDefault(l => l.Scenario == scenario && l.Store == store && l.Connections == connections);

    /// <summary>Throughput over the baseline's at the same connection count (or, where it was not run, at the most connections).</summary>
    private static double? Ratio(RunResults r, string scenario, string store, int connections)
    {
        var figure = Load(r, scenario, store, connections);
        var baseline = Load(r, "baseline", "-", connections)
            ?? r.Loads.Where(l => l.Scenario == "baseline").OrderByDescending(l => l.Connections).FirstOrDefault();
        return figure is null || baseline is null || baseline.Rps == 0 || scenario == "baseline" && connections != baseline.Connections
            ? null
            : figure.Rps / baseline.Rps;
    }

    private static double? Scalar(RunResults r, string key) => r.Scalars.TryGetValue(key, out var v) ? v : null;

    private static double Median(IEnumerable<double?> values) => Worker.Median(values.OfType<double>().Where(v => !double.IsNaN(v)).ToList());

    private static double Median(IEnumerable<double> values) => Worker.Median(values.ToList());

    private static string Fmt(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, Inv);
}
