using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>
/// The figures issue 6 asks for, written to the test's output and appended to <c>figures.txt</c> beside the test assembly
/// (scripts/test.sh prints that file after the run).
/// </summary>
public static class Figures
{
    private static readonly ConcurrentQueue<string> Lines = new();
    private static readonly Lock FileLock = new();

    static Figures()
    {
        File.Delete(FilePath); // one run's figures only
    }

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "figures.txt");

    public static void Report(ITestOutputHelper? output, string line)
    {
        Lines.Enqueue(line);
        output?.WriteLine(line);
        lock (FileLock)
        {
            File.AppendAllText(FilePath, $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}\n");
        }
    }
}
