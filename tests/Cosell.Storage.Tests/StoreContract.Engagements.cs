using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    private static EngagementQuery Members(
        string member,
        IReadOnlyList<string>? ids = null,
        IReadOnlyList<string>? createdBy = null,
        IReadOnlyList<string>? excludeCreatedBy = null,
        IReadOnlyList<string>? contextTypes = null,
        IReadOnlyList<string>? excludeContextTypes = null,
        bool ascending = true,
        SortPosition? after = null,
        int limit = 100,
        string catalog = Aws) =>
        new(catalog, member, ids, createdBy, excludeCreatedBy, contextTypes, excludeContextTypes, ascending, after, limit);

    private Task<Page<EngagementRecord>> ListAsync(EngagementQuery query) => ReadAsync(s => s.ListEngagementsAsync(query, Ct));

    private async Task<List<string>> ListIdsAsync(EngagementQuery query) =>
        [.. (await ListAsync(query)).Items.Select(e => e.Id)];

    [Fact]
    public async Task Engagement_InsertThenGet_RoundTripsEveryField()
    {
        var engagement = Engagement("eng-1", "111111111111", T0, ["111111111111", "222222222222"], ["Lead", "CustomerProject"]) with
        {
            ModifiedAt = T0.AddTicks(12_345),
            ModifiedBy = "222222222222",
            Description = "Émoji ✓, quotes \" and newlines\nkept",
        };
        await InsertAsync(engagement);

        var stored = await GetEngagementAsync(Aws, "eng-1");

        AssertEngagement(engagement, stored, version: 1);
        var lead = stored!.Contexts[0].Payload!.Lead!;
        Assert.Equal("Example Corp", lead.Customer.CompanyName);
        Assert.Equal(T0.AddTicks(-1).UtcTicks, lead.Interactions[0].InteractionDate!.Value.UtcTicks);
        Assert.True(stored.IsMember("222222222222"));
    }

    [Fact]
    public async Task Engagement_TimestampWithOffset_KeepsTheInstantToTheTick()
    {
        var createdAt = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-7)).AddTicks(9_999_999);
        await InsertAsync(Engagement("eng-1", "111111111111", createdAt));

        var stored = await GetEngagementAsync(Aws, "eng-1");

        AssertSameInstant(createdAt, stored!.CreatedAt);
        AssertSameInstant(createdAt, stored.Members[0].JoinedAt);
    }

    [Fact]
    public async Task Engagement_Insert_StoresVersionOneWhateverTheRecordSays()
    {
        await InsertAsync(Engagement("eng-1", "111111111111", T0) with { Version = 42 });

        Assert.Equal(1, (await GetEngagementAsync(Aws, "eng-1"))!.Version);
    }

    [Fact]
    public async Task EngagementMemberIds_InJoinOrder_FollowUpdates_AndRespectTheLimit()
    {
        var original = Engagement("eng-1", "333333333333", T0, ["333333333333", "111111111111", "222222222222"]);
        await InsertAsync(original, Engagement("eng-2", "444444444444", T0));
        await InsertAsync(Engagement("eng-1", "555555555555", T0, catalog: Sandbox));

        Assert.Equal(["333333333333", "111111111111", "222222222222"],
            await ReadAsync(s => s.ListEngagementMemberIdsAsync(Aws, "eng-1", 10, Ct)));
        Assert.Equal(["333333333333", "111111111111"], await ReadAsync(s => s.ListEngagementMemberIdsAsync(Aws, "eng-1", 2, Ct)));
        Assert.Equal(["555555555555"], await ReadAsync(s => s.ListEngagementMemberIdsAsync(Sandbox, "eng-1", 10, Ct)));
        Assert.Empty(await ReadAsync(s => s.ListEngagementMemberIdsAsync(Aws, "nope", 10, Ct)));

        // The member rows follow the document: a member gone and one joined, in the document's order.
        var changed = original with
        {
            Members = [original.Members[0], original.Members[2], new EngagementMemberRecord("999999999999", T0.AddHours(1))],
        };
        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(changed, 1, Ct)));
        Assert.Equal(["333333333333", "222222222222", "999999999999"],
            await ReadAsync(s => s.ListEngagementMemberIdsAsync(Aws, "eng-1", 10, Ct)));
    }

    [Fact]
    public async Task Engagement_Get_Unknown_IsNull() =>
        Assert.Null(await GetEngagementAsync(Aws, "nope"));

    [Fact]
    public async Task Engagement_SameIdInTwoCatalogs_AreSeparate()
    {
        await InsertAsync(Engagement("eng-1", "111111111111", T0, catalog: Aws) with { Title = "aws" });
        Assert.Null(await GetEngagementAsync(Sandbox, "eng-1"));

        await InsertAsync(Engagement("eng-1", "111111111111", T0, catalog: Sandbox) with { Title = "sandbox" });

        Assert.Equal("aws", (await GetEngagementAsync(Aws, "eng-1"))!.Title);
        Assert.Equal("sandbox", (await GetEngagementAsync(Sandbox, "eng-1"))!.Title);
        Assert.Equal(["eng-1"], await ListIdsAsync(Members("111111111111", catalog: Sandbox)));
    }

    [Fact]
    public async Task Engagement_Update_ExpectedVersion_ReplacesDocumentAndBumpsVersion()
    {
        var original = Engagement("eng-1", "111111111111", T0, ["111111111111", "222222222222"], ["Lead"]);
        await InsertAsync(original);

        var changed = original with
        {
            Title = "Renamed",
            ModifiedAt = T0.AddHours(1).AddTicks(7),
            ModifiedBy = "222222222222",
            Members = [.. original.Members, new EngagementMemberRecord("333333333333", T0.AddHours(1))],
            Contexts = [],
        };
        var updated = await WriteAsync(s => s.UpdateEngagementAsync(changed, expectedVersion: 1, Ct));

        Assert.True(updated);
        AssertEngagement(changed, await GetEngagementAsync(Aws, "eng-1"), version: 2);
        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(changed with { Title = "Again" }, 2, Ct)));
        Assert.Equal(3, (await GetEngagementAsync(Aws, "eng-1"))!.Version);
    }

    [Fact]
    public async Task Engagement_Update_RewritesMembersAndContextTypesForListing()
    {
        var original = Engagement("eng-1", "111111111111", T0, ["111111111111", "222222222222"], ["Lead"]);
        await InsertAsync(original);

        var changed = original with
        {
            Members = [original.Members[0], new EngagementMemberRecord("333333333333", T0.AddHours(1))],
            Contexts = Engagement("x", "111111111111", T0, contextTypes: ["CustomerProject"]).Contexts,
        };
        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(changed, 1, Ct)));

        Assert.Empty(await ListIdsAsync(Members("222222222222")));
        Assert.Equal(["eng-1"], await ListIdsAsync(Members("333333333333")));
        Assert.Equal(["eng-1"], await ListIdsAsync(Members("111111111111")));
        Assert.Empty(await ListIdsAsync(Members("111111111111", contextTypes: ["Lead"])));
        Assert.Equal(["eng-1"], await ListIdsAsync(Members("111111111111", contextTypes: ["CustomerProject"])));
    }

    [Fact]
    public async Task ListEngagements_MembersAndContextTypesWrittenByABuildBeforeMigration16_FilteredAsTheEngagementSays()
    {
        // An instance of an older build still running on a store a newer one migrated writes member rows without the
        // copies of the engagement's creator and context types, and changes context types without touching member rows.
        await InsertAsync(Engagement("eng-1", "111111111111", T0, ["111111111111"], ["CustomerProject"]));
        await InsertAsync(Engagement("eng-lead", "111111111111", T0.AddHours(1), ["111111111111"], ["Lead"]));

        await RunSqlAsync("INSERT INTO engagement_members (engagement_seq, catalog, engagement_id, account_id, join_order, created_at) " +
            "SELECT seq, catalog, id, '222222222222', 1, created_at FROM engagements WHERE id = 'eng-1'");
        await RunSqlAsync("UPDATE engagements SET context_types = (SELECT context_types FROM engagements WHERE id = 'eng-lead') " +
            "WHERE id = 'eng-1'");

        Assert.Equal(["eng-1"], await ListIdsAsync(Members("222222222222", createdBy: ["111111111111"])));
        Assert.Empty(await ListIdsAsync(Members("222222222222", excludeCreatedBy: ["111111111111"])));
        Assert.Equal(["eng-1"], await ListIdsAsync(Members("222222222222", contextTypes: ["Lead"])));
        Assert.Empty(await ListIdsAsync(Members("111111111111", contextTypes: ["CustomerProject"])));
        Assert.Equal(["eng-1", "eng-lead"], await ListIdsAsync(Members("111111111111", excludeContextTypes: ["CustomerProject"])));
    }

    [Fact]
    public async Task Engagement_Update_StaleVersion_ReturnsFalseAndChangesNothing()
    {
        var original = Engagement("eng-1", "111111111111", T0);
        await InsertAsync(original);
        Assert.True(await WriteAsync(s => s.UpdateEngagementAsync(original with { Title = "v2" }, 1, Ct)));

        var stale = await WriteAsync(s => s.UpdateEngagementAsync(
            original with { Title = "stale", Members = [new EngagementMemberRecord("999999999999", T0)] }, 1, Ct));

        Assert.False(stale);
        var stored = await GetEngagementAsync(Aws, "eng-1");
        Assert.Equal("v2", stored!.Title);
        Assert.Equal(2, stored.Version);
        Assert.Empty(await ListIdsAsync(Members("999999999999")));
    }

    [Fact]
    public async Task Engagement_Update_Unknown_ReturnsFalse()
    {
        await InsertAsync(Engagement("eng-1", "111111111111", T0));

        Assert.False(await WriteAsync(s => s.UpdateEngagementAsync(Engagement("eng-2", "111111111111", T0), 1, Ct)));
        Assert.False(await WriteAsync(s => s.UpdateEngagementAsync(Engagement("eng-1", "111111111111", T0, catalog: Sandbox), 1, Ct)));
        Assert.Null(await GetEngagementAsync(Aws, "eng-2"));
    }

    /// <summary>A is a member of e1..e4 in AWS; e5 excludes A; e6 is in Sandbox.</summary>
    private Task SeedEngagementsAsync() => InsertAsync(
        Engagement("e1", "A", At(1), ["A", "B"], ["Lead"]),
        Engagement("e2", "B", At(2), ["B", "A"], ["CustomerProject"]),
        Engagement("e3", "C", At(3), ["C", "A"], ["Lead", "CustomerProject"]),
        Engagement("e4", "A", At(4), ["A"]),
        Engagement("e5", "B", At(5), ["B"], ["Lead"]),
        Engagement("e6", "A", At(6), ["A"], ["Lead"], catalog: Sandbox));

    [Fact]
    public async Task ListEngagements_OnlyThoseWhereTheAccountIsAMember()
    {
        await SeedEngagementsAsync();

        Assert.Equal(["e1", "e2", "e3", "e4"], await ListIdsAsync(Members("A")));
        Assert.Equal(["e1", "e2", "e5"], await ListIdsAsync(Members("B")));
        Assert.Equal(["e3"], await ListIdsAsync(Members("C")));
        Assert.Empty(await ListIdsAsync(Members("D")));
        Assert.Equal(["e6"], await ListIdsAsync(Members("A", catalog: Sandbox)));
    }

    [Fact]
    public async Task ListEngagements_IdsFilter()
    {
        await SeedEngagementsAsync();

        Assert.Equal(["e1", "e3"], await ListIdsAsync(Members("A", ids: ["e3", "e1", "e5", "e6"])));
        Assert.Empty(await ListIdsAsync(Members("A", ids: [])));
    }

    [Fact]
    public async Task ListEngagements_CreatedByFilters()
    {
        await SeedEngagementsAsync();

        Assert.Equal(["e1", "e4"], await ListIdsAsync(Members("A", createdBy: ["A"])));
        Assert.Equal(["e1", "e3", "e4"], await ListIdsAsync(Members("A", createdBy: ["A", "C"])));
        Assert.Equal(["e2", "e3"], await ListIdsAsync(Members("A", excludeCreatedBy: ["A"])));
        Assert.Equal(["e2"], await ListIdsAsync(Members("A", excludeCreatedBy: ["A", "C"])));
        Assert.Equal(["e1", "e2", "e3", "e4"], await ListIdsAsync(Members("A", excludeCreatedBy: [])));
    }

    [Fact]
    public async Task ListEngagements_ContextTypeFilters()
    {
        await SeedEngagementsAsync();

        Assert.Equal(["e1", "e3"], await ListIdsAsync(Members("A", contextTypes: ["Lead"])));
        Assert.Equal(["e2", "e3"], await ListIdsAsync(Members("A", contextTypes: ["CustomerProject"])));
        Assert.Equal(["e1", "e2", "e3"], await ListIdsAsync(Members("A", contextTypes: ["Lead", "CustomerProject"])));
        Assert.Equal(["e2", "e4"], await ListIdsAsync(Members("A", excludeContextTypes: ["Lead"])));
        Assert.Equal(["e4"], await ListIdsAsync(Members("A", excludeContextTypes: ["Lead", "CustomerProject"])));
        Assert.Equal(["e1", "e2", "e3", "e4"], await ListIdsAsync(Members("A", excludeContextTypes: [])));
    }

    [Fact]
    public async Task ListEngagements_FiltersCombineWithAnd()
    {
        await SeedEngagementsAsync();

        Assert.Equal(["e2"], await ListIdsAsync(Members("A", contextTypes: ["CustomerProject"], excludeCreatedBy: ["C"])));
        Assert.Equal(["e1"], await ListIdsAsync(Members("A", createdBy: ["A"], contextTypes: ["Lead"])));
        Assert.Equal(["e3"], await ListIdsAsync(Members("A", ids: ["e1", "e3"], contextTypes: ["Lead"], excludeCreatedBy: ["A"])));
        Assert.Empty(await ListIdsAsync(Members("A", contextTypes: ["Lead"], excludeContextTypes: ["Lead"])));
    }

    [Fact]
    public async Task ListEngagements_SortsByCreatedAtThenId_BothWays()
    {
        await InsertAsync(
            Engagement("m", "A", At(2)),
            Engagement("z", "A", At(1)),
            Engagement("b", "A", At(3)),
            Engagement("a", "A", At(3)),
            Engagement("c", "A", At(2).AddTicks(1)));

        Assert.Equal(["z", "m", "c", "a", "b"], await ListIdsAsync(Members("A", ascending: true)));
        Assert.Equal(["b", "a", "c", "m", "z"], await ListIdsAsync(Members("A", ascending: false)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListEngagements_PaginatesAcrossThreePagesWithoutDuplicatesOrGaps(bool ascending)
    {
        // 25 engagements, several sharing a timestamp so that the id must break ties across page boundaries.
        var all = Enumerable.Range(0, 25)
            .Select(i => Engagement($"eng-{i:D2}", "A", At(i / 3), ["A", "B"]))
            .ToArray();
        await InsertAsync(all);
        await InsertAsync(Engagement("other", "B", At(0), ["B"]));
        var expected = all.Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        if (!ascending)
        {
            expected.Reverse();
        }

        var first = await ListAsync(Members("A", ascending: ascending, limit: 10));
        var second = await ListAsync(Members("A", ascending: ascending, limit: 10, after: first.Next));
        var third = await ListAsync(Members("A", ascending: ascending, limit: 10, after: second.Next));

        Assert.Equal(10, first.Items.Count);
        Assert.Equal(10, second.Items.Count);
        Assert.Equal(5, third.Items.Count);
        Assert.NotNull(first.Next);
        Assert.NotNull(second.Next);
        Assert.Null(third.Next);
        Assert.Equal(new SortPosition(first.Items[^1].CreatedAt.UtcTicks, first.Items[^1].Id), first.Next);
        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Id));
    }

    [Fact]
    public async Task ListEngagements_LastFullPage_HasNoNext()
    {
        await InsertAsync([.. Enumerable.Range(0, 4).Select(i => Engagement($"e{i}", "A", At(i)))]);

        var first = await ListAsync(Members("A", limit: 2));
        var second = await ListAsync(Members("A", limit: 2, after: first.Next));

        AssertIds(["e0", "e1"], first, e => e.Id);
        AssertIds(["e2", "e3"], second, e => e.Id);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task ListEngagements_PaginationWithFilter_SkipsNonMatchingRows()
    {
        await InsertAsync([.. Enumerable.Range(0, 9).Select(i =>
            Engagement($"e{i}", i % 3 == 0 ? "B" : "A", At(i), ["A", "B"], i % 2 == 0 ? ["Lead"] : []))]);

        var query = Members("A", createdBy: ["A"], ascending: false, limit: 2);
        var ids = new List<string>();
        SortPosition? after = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(query with { After = after });
            ids.AddRange(page.Items.Select(e => e.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(["e8", "e7", "e5", "e4", "e2", "e1"], ids);
        Assert.Equal(3, pages);
    }
}
