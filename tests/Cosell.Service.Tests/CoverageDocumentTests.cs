using Cosell.Model;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Tests;

/// <summary>docs/coverage.md is what <c>cosell coverage</c> writes from the operation table and the registered handlers.</summary>
public sealed class CoverageDocumentTests
{
    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "model", "partnercentral-selling.json")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (model/partnercentral-selling.json) is not above the test's folder");
    }

    [Fact]
    public void CoverageDocument_CheckedIn_IsCurrent()
    {
        var path = Path.Combine(RepositoryRoot(), Coverage.RelativePath);
        Assert.True(File.Exists(path), $"{Coverage.RelativePath} is missing; run: dotnet run --project src/Cosell.Server -- coverage");
        Assert.True(File.ReadAllText(path) == Coverage.Render(),
            $"{Coverage.RelativePath} is stale; run: dotnet run --project src/Cosell.Server -- coverage");
    }

    [Fact]
    public void CoverageDocument_ListsEveryOperationOnce()
    {
        var text = Coverage.Render();
        foreach (var name in OperationTable.All.Keys)
        {
            Assert.Single(text.Split('\n'), line => line.StartsWith($"| `{name}` |", StringComparison.Ordinal));
        }
        Assert.Contains($"**{OperationTable.All.Count} of {OperationTable.All.Count} operations implemented.**", text);
    }

    [Fact]
    public void CoverageDocument_PatchedOperations_NameTheirPatch()
    {
        var line = Coverage.Render().Split('\n').Single(l => l.StartsWith("| `StartProspectingFromEngagementTask` |", StringComparison.Ordinal));
        Assert.EndsWith("| `model/patches/006-prospecting-operations.json` |", line);
    }

    [Fact]
    public void CoverageDocument_WithoutAHandler_SaysNo()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddCosellService();
        var tag = services.Single(d => d.ServiceType == typeof(IOperationHandler<TagResourceRequest, TagResourceResponse>));
        services.Remove(tag);

        var text = Coverage.Render(services);

        Assert.Contains("| `TagResource` | no | — |", text);
        Assert.Contains($"**{OperationTable.All.Count - 1} of {OperationTable.All.Count} operations implemented.**", text);
    }
}
