using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task SellingSystemSettings_PutThenGet_PerAccountAndCatalog_Replaced()
    {
        Assert.Null(await ReadAsync(s => s.GetSellingSystemSettingsAsync("A", Aws, Ct)));
        await WriteAsync(s => s.PutSellingSystemSettingsAsync(new SellingSystemSettingsRecord("A", Aws, "arn:aws:iam::111111111111:role/One"), Ct));
        await WriteAsync(s => s.PutSellingSystemSettingsAsync(new SellingSystemSettingsRecord("A", Sandbox, "arn:aws:iam::111111111111:role/Two"), Ct));
        await WriteAsync(s => s.PutSellingSystemSettingsAsync(new SellingSystemSettingsRecord("A", Aws, null), Ct));

        Assert.Equal(new SellingSystemSettingsRecord("A", Aws, null), await ReadAsync(s => s.GetSellingSystemSettingsAsync("A", Aws, Ct)));
        Assert.Equal("arn:aws:iam::111111111111:role/Two", (await ReadAsync(s => s.GetSellingSystemSettingsAsync("A", Sandbox, Ct)))?.ResourceSnapshotJobRoleArn);
        Assert.Null(await ReadAsync(s => s.GetSellingSystemSettingsAsync("B", Sandbox, Ct)));
    }

    private static ProspectingTaskRecord ProspectingTask(string id, string name, DateTimeOffset start, int failed = 0, string initiator = "A") => new()
    {
        Catalog = Aws,
        Id = id,
        InitiatorAccountId = initiator,
        TaskName = name,
        StartTime = start,
        EndTime = start,
        Status = ProspectingTaskStatus.Completed,
        Identifiers = ["eng-1", "eng-2"],
        Engagements = Enumerable.Range(0, 2).Select(i => new EngagementProspectingResult
        {
            EngagementIdentifier = "eng-" + i,
            Status = i < failed ? ProspectingTaskStatus.Failed : ProspectingTaskStatus.Completed,
            ReasonCode = i < failed ? "EngagementAccessDenied" : null,
            EngagementContextId = i < failed ? null : "2",
        }).ToList(),
    };

    private static ProspectingTaskQuery ProspectingTasks(
        ProspectingTaskSortKey sortBy = ProspectingTaskSortKey.StartTime, bool ascending = false, IReadOnlyList<string>? ids = null,
        IReadOnlyList<string>? names = null, DateTimeOffset? after = null, DateTimeOffset? before = null, ProspectingTaskPosition? position = null,
        int limit = 100) =>
        new(Aws, "A", ids, names, after, before, sortBy, ascending, position, limit);

    private Task InsertProspectingAsync(params ProspectingTaskRecord[] tasks) => WriteAsync(async s =>
    {
        foreach (var t in tasks)
        {
            await s.InsertProspectingTaskAsync(t, Ct);
        }
    });

    [Fact]
    public async Task ProspectingTask_InsertedThenRead_ByInitiatorOnly()
    {
        var task = ProspectingTask("task-1", "Zürich leads", T0, failed: 1);
        await InsertProspectingAsync(task);

        var read = await ReadAsync(s => s.GetProspectingTaskAsync(Aws, "A", "task-1", Ct));

        Assert.NotNull(read);
        Assert.Equal("Zürich leads", read.TaskName);
        AssertSameInstant(task.StartTime, read.StartTime);
        Assert.Equal(["eng-1", "eng-2"], read.Identifiers);
        Assert.Equal((2, 1, 1), (read.TotalEngagementCount, read.CompletedEngagementCount, read.FailedEngagementCount));
        Assert.Equal("EngagementAccessDenied", read.Engagements[0].ReasonCode);
        Assert.Null(await ReadAsync(s => s.GetProspectingTaskAsync(Aws, "B", "task-1", Ct)));
    }

    [Fact]
    public async Task ListProspectingTasks_SortsFiltersAndPages()
    {
        await InsertProspectingAsync(
            ProspectingTask("task-1", "bravo", At(1), failed: 2),
            ProspectingTask("task-2", "alpha", At(2)),
            ProspectingTask("task-3", "charlie", At(3), failed: 1),
            ProspectingTask("task-4", "alpha", At(4), initiator: "B"));

        async Task<List<string>> Ids(ProspectingTaskQuery q) => (await ReadAsync(s => s.ListProspectingTasksAsync(q, Ct))).Items.Select(t => t.Id).ToList();
        Assert.Equal(["task-3", "task-2", "task-1"], await Ids(ProspectingTasks()));
        Assert.Equal(["task-2", "task-1", "task-3"], await Ids(ProspectingTasks(ProspectingTaskSortKey.TaskName, ascending: true)));
        Assert.Equal(["task-1", "task-3", "task-2"], await Ids(ProspectingTasks(ProspectingTaskSortKey.FailedEngagementCount)));
        Assert.Equal(["task-3", "task-2"], await Ids(ProspectingTasks(names: ["alpha", "charlie"])));
        Assert.Equal(["task-1"], await Ids(ProspectingTasks(ids: ["task-1", "task-4"])));
        Assert.Equal(["task-3"], await Ids(ProspectingTasks(after: At(2))));
        Assert.Equal(["task-1"], await Ids(ProspectingTasks(before: At(2))));

        var first = await ReadAsync(s => s.ListProspectingTasksAsync(ProspectingTasks(ProspectingTaskSortKey.TaskName, ascending: true, limit: 2), Ct));
        var second = await ReadAsync(s => s.ListProspectingTasksAsync(ProspectingTasks(ProspectingTaskSortKey.TaskName, ascending: true, position: first.Next, limit: 2), Ct));
        Assert.Equal(["task-2", "task-1"], first.Items.Select(t => t.Id));
        Assert.Equal(["task-3"], second.Items.Select(t => t.Id));
        Assert.Null(second.Next);
    }
}
