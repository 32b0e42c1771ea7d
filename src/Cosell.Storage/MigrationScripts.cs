using System.Globalization;
using System.Reflection;

namespace Cosell.Storage;

/// <summary>One numbered schema script, embedded in this assembly as <c>{store}/NNNN_name.sql</c>.</summary>
internal sealed record Migration(int Number, string Name, string Sql);

/// <summary>
/// Reads a store's embedded migration scripts in number order. A misnamed script or two scripts with one number fail
/// here, at start-up, before any of them runs.
/// </summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<Migration> Load(string resourcePrefix)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) ||
                !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 ||
                !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }
            migrations.Add(new Migration(number, name, Read(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Number == migrations[i - 1].Number)
            {
                throw new InvalidOperationException($"Two migrations are numbered {migrations[i].Number}.");
            }
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded resource '{resource}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
