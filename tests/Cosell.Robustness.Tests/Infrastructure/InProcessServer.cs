using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;
using Cosell.Protocol.Pipeline;
using Cosell.Server.Hosting;
using Cosell.Server.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>What an <see cref="InProcessServer"/> is started with.</summary>
public sealed record ServerSettings
{
    public int AccountCount { get; init; } = 8;
    public bool Throttling { get; init; }

    /// <summary>Account index → the accounts file's per-account <c>"throttling"</c> value.</summary>
    public IReadOnlyDictionary<int, bool>? ThrottlingOverrides { get; init; }

    /// <summary>Account index → the URL of its one webhook.</summary>
    public IReadOnlyDictionary<int, string>? Webhooks { get; init; }

    public long? MaxConnections { get; init; }
    public int? MaxBodyBytes { get; init; }

    /// <summary><see cref="StoreSelection.Sqlite"/> or <see cref="StoreSelection.Postgres"/> (a fresh database, dropped at the end).</summary>
    public string Store { get; init; } = StoreSelection.Sqlite;
}

/// <summary>
/// The real server (CosellHost: Kestrel on 127.0.0.1, an ephemeral port, real SigV4) in this process, with a
/// <see cref="ManualClock"/> as its TimeProvider, every log line captured at Trace, and its own accounts and data directory.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private WebApplication? _app;
    private (string Name, string ConnectionString)? _database;

    private InProcessServer(ServerSettings settings, IReadOnlyList<TestAccount> accounts, string directory)
    {
        Settings = settings;
        Accounts = accounts;
        Directory = directory;
    }

    public ServerSettings Settings { get; }
    public IReadOnlyList<TestAccount> Accounts { get; }
    public string Directory { get; }
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public LogCapture Logs { get; } = new();
    public ApiClient Client { get; private set; } = null!;
    public Uri BaseAddress => Client.BaseAddress;
    public IServiceProvider Services => _app!.Services;

    /// <summary>Every operation of the model, in name order.</summary>
    public static IReadOnlyList<OperationDescriptor> AllOperations { get; } =
        OperationTable.All.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();

    /// <summary>The operations this build has a handler for (what /_cosell/health counts).</summary>
    public IReadOnlyList<OperationDescriptor> Implemented =>
        AllOperations.Where(Services.GetRequiredService<IOperationDispatcher>().IsImplemented).ToList();

    public static async Task<InProcessServer> StartAsync(ServerSettings? settings = null)
    {
        settings ??= new ServerSettings();
        var accounts = Infrastructure.Accounts.Create(settings.AccountCount);
        var directory = Path.Combine(Path.GetTempPath(), "cosell-rb-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var overrides = settings.ThrottlingOverrides?.ToDictionary(kv => accounts[kv.Key].AccountId, kv => kv.Value);
        var webhooks = settings.Webhooks?.ToDictionary(kv => accounts[kv.Key].AccountId, kv => kv.Value);
        Infrastructure.Accounts.WriteFile(Path.Combine(directory, "accounts.json"), accounts, overrides, webhooks);
        var server = new InProcessServer(settings, accounts, directory);
        server._database = await StoreSelection.CreateAsync(settings.Store);
        await server.StartAppAsync();
        return server;
    }

    private async Task StartAppAsync()
    {
        var options = new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(Directory, "data"),
            AccountsPath = Path.Combine(Directory, "accounts.json"),
            Throttling = Settings.Throttling,
            MaxConnections = Settings.MaxConnections,
            Store = _database?.ConnectionString,
            PrintAccounts = false,
        };
        _app = await CosellHost.BuildAsync(options, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (Settings.MaxBodyBytes is { } max)
            {
                services.AddSingleton(new PipelineOptions { MaxBodyBytes = max });
            }
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(o =>
                o.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Trace, null)));
        });
        await _app.StartAsync();
        var url = _app.Urls.Single();
        Client = new ApiClient(new Uri(url.EndsWith('/') ? url : url + "/"), Clock.GetUtcNow);
    }

    /// <summary>Stops the server and starts a new one on the same data and accounts (a new port, the same clock).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAppAsync();
    }

    private async Task StopAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await StoreSelection.DropAsync(_database);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }
}
