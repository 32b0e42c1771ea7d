namespace Cosell.Codegen;

/// <summary>
/// The files one generator writes into one folder. <paramref name="OwnedPattern"/> names the files the folder holds
/// only because the generator wrote them (a match it no longer writes is stale); null when the folder may hold others.
/// </summary>
internal sealed record OutputSet(string Directory, SortedDictionary<string, string> Files, string? OwnedPattern)
{
    /// <summary>Files missing, different from what would be written, or stale.</summary>
    public IEnumerable<string> Drift()
    {
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(Directory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                yield return name;
            }
        }
        foreach (var stale in StaleFiles())
        {
            yield return Path.GetFileName(stale);
        }
    }

    public void Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var stale in StaleFiles())
        {
            File.Delete(stale);
        }
        foreach (var (name, text) in Files)
        {
            File.WriteAllText(Path.Combine(Directory, name), text);
        }
    }

    private IEnumerable<string> StaleFiles() =>
        OwnedPattern is null || !System.IO.Directory.Exists(Directory)
            ? []
            : System.IO.Directory.GetFiles(Directory, OwnedPattern).Where(f => !Files.ContainsKey(Path.GetFileName(f))).ToList();
}
