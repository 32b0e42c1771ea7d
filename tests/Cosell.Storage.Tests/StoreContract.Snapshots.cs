using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    private static ResourceSnapshotQuery Snapshots(
        string engagement, string viewer = "A", string? resourceId = null, string? template = null, string? createdBy = null,
        SortPosition? after = null, int limit = 100, string catalog = Aws) =>
        new(catalog, engagement, viewer, null, resourceId, template, createdBy, after, limit);

    /// <summary>Without the demand that the member has a snapshot of its own there, unless asked (a test of its own covers it).</summary>
    private static ResourceAssociationQuery Associations(
        string member, string? engagement = null, string? resourceId = null, string? createdBy = null, SortPosition? after = null, int limit = 100,
        bool onlyWithOwnSnapshot = false) =>
        new(Aws, member, engagement, null, resourceId, createdBy, after, limit, onlyWithOwnSnapshot);

    private Task InsertSnapshotsAsync(params ResourceSnapshotRecord[] snapshots) => WriteAsync(async s =>
    {
        foreach (var snapshot in snapshots)
        {
            await s.InsertSnapshotAsync(snapshot, Ct);
        }
    });

    [Fact]
    public async Task Snapshot_InsertedThenRead_EveryFieldRoundTrips()
    {
        var snapshot = Snapshot("eng-1", "O1", 1);
        await InsertSnapshotsAsync(snapshot);

        var read = await ReadAsync(s => s.GetSnapshotAsync(snapshot.Key, 1, Ct));

        Assert.NotNull(read);
        Assert.Equal(snapshot.Key, read.Key);
        Assert.Equal(1, read.Revision);
        Assert.Equal("A", read.CreatedBy);
        AssertSameInstant(snapshot.CreatedAt, read.CreatedAt);
        Assert.Equal(["A", "B", "aws"], read.TargetMemberAccounts);
        Assert.False(read.OwnerOnly);
        AssertSameJson(snapshot.Payload, read.Payload, ModelJsonContext.Default.ResourceSnapshotPayload);
    }

    [Fact]
    public async Task Snapshot_LatestRevision_CountsPerKeyAndGetWithoutRevisionReturnsIt()
    {
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1), Snapshot("eng-1", "O1", 2, nextSteps: "Second"), Snapshot("eng-1", "O2", 1));
        var key = Snapshot("eng-1", "O1", 1).Key;

        Assert.Equal(2, await ReadAsync(s => s.GetLatestSnapshotRevisionAsync(key, Ct)));
        Assert.Equal(0, await ReadAsync(s => s.GetLatestSnapshotRevisionAsync(key with { TemplateName = "AwsOpportunitySummaryFullView" }, Ct)));
        Assert.Equal(0, await ReadAsync(s => s.GetLatestSnapshotRevisionAsync(key with { Catalog = Sandbox }, Ct)));
        var latest = await ReadAsync(s => s.GetSnapshotAsync(key, null, Ct));
        Assert.Equal(2, latest?.Revision);
        Assert.Equal("Second", latest?.Payload.OpportunitySummary?.Lifecycle?.NextSteps);
        Assert.Null(await ReadAsync(s => s.GetSnapshotAsync(key, 3, Ct)));
    }

    [Fact]
    public async Task Snapshot_SameRevisionTwice_Throws()
    {
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1));

        await Assert.ThrowsAnyAsync<Exception>(() => InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1)));
    }

    [Fact]
    public async Task Snapshot_RolledBack_NotStored()
    {
        await using (var session = await Store.BeginAsync(write: true, Ct))
        {
            await session.InsertSnapshotAsync(Snapshot("eng-1", "O1", 1), Ct);
        }

        Assert.Null(await ReadAsync(s => s.GetSnapshotAsync(Snapshot("eng-1", "O1", 1).Key, null, Ct)));
        Assert.Empty((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A"), Ct))).Items);
    }

    [Fact]
    public async Task ListSnapshots_InsertionOrder_FiltersAndOwnerOnlyHiddenFromOthers()
    {
        await InsertAsync(Engagement("eng-1", "A", T0, members: ["A", "B"]));
        await InsertSnapshotsAsync(
            Snapshot("eng-1", "O1", 1),
            Snapshot("eng-1", "O9", 1, createdBy: "B"),
            Snapshot("eng-1", "O1", 1, template: "AwsOpportunitySummaryFullView", ownerOnly: true),
            Snapshot("eng-1", "O1", 2),
            Snapshot("eng-2", "O1", 1));

        string Describe(ResourceSnapshotRecord r) => $"{r.ResourceId}/{r.TemplateName[..3]}/{r.Revision}";
        Assert.Equal(["O1/Opp/1", "O9/Opp/1", "O1/Aws/1", "O1/Opp/2"], (await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1"), Ct))).Items.Select(Describe));
        Assert.Equal(["O1/Opp/1", "O9/Opp/1", "O1/Opp/2"], (await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", viewer: "B"), Ct))).Items.Select(Describe));
        Assert.Equal(["O9/Opp/1"], (await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", createdBy: "B"), Ct))).Items.Select(Describe));
        Assert.Equal(["O1/Aws/1"], (await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", template: "AwsOpportunitySummaryFullView"), Ct))).Items.Select(Describe));
        Assert.Equal(["O1/Opp/1", "O1/Aws/1", "O1/Opp/2"], (await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", resourceId: "O1"), Ct))).Items.Select(Describe));
        Assert.Empty((await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", catalog: Sandbox), Ct))).Items);
    }

    [Fact]
    public async Task ListSnapshots_Limit_PagesWithoutGapsOrRepeats()
    {
        await InsertSnapshotsAsync(Enumerable.Range(1, 5).Select(r => Snapshot("eng-1", "O1", r)).ToArray());

        var seen = new List<int>();
        SortPosition? after = null;
        do
        {
            var page = await ReadAsync(s => s.ListSnapshotsAsync(Snapshots("eng-1", after: after, limit: 2), Ct));
            seen.AddRange(page.Items.Select(i => i.Revision));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal([1, 2, 3, 4, 5], seen);
    }

    [Fact]
    public async Task ResourceAssociations_MadeOnceByTheFirstSnapshot_ListedToCurrentMembersOnly()
    {
        await InsertAsync(Engagement("eng-1", "A", T0, members: ["A", "B"]), Engagement("eng-2", "C", T0));
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1), Snapshot("eng-1", "O1", 2), Snapshot("eng-2", "O5", 1, createdBy: "C"));

        var forB = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B"), Ct));
        var forC = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("C"), Ct));

        var only = Assert.Single(forB.Items);
        Assert.Equal(new ResourceAssociationRecord(Aws, "eng-1", "Opportunity", "O1", "A", T0.AddMinutes(1)), only with { CreatedAt = T0.AddMinutes(1) });
        AssertSameInstant(T0.AddMinutes(1), only.CreatedAt);
        Assert.Equal(["O5"], forC.Items.Select(a => a.ResourceId));
        Assert.Empty((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("Z"), Ct))).Items);
    }

    [Fact]
    public async Task ResourceAssociations_MemberWhoJoinsLater_SeesTheEarlierOnes_UntilItLeaves()
    {
        var engagement = Engagement("eng-1", "A", T0, members: ["A"]);
        await InsertAsync(engagement);
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1));
        var joined = engagement with { Members = [.. engagement.Members, new EngagementMemberRecord("B", T0.AddHours(1))] };
        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(joined, 1, Ct)));
        await InsertSnapshotsAsync(Snapshot("eng-1", "O2", 1));

        Assert.Equal(["O1", "O2"], (await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B"), Ct))).Items.Select(a => a.ResourceId));

        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(engagement, 2, Ct)));
        Assert.Empty((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B"), Ct))).Items);
        Assert.Equal(["O1", "O2"], (await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A"), Ct))).Items.Select(a => a.ResourceId));
    }

    [Fact]
    public async Task ResourceAssociations_OwnerOnlySnapshotsOnly_ListedToTheOwnerUntilShared()
    {
        await InsertAsync(Engagement("eng-1", "A", T0, members: ["A", "B"]));
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1, template: "AwsOpportunitySummaryFullView", ownerOnly: true));

        Assert.Single((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A"), Ct))).Items);
        Assert.Empty((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B"), Ct))).Items);

        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1));

        Assert.Single((await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B"), Ct))).Items);
    }

    [Fact]
    public async Task ResourceAssociations_OnlyWithOwnSnapshot_EngagementsWhereTheMemberHasOne()
    {
        await InsertAsync(Engagement("eng-1", "A", T0, members: ["A", "B"]), Engagement("eng-2", "A", T0, members: ["A", "B"]));
        await InsertSnapshotsAsync(Snapshot("eng-1", "O1", 1), Snapshot("eng-2", "O2", 1), Snapshot("eng-2", "O3", 1, createdBy: "B"));

        var forB = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("B", onlyWithOwnSnapshot: true), Ct));
        var forA = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", onlyWithOwnSnapshot: true), Ct));

        Assert.Equal(["O2", "O3"], forB.Items.Select(a => a.ResourceId));
        Assert.Equal(["O1", "O2", "O3"], forA.Items.Select(a => a.ResourceId));
    }

    [Fact]
    public async Task ResourceAssociations_Filters_AndPages()
    {
        await InsertAsync(Engagement("eng-1", "A", T0, members: ["A", "B"]), Engagement("eng-2", "A", T0));
        await InsertSnapshotsAsync(
            Snapshot("eng-1", "O1", 1), Snapshot("eng-1", "O2", 1, createdBy: "B"), Snapshot("eng-1", "O3", 1), Snapshot("eng-2", "O4", 1));

        Assert.Equal(["O1", "O2", "O3"], (await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", engagement: "eng-1"), Ct))).Items.Select(a => a.ResourceId));
        Assert.Equal(["O2"], (await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", createdBy: "B"), Ct))).Items.Select(a => a.ResourceId));
        Assert.Equal(["O4"], (await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", resourceId: "O4"), Ct))).Items.Select(a => a.ResourceId));
        var first = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", limit: 3), Ct));
        var second = await ReadAsync(s => s.ListResourceAssociationsAsync(Associations("A", after: first.Next, limit: 3), Ct));
        Assert.Equal(["O1", "O2", "O3"], first.Items.Select(a => a.ResourceId));
        Assert.Equal(["O4"], second.Items.Select(a => a.ResourceId));
        Assert.Null(second.Next);
    }
}
