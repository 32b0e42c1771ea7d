using Cosell.Model.Contracts;
using Cosell.Protocol.AwsJson10;
using Cosell.Protocol.Auth;
using Cosell.Protocol.Pipeline;
using Cosell.Protocol.Validation;
using Cosell.Server.Accounts;
using Cosell.Server.Admin;
using Cosell.Server.Events;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;
using Cosell.Service.Ports;
using Cosell.Storage;
using Cosell.Storage.Postgres;
using Cosell.Storage.Sqlite;
using Cosell.Model.Smithy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Hosting;

/// <summary>Composes the server: store, accounts, pipeline and admin endpoints on Kestrel. Used by <c>serve</c> and by tests.</summary>
public static class CosellHost
{
    private static readonly PathString AdminPrefix = new("/_cosell");

    public static async Task<WebApplication> BuildAsync(
        ServeOptions options, Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        if (options.ClockControl && !string.IsNullOrWhiteSpace(options.Store))
        {
            throw new StartupException(
                "--clock-control works with the SQLite store only: the clock's offset lives in one process, and instances sharing a PostgreSQL store would disagree about the time.");
        }
        // The native crypto library (OpenSSL, which SigV4's hashes use) loads on first use, and its type initializer fails
        // for good if no descriptor is free then: every signed request answered 500 afterwards. Loaded before any client.
        try
        {
            System.Security.Cryptography.HMACSHA256.HashData("cosell"u8, "start"u8);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or System.Security.Cryptography.CryptographicException)
        {
            throw new StartupException($"OpenSSL, which request signatures are checked with, cannot be loaded: {e.GetBaseException().Message}");
        }
        var (store, storeLocation) = await OpenStoreAsync(options, ct);
        var (accounts, demo) = await ResolveAccountsAsync(store, options, ct);
        var directory = new AccountDirectory(accounts);

        // No appsettings reload: it would watch the whole working directory tree (inotify on every folder, the data folder
        // included) and wake a thread on every write to the store. Cosell reads no appsettings file (below).
        // The content root and environment are set here: the builder reads ASPNETCORE_CONTENTROOT (a folder that does not
        // exist ended the process with a stack trace) and ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT (Development turns on
        // ASP.NET's HTML exception page) before the sources below can be removed.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // Cosell is configured by its flags alone. The builder's own sources would read an appsettings.json in the working
        // directory (a .NET project's folder, where a CRM's CI job may well start the server) and ASP.NET's environment
        // variables (Kestrel__Endpoints__…, Logging__…): either silently replaced --urls and --log-level.
        foreach (var source in builder.Configuration.Sources.Where(s => s is JsonConfigurationSource or EnvironmentVariablesConfigurationSource).ToList())
        {
            builder.Configuration.Sources.Remove(source);
        }
        builder.WebHost.UseUrls(ServeOptions.Addresses(options.Urls));
        var connectionCap = options.MaxConnections ?? ConnectionLimit.Default();
        // The pipeline caps bodies itself so that an oversized body still gets an AWS-shaped error.
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MaxConcurrentConnections = connectionCap;
            k.AddServerHeader = false; // AWS's endpoints do not name their software; SDK debug logs and recorded exchanges would show it
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // --log-level Debug means Cosell's request lines
        // The lifetime lines (where it listens) show at the default level; --log-level Error, Critical or None silence them.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", options.LogLevel <= LogLevel.Warning ? LogLevel.Information : options.LogLevel);
        builder.Logging.AddFilter(RefusedConnectionsLog.KestrelCategory, LogLevel.Error);

        var services = builder.Services;
        services.AddSingleton<IStore>(store);
        services.AddSingleton(directory);
        services.AddSingleton<IAccountDirectory>(directory);
        services.AddSingleton<ICredentialStore>(directory);
        services.AddSingleton(ShapeGraph.Instance);
        services.AddSingleton<RequestValidator>();
        // The real service answers in us-east-1 only; a scope naming another region is refused as AWS refuses it.
        services.AddSingleton(new SigV4Options { RequiredRegion = "us-east-1" });
        services.AddSingleton(sp => new SigV4Verifier(sp.GetRequiredService<ICredentialStore>(), WallClock(sp), sp.GetRequiredService<SigV4Options>()));
        services.AddSingleton(new PipelineOptions());
        var throttlingOverrides = options.AccountsPath is { } accountsPath ? AccountsFile.LoadThrottling(accountsPath) : null;
        services.AddSingleton(sp => new RequestThrottle(options.Throttling, WallClock(sp), throttlingOverrides));
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton(new IdempotencyOptions { TokenLifetime = options.ClientTokenLifetime, StrictTokens = options.StrictClientTokens });
        services.AddSingleton(new EventRetentionOptions(options.EventRetention));
        services.AddCosellService();
        services.AddSingleton(new EventsOptions());
        services.AddHostedService<ExpirySweeperService>();
        services.AddHostedService(sp => new RefusedConnectionsLog(
            connectionCap, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<ILogger<RefusedConnectionsLog>>()));
        // It signs PutEvents for real EventBridge targets: with the wall clock, as AWS checks it.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<WebhookDeliveryService>(sp, WallClock(sp)));
        configure?.Invoke(services);
        var clock = options.ClockControl ? UseAdjustableClock(services) : null;

        var app = builder.Build();
        var pipeline = app.Services.GetRequiredService<RequestPipeline>();
        // API calls skip endpoint routing and the status-code pages: the admin endpoints all live under /_cosell/, so
        // routing has nothing to match for any other path (building its matcher was a large part of the first request,
        // start-up in issue 7), and the pipeline writes a JSON body with every status it sets.
        app.Use((http, next) => http.Request.Path.StartsWithSegments(AdminPrefix) ? next(http) : pipeline.InvokeAsync(http));
        app.UseStatusCodePages(AnswerBareStatus);
        app.UseRouting();
        app.Use((http, next) => http.GetEndpoint() is null ? pipeline.InvokeAsync(http) : next(http));
        HealthEndpoint.Map(app);
        ClockEndpoint.Map(app, clock);
        EventFeedEndpoint.Map(app);

        if (options.PrintAccounts)
        {
            app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, store.Kind, storeLocation, options, accounts, demo));
        }
        app.Lifetime.ApplicationStopped.Register(() => ((IAsyncDisposable)store).DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>
    /// Under <c>--clock-control</c> the business clock (what handlers, sweeps and stored times read) becomes an
    /// <see cref="Admin.AdjustableClock"/> over the one registered (the system's, or a test's).
    /// </summary>
    private static AdjustableClock UseAdjustableClock(IServiceCollection services)
    {
        // An instance, as CosellHost and the tests register it: a factory would have to be wrapped unseen.
        var inner = services.Last(d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance as TimeProvider
            ?? throw new InvalidOperationException("--clock-control needs the TimeProvider registered as an instance.");
        var clock = new AdjustableClock(inner);
        services.AddSingleton<TimeProvider>(clock);
        return clock;
    }

    /// <summary>
    /// The clock of request signatures and quotas: the real one even when <c>--clock-control</c> moved the business clock,
    /// since the SDKs sign with the time of the machine they run on.
    /// </summary>
    private static TimeProvider WallClock(IServiceProvider sp) =>
        sp.GetRequiredService<TimeProvider>() is AdjustableClock adjustable ? adjustable.Inner : sp.GetRequiredService<TimeProvider>();

    /// <summary>PostgreSQL when a connection string is given (<c>--store</c>), else SQLite in the data directory; and where the data is, for the banner.</summary>
    private static async Task<(IStore Store, string Location)> OpenStoreAsync(ServeOptions options, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.Store))
        {
            try
            {
                var postgres = await PostgresStore.OpenAsync(options.Store, ct, notice => Console.Error.WriteLine("cosell serve: " + notice));
                return (postgres, postgres.Description);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException or SchemaVersionException)
            {
                throw new StartupException($"The PostgreSQL store cannot be opened: {PostgresFailure(e, options.Store)}", e);
            }
        }
        try
        {
            var sqlite = await SqliteStore.OpenAsync(options.DataDirectory, ct);
            return (sqlite, sqlite.DatabasePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or ArgumentException
            or SchemaVersionException)
        {
            throw new StartupException($"The data folder '{options.DataDirectory}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>
    /// Npgsql's message with its cause ("Failed to connect to …" says nothing of a refusal) and the server it is about when
    /// the message does not name it (a name that does not resolve). Never the password: only Host and Port are read.
    /// </summary>
    private static string PostgresFailure(Exception e, string store)
    {
        var text = e.InnerException is { Message: { Length: > 0 } cause } && !e.Message.Contains(cause, StringComparison.Ordinal)
            ? $"{e.Message} ({cause})"
            : e.Message;
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(store);
            if (server.Host is { Length: > 0 } host && !text.Contains(host, StringComparison.Ordinal))
            {
                text += $" (server {host}:{server.Port})";
            }
        }
        catch (ArgumentException)
        {
            // The connection string itself is what is wrong; the message says so.
        }
        return text;
    }

    /// <summary>An accounts file wins; otherwise the accounts kept in the store; otherwise new demo accounts, kept for next time.</summary>
    private static async Task<(IReadOnlyList<AccountRecord> Accounts, bool Demo)> ResolveAccountsAsync(
        IStore store, ServeOptions options, CancellationToken ct)
    {
        if (options.AccountsPath is { } path)
        {
            return (AccountsFile.Load(path), false);
        }
        await using var session = await store.BeginAsync(write: true, ct);
        var stored = await session.ListAccountsAsync(ct);
        if (stored.Count > 0)
        {
            return (stored, true);
        }
        var demo = DemoAccounts.Create();
        foreach (var account in demo)
        {
            await session.SaveAccountAsync(account, ct);
        }
        await session.CommitAsync(ct);
        return (demo, true);
    }

    private static string AllowedMethods(PathString path) =>
        path.StartsWithSegments("/_cosell/health") ? "GET or HEAD"
        : path.StartsWithSegments(ClockEndpoint.Path) ? "GET or POST"
        : "GET";

    /// <summary>Statuses the framework produces on its own (an admin path with the wrong method, say) still get a JSON error body.</summary>
    private static Task AnswerBareStatus(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString(); // as every API answer carries one
        var type = status switch { 404 => "UnknownOperationException", 405 => "MethodNotAllowedException", _ => "BadRequestException" };
        var message = status == 405
            ? $"{http.Request.Method} is not allowed on {http.Request.Path}; use {AllowedMethods(http.Request.Path)}."
            : $"The server answered {status} for {http.Request.Method} {http.Request.Path}.";
        return ErrorWriter.WriteAsync(http, new ApiException(type, status, message));
    }
}
