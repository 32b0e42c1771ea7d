using Cosell.Codegen;

// Usage: dotnet run --project tools/Cosell.Codegen [-- --check] [--root <repo>]
// Writes src/Cosell.Model/Generated (C#) and clients/botocore-data (botocore's model for old boto3 and AWS CLI
// releases), both from the model with its patches; --check only reports which of them are out of date.
var check = args.Contains("--check");
var rootIndex = Array.IndexOf(args, "--root");
var root = rootIndex >= 0 ? args[rootIndex + 1] : FindRepoRoot(Directory.GetCurrentDirectory());

var model = ModelLoader.Load(Path.Combine(root, "model"));
// The C# folder holds nothing else, so a *.cs file the generator no longer writes is stale; the botocore folder's
// files are exactly the two written, so nothing there is deleted.
OutputSet[] outputs =
[
    new(Path.Combine(root, "src", "Cosell.Model", "Generated"), new Generator(model).Generate(), "*.cs"),
    new(Path.Combine(root, BotocoreGenerator.OutputDirectory), new BotocoreGenerator(model).Generate(), null),
];
var total = outputs.Sum(o => o.Files.Count);

if (check)
{
    var drift = outputs.SelectMany(o => o.Drift().Select(name => Path.GetRelativePath(root, Path.Combine(o.Directory, name)))).ToList();
    if (drift.Count > 0)
    {
        Console.Error.WriteLine($"codegen: generated files are out of date ({string.Join(", ", drift)}); run: dotnet run --project tools/Cosell.Codegen");
        return 1;
    }
    Console.WriteLine($"codegen: {total} generated files are up to date");
    return 0;
}

foreach (var output in outputs)
{
    output.Write();
}
Console.WriteLine($"codegen: wrote {total} files to {string.Join(" and ", outputs.Select(o => Path.GetRelativePath(root, o.Directory)))}");
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
