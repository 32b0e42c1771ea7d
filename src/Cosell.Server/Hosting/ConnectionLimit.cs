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

    /// <summary>Half of the descriptors left when they are few; of more, all but a quarter (at least 512 kept back).</summary>
    private static long ForSpareFiles(long spare) => spare <= 1024 ? Math.Max(spare / 2, 1) : spare - Math.Max(512, spare / 4);
}
