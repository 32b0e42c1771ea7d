namespace Cosell.Server.Hosting;

/// <summary>What <c>cosell serve</c> takes; every member has a default so a bare <c>serve</c> works.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrls = "http://127.0.0.1:4577";

    public string Urls { get; init; } = DefaultUrls;
    public string DataDirectory { get; init; } = "./cosell-data";
    public string? AccountsPath { get; init; }

    /// <summary>Enforce the documented per-second quotas with ThrottlingException (off by default).</summary>
    public bool Throttling { get; init; }

    /// <summary>Print the demo accounts' keys at start-up (the server command does; tests do not need the noise).</summary>
    public bool PrintAccounts { get; init; } = true;
}
