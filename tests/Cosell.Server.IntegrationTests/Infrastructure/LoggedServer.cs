using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>A server whose log lines the tests read (a request the store rolled back and ran again says so).</summary>
public sealed class LoggedServer : CosellServer
{
    public LogCapture Logs { get; } = new();

    /// <summary>The warning of a request PostgreSQL aborted (a deadlock) and the server ran again.</summary>
    public bool AnyRequestRunAgain => Logs.Lines.Any(l => l.Contains("rolled back by the store", StringComparison.Ordinal));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}
