using System.CommandLine;
using Cosell.Service.Dispatch;

namespace Cosell.Server.Cli;

/// <summary><c>cosell coverage</c>: writes docs/coverage.md (or, with --check, fails when it is stale).</summary>
internal static class CoverageCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output") { Description = $"Where to write the page (default: {Coverage.RelativePath} of the repository around the current folder)" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the page differs from what would be written" };
        var command = new Command("coverage", "Write the operation coverage page (docs/coverage.md)") { output, check };
        command.SetAction(parse =>
        {
            // The folder it runs in, else the one the program was built in (dotnet run --project from elsewhere).
            var root = RepositoryRoot(Directory.GetCurrentDirectory()) ?? RepositoryRoot(AppContext.BaseDirectory);
            var path = parse.GetValue(output) ?? (root is null ? null : Path.Combine(root, Coverage.RelativePath));
            if (path is null)
            {
                Console.Error.WriteLine($"coverage: not inside a Cosell repository; run it there, or name the page with --output.");
                return 1;
            }
            var text = Coverage.Render();
            try
            {
                if (parse.GetValue(check))
                {
                    if (!File.Exists(path))
                    {
                        Console.Error.WriteLine($"coverage: {path} does not exist; run: dotnet run --project src/Cosell.Server -- coverage");
                        return 1;
                    }
                    if (File.ReadAllText(path) != text)
                    {
                        Console.Error.WriteLine($"coverage: {path} is out of date; run: dotnet run --project src/Cosell.Server -- coverage");
                        return 1;
                    }
                    Console.WriteLine($"coverage: {path} is up to date");
                    return 0;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"coverage: {path}: {e.Message}");
                return 1;
            }
            Console.WriteLine($"coverage: wrote {path}");
            return 0;
        });
        return command;
    }

    private static string? RepositoryRoot(string dir)
    {
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "model", "partnercentral-selling.json")))
            {
                return d.FullName;
            }
        }
        return null;
    }
}
