using System.Text.Json.Serialization;

namespace Cosell.Bench;

/// <summary>One load phase of one run.</summary>
internal sealed record LoadFigure(
    string Scenario, string Store, int Connections, double Rps, double P50Ms, double P90Ms, double P99Ms, double P999Ms,
    double MaxMs, long Requests, long Unexpected, string? UnexpectedSample, bool Exhausted,
    double ServerCores, double GeneratorCores, double OtherCores);

/// <summary>What one worker (one mode, one run) measured.</summary>
internal sealed class RunResults
{
    public string Mode { get; set; } = "";
    public int Run { get; set; }
    public List<LoadFigure> Loads { get; set; } = [];

    /// <summary>Single figures: start-up milliseconds, RSS MiB, seeding rates.</summary>
    public Dictionary<string, double> Scalars { get; set; } = [];

    public List<string> Notes { get; set; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RunResults))]
[JsonSerializable(typeof(List<RunResults>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
