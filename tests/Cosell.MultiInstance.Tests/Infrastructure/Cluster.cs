using System.Security.Cryptography;
using Xunit;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>
/// Two <c>cosell serve</c> processes on two ports over one fresh PostgreSQL database, started at the same moment (so
/// they also migrate the empty database concurrently), with one accounts file of <see cref="AccountCount"/> partners.
/// One per test class; tests make their own engagements.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const int AccountCount = 12;
    public const string Catalog = "Sandbox";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cosell-mi-" + Guid.NewGuid().ToString("N"));
    private readonly List<CosellProcess> _processes = [];
    private string? _database;

    public IReadOnlyList<Account> Accounts { get; } = Enumerable.Range(1, AccountCount).Select(i => new Account(
        $"8000000000{i:D2}", $"Partner {i:D2}",
        "AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40))).ToList();

    /// <summary>The connection string both instances use.</summary>
    public string ConnectionString { get; private set; } = null!;

    /// <summary>Instance 0 and instance 1.</summary>
    public IReadOnlyList<ApiClient> Instances { get; private set; } = [];

    public string Output(int instance) => _processes[instance].Output;

    /// <summary>What both instances logged from their first error on (for a failing assertion's message).</summary>
    public string Errors()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < _processes.Count; i++)
        {
            var output = _processes[i].Output;
            var first = output.IndexOf("fail:", StringComparison.Ordinal);
            if (first >= 0)
            {
                text.Append("--- instance ").Append(i).Append(" ---\n").Append(output.AsSpan(first, Math.Min(6000, output.Length - first))).Append('\n');
            }
        }
        return text.ToString();
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var accountsPath = Path.Combine(_directory, "accounts.json");
        await AccountsFile.WriteAsync(accountsPath, Accounts);

        (_database, ConnectionString) = await Postgres.CreateDatabaseAsync();
        var started = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            CosellProcess.StartAsync("--store", ConnectionString, "--accounts", accountsPath)));
        _processes.AddRange(started);
        Instances = [.. started.Select(p => new ApiClient(p.BaseAddress))];
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Instances)
        {
            client.Dispose();
        }
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        if (_database is not null)
        {
            await Postgres.DropDatabaseAsync(_database);
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }

    /// <summary>Creates a Sandbox engagement with a CustomerProject context (so opportunity invitations fit) on instance 0.</summary>
    public async Task<string> CreateEngagementAsync(Account owner)
    {
        var answer = await Instances[0].CallAsync("CreateEngagement", Bodies.CreateEngagement(), owner);
        Assert.True(answer.Status == 200, answer + "\n" + Errors());
        return answer.Text("Id");
    }
}
