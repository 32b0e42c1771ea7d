using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Keeps every log line the server writes (all categories, every level) so tests can search them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Clear() => _lines.Clear();

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null)
            {
                line += "\n" + exception;
            }
            owner._lines.Enqueue(line);
        }
    }
}
