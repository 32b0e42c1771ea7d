using System.Globalization;

namespace Cosell.Server.Hosting;

/// <summary>
/// The cap on concurrent connections when <c>--max-connections</c> is not given: what the process's open-file limit leaves
/// for the store's files and connections, webhook deliveries and the runtime. Without a cap, a client that opens
/// connections and never closes them (a test suite making a new SDK client per call) uses up the descriptors, and the
/// .NET runtime aborts the process when it cannot open one for itself.
/// </summary>
public static class ConnectionLimit
{
    private const string LimitsFile = "/proc/self/limits";

    /// <summary>The default cap; null (no cap) where the limit cannot be read or is unlimited.</summary>
    public static long? Default()
    {
        try
        {
            return File.Exists(LimitsFile)
                ? FromLimits(File.ReadAllText(LimitsFile), Directory.GetFileSystemEntries("/proc/self/fd").Length)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The cap for the soft "Max open files" of a <c>/proc/PID/limits</c> text, <paramref name="open"/> descriptors being
    /// open already (about 200 at start-up, most of them the runtime's own libraries).
    /// </summary>
    public static long? FromLimits(string limits, int open)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var files) ? ForSpareFiles(files - open) : null;
        }
        return null;
    }

    /// <summary>
    /// A third of the descriptors left, or all but a quarter of them (at least 1,024 kept back), whichever is more. A
    /// refused connection holds a descriptor until Kestrel has closed it, which under a burst of new clients takes a
    /// while: with half kept back, 1,200 clients at once took a server under a hard limit of 1,024 to 1,023 descriptors
    /// (it aborted in 1 of 3 runs; 673-872 when it lived); with two thirds kept back, 493-662.
    /// </summary>
    private static long ForSpareFiles(long spare) => Math.Max(Math.Max(spare / 3, spare - Math.Max(1024, spare / 4)), 1);
}
