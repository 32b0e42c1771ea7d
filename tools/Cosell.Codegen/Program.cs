using Cosell.Codegen;

// Usage: dotnet run --project tools/Cosell.Codegen [-- --check] [--root <repo>]
var check = args.Contains("--check");
var rootIndex = Array.IndexOf(args, "--root");
var root = rootIndex >= 0 ? args[rootIndex + 1] : FindRepoRoot(Directory.GetCurrentDirectory());
var outDir = Path.Combine(root, "src", "Cosell.Model", "Generated");

var model = ModelLoader.Load(Path.Combine(root, "model"));
var files = new Generator(model).Generate();

if (check)
{
    var drift = new List<string>();
    foreach (var (name, text) in files)
    {
        var path = Path.Combine(outDir, name);
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            drift.Add(name);
        }
    }
    var stale = Directory.Exists(outDir)
        ? Directory.GetFiles(outDir, "*.cs").Select(Path.GetFileName).Where(n => !files.ContainsKey(n!)).ToList()
        : [];
    drift.AddRange(stale!);
    if (drift.Count > 0)
    {
        Console.Error.WriteLine($"codegen: generated code is out of date ({string.Join(", ", drift)}); run: dotnet run --project tools/Cosell.Codegen");
        return 1;
    }
    Console.WriteLine($"codegen: {files.Count} generated files are up to date");
    return 0;
}

Directory.CreateDirectory(outDir);
foreach (var stale in Directory.GetFiles(outDir, "*.cs"))
{
    if (!files.ContainsKey(Path.GetFileName(stale)))
    {
        File.Delete(stale);
    }
}
foreach (var (name, text) in files)
{
    File.WriteAllText(Path.Combine(outDir, name), text);
}
Console.WriteLine($"codegen: wrote {files.Count} files to {outDir}");
return 0;

static string FindRepoRoot(string dir)
{
    for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "model", "partnercentral-selling.json")))
        {
            return d.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the repository (no model/partnercentral-selling.json above the current folder)");
}
