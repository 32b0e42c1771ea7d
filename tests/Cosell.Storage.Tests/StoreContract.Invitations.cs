using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    /// <summary>The clock of the invitation listings: 10 days after T0, before the default 15-day expiry.</summary>
    private static readonly DateTimeOffset Now = T0.AddDays(10);

    private static InvitationQuery Invitations(
        string account,
        bool asSender = false,
        IReadOnlyList<string>? payloadTypes = null,
        IReadOnlyList<string>? statuses = null,
        IReadOnlyList<string>? engagementIds = null,
        IReadOnlyList<string>? senderAccountIds = null,
        DateTimeOffset? now = null,
        bool ascending = true,
        SortPosition? after = null,
        int limit = 100,
        string catalog = Aws) =>
        new(catalog, account, asSender, payloadTypes, statuses, engagementIds, senderAccountIds, now ?? Now, ascending, after, limit);

    private Task<Page<InvitationRecord>> ListAsync(InvitationQuery query) => ReadAsync(s => s.ListInvitationsAsync(query, Ct));

    private async Task<List<string>> ListIdsAsync(InvitationQuery query) =>
        [.. (await ListAsync(query)).Items.Select(i => i.Id)];

    [Fact]
    public async Task Invitation_InsertThenGet_RoundTripsEveryField()
    {
        var lead = Invitation("inv-1", "eng-1", "111111111111", "222222222222", T0, "LeadInvitation") with
        {
            Status = InvitationStatus.Rejected,
            RejectionReason = "Customer problem unclear",
            RespondedAt = T0.AddDays(1).AddTicks(3),
            ExpirationDate = T0.AddDays(15).AddTicks(-1),
        };
        var opportunity = Invitation("inv-2", "eng-1", "111111111111", "333333333333", T0.AddTicks(1));
        await InsertAsync(lead, opportunity);

        AssertInvitation(lead, await GetInvitationAsync(Aws, "inv-1"), version: 1);
        AssertInvitation(opportunity, await GetInvitationAsync(Aws, "inv-2"), version: 1);
        Assert.Null((await GetInvitationAsync(Aws, "inv-2"))!.RespondedAt);
    }

    [Fact]
    public async Task Invitation_UnknownEnumValues_RoundTrip()
    {
        var odd = Invitation("inv-1", "eng-1", "A", "B", T0, payloadType: "FutureInvitation", status: "ON_HOLD");
        await InsertAsync(odd);

        AssertInvitation(odd, await GetInvitationAsync(Aws, "inv-1"), version: 1);
        Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("B", payloadTypes: ["FutureInvitation"], statuses: ["ON_HOLD"])));
    }

    [Fact]
    public async Task Invitation_Insert_StoresVersionOneWhateverTheRecordSays()
    {
        await InsertAsync(Invitation("inv-1", "eng-1", "A", "B", T0) with { Version = 9 });

        Assert.Equal(1, (await GetInvitationAsync(Aws, "inv-1"))!.Version);
    }

    [Fact]
    public async Task Invitation_SameIdInTwoCatalogs_AreSeparate()
    {
        await InsertAsync(Invitation("inv-1", "eng-1", "A", "B", T0, catalog: Aws) with { Message = "aws" });
        Assert.Null(await GetInvitationAsync(Sandbox, "inv-1"));

        await InsertAsync(Invitation("inv-1", "eng-1", "A", "B", T0, catalog: Sandbox) with { Message = "sandbox" });

        Assert.Equal("aws", (await GetInvitationAsync(Aws, "inv-1"))!.Message);
        Assert.Equal("sandbox", (await GetInvitationAsync(Sandbox, "inv-1"))!.Message);
        Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("B", catalog: Sandbox)));
        Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("B", catalog: Aws)));
    }

    [Fact]
    public async Task Invitation_Update_ExpectedVersion_ReplacesAndBumps()
    {
        var original = Invitation("inv-1", "eng-1", "A", "B", T0);
        await InsertAsync(original);
        var accepted = original with { Status = InvitationStatus.Accepted, RespondedAt = T0.AddHours(2).AddTicks(1) };

        Assert.True(await WriteAsync(s => s.UpdateInvitationAsync(accepted, expectedVersion: 1, Ct)));

        AssertInvitation(accepted, await GetInvitationAsync(Aws, "inv-1"), version: 2);
        Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("B", statuses: ["ACCEPTED"])));
        Assert.Empty(await ListIdsAsync(Invitations("B", statuses: ["PENDING"])));
    }

    [Fact]
    public async Task Invitation_Update_StaleVersion_ReturnsFalseAndChangesNothing()
    {
        var original = Invitation("inv-1", "eng-1", "A", "B", T0);
        await InsertAsync(original);
        Assert.True(await WriteAsync(s => s.UpdateInvitationAsync(original with { Status = InvitationStatus.Rejected }, 1, Ct)));

        var stale = await WriteAsync(s => s.UpdateInvitationAsync(original with { Status = InvitationStatus.Accepted }, 1, Ct));

        Assert.False(stale);
        var stored = await GetInvitationAsync(Aws, "inv-1");
        Assert.Equal(InvitationStatus.Rejected, stored!.Status);
        Assert.Equal(2, stored.Version);
        Assert.False(await WriteAsync(s => s.UpdateInvitationAsync(original with { Id = "inv-2" }, 1, Ct)));
    }

    /// <summary>
    /// A receives i2..i6 and sends i1. i4 is stored PENDING but expired before <see cref="Now"/>; i6 is stored EXPIRED.
    /// </summary>
    private Task SeedInvitationsAsync() => InsertAsync(
        Invitation("i1", "E1", "A", "B", At(1)),
        Invitation("i2", "E2", "B", "A", At(2), "LeadInvitation"),
        Invitation("i3", "E1", "C", "A", At(3), status: "ACCEPTED"),
        Invitation("i4", "E3", "B", "A", At(4), expirationDate: Now.AddDays(-1)),
        Invitation("i5", "E2", "C", "A", At(5), "LeadInvitation", status: "REJECTED"),
        Invitation("i6", "E3", "B", "A", At(6), status: "EXPIRED"),
        Invitation("i7", "E1", "B", "A", At(7), catalog: Sandbox));

    [Fact]
    public async Task ListInvitations_AsReceiverOrSender()
    {
        await SeedInvitationsAsync();

        Assert.Equal(["i2", "i3", "i4", "i5", "i6"], await ListIdsAsync(Invitations("A")));
        Assert.Equal(["i1"], await ListIdsAsync(Invitations("A", asSender: true)));
        Assert.Equal(["i1"], await ListIdsAsync(Invitations("B")));
        Assert.Equal(["i2", "i4", "i6"], await ListIdsAsync(Invitations("B", asSender: true)));
        Assert.Equal(["i3", "i5"], await ListIdsAsync(Invitations("C", asSender: true)));
        Assert.Empty(await ListIdsAsync(Invitations("C")));
        Assert.Equal(["i7"], await ListIdsAsync(Invitations("A", catalog: Sandbox)));
    }

    [Fact]
    public async Task ListInvitations_PayloadTypeFilter()
    {
        await SeedInvitationsAsync();

        Assert.Equal(["i2", "i5"], await ListIdsAsync(Invitations("A", payloadTypes: ["LeadInvitation"])));
        Assert.Equal(["i3", "i4", "i6"], await ListIdsAsync(Invitations("A", payloadTypes: ["OpportunityInvitation"])));
        Assert.Equal(["i2", "i3", "i4", "i5", "i6"],
            await ListIdsAsync(Invitations("A", payloadTypes: ["LeadInvitation", "OpportunityInvitation"])));
        Assert.Empty(await ListIdsAsync(Invitations("A", payloadTypes: [])));
    }

    [Fact]
    public async Task ListInvitations_StatusFilter_UsesTheStatusAtNow()
    {
        await SeedInvitationsAsync();

        Assert.Equal(["i2"], await ListIdsAsync(Invitations("A", statuses: ["PENDING"])));
        Assert.Equal(["i4", "i6"], await ListIdsAsync(Invitations("A", statuses: ["EXPIRED"])));
        Assert.Equal(["i2", "i4", "i6"], await ListIdsAsync(Invitations("A", statuses: ["PENDING", "EXPIRED"])));
        Assert.Equal(["i3", "i5"], await ListIdsAsync(Invitations("A", statuses: ["ACCEPTED", "REJECTED"])));
        Assert.Equal(["i2", "i3"], await ListIdsAsync(Invitations("A", statuses: ["ACCEPTED", "PENDING"])));
        Assert.Empty(await ListIdsAsync(Invitations("A", statuses: [])));
    }

    [Fact]
    public async Task ListInvitations_ExpiredIsLazy_PendingPastExpiryListsAsExpiredNotPending()
    {
        var expiry = T0.AddDays(15);
        await InsertAsync(Invitation("inv-1", "E1", "B", "A", T0, expirationDate: expiry));

        // Before expiry it is PENDING ...
        var before = expiry.AddTicks(-1);
        Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("A", statuses: ["PENDING"], now: before)));
        Assert.Empty(await ListIdsAsync(Invitations("A", statuses: ["EXPIRED"], now: before)));

        // ... from the expiration instant on it is EXPIRED, though nothing rewrote the stored status.
        foreach (var now in new[] { expiry, expiry.AddDays(1) })
        {
            Assert.Empty(await ListIdsAsync(Invitations("A", statuses: ["PENDING"], now: now)));
            Assert.Equal(["inv-1"], await ListIdsAsync(Invitations("A", statuses: ["EXPIRED"], now: now)));
        }
        var stored = await GetInvitationAsync(Aws, "inv-1");
        Assert.Equal(InvitationStatus.Pending, stored!.Status);
        Assert.Equal(InvitationStatus.Expired, stored.StatusAt(expiry));
    }

    [Fact]
    public async Task ListInvitations_EngagementAndSenderFilters()
    {
        await SeedInvitationsAsync();

        Assert.Equal(["i3", "i4", "i6"], await ListIdsAsync(Invitations("A", engagementIds: ["E1", "E3"])));
        Assert.Empty(await ListIdsAsync(Invitations("A", engagementIds: [])));
        Assert.Equal(["i3", "i5"], await ListIdsAsync(Invitations("A", senderAccountIds: ["C"])));
        Assert.Equal(["i2", "i3", "i4", "i5", "i6"], await ListIdsAsync(Invitations("A", senderAccountIds: ["B", "C"])));
        Assert.Empty(await ListIdsAsync(Invitations("A", senderAccountIds: ["A"])));
    }

    [Fact]
    public async Task ListInvitations_FiltersCombineWithAnd()
    {
        await SeedInvitationsAsync();

        Assert.Equal(["i4", "i6"], await ListIdsAsync(Invitations("A", payloadTypes: ["OpportunityInvitation"], senderAccountIds: ["B"])));
        Assert.Equal(["i4"], await ListIdsAsync(Invitations("A", statuses: ["EXPIRED"], engagementIds: ["E3"], senderAccountIds: ["B"], payloadTypes: ["OpportunityInvitation"]) with { Limit = 1 }));
        Assert.Equal(["i6"], await ListIdsAsync(Invitations("A", statuses: ["EXPIRED"], engagementIds: ["E3"], senderAccountIds: ["B"], payloadTypes: ["OpportunityInvitation"]) with { Ascending = false, Limit = 1 }));
        Assert.Equal(["i2"], await ListIdsAsync(Invitations("B", asSender: true, statuses: ["PENDING"])));
        Assert.Empty(await ListIdsAsync(Invitations("A", payloadTypes: ["LeadInvitation"], statuses: ["EXPIRED"])));
    }

    [Fact]
    public async Task ListInvitations_SortsByInvitationDateThenId_BothWays()
    {
        await InsertAsync(
            Invitation("m", "E", "B", "A", At(2)),
            Invitation("z", "E", "B", "A", At(1)),
            Invitation("b", "E", "B", "A", At(3)),
            Invitation("a", "E", "B", "A", At(3)),
            Invitation("c", "E", "B", "A", At(2).AddTicks(1)));

        Assert.Equal(["z", "m", "c", "a", "b"], await ListIdsAsync(Invitations("A")));
        Assert.Equal(["b", "a", "c", "m", "z"], await ListIdsAsync(Invitations("A", ascending: false)));
        Assert.Equal(["b", "a", "c", "m", "z"], await ListIdsAsync(Invitations("B", asSender: true, ascending: false)));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task ListInvitations_PaginatesAcrossThreePagesWithoutDuplicatesOrGaps(bool ascending, bool asSender)
    {
        var all = Enumerable.Range(0, 23)
            .Select(i => Invitation($"inv-{i:D2}", $"E{i % 4}", "S", "R", At(i / 4)))
            .ToArray();
        await InsertAsync(all);
        await InsertAsync(Invitation("other", "E0", "R", "S", At(0)));
        var expected = all.Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        if (!ascending)
        {
            expected.Reverse();
        }
        var query = Invitations(asSender ? "S" : "R", asSender: asSender, statuses: ["PENDING"], ascending: ascending, limit: 8);

        var first = await ListAsync(query);
        var second = await ListAsync(query with { After = first.Next });
        var third = await ListAsync(query with { After = second.Next });

        Assert.Equal([8, 8, 7], new[] { first.Items.Count, second.Items.Count, third.Items.Count });
        Assert.NotNull(first.Next);
        Assert.NotNull(second.Next);
        Assert.Null(third.Next);
        Assert.Equal(new SortPosition(second.Items[^1].InvitationDate.UtcTicks, second.Items[^1].Id), second.Next);
        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Id));
    }

    [Fact]
    public async Task ListPendingInvitationsForEngagement_StoredPendingOnly_ExpiryJudgedByCaller()
    {
        await SeedInvitationsAsync();
        await InsertAsync(Invitation("i8", "E3", "C", "D", At(0)));

        var e3 = await ReadAsync(s => s.ListPendingInvitationsForEngagementAsync(Aws, "E3", Ct));
        var e1 = await ReadAsync(s => s.ListPendingInvitationsForEngagementAsync(Aws, "E1", Ct));
        var e1Sandbox = await ReadAsync(s => s.ListPendingInvitationsForEngagementAsync(Sandbox, "E1", Ct));

        Assert.Equal(["i4", "i8"], e3.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["i1"], e1.Select(i => i.Id));
        Assert.Equal(["i7"], e1Sandbox.Select(i => i.Id));
        Assert.Empty(await ReadAsync(s => s.ListPendingInvitationsForEngagementAsync(Aws, "E9", Ct)));
        AssertInvitation(Invitation("i1", "E1", "A", "B", At(1)), e1[0], version: 1);
    }

    [Fact]
    public async Task ListPendingReceivers_StoredPendingOnly_OldestFirst_WithExpiry()
    {
        await SeedInvitationsAsync();
        var lapsing = Now.AddDays(-1);
        await InsertAsync(Invitation("i8", "E3", "C", "D", At(0)), Invitation("i9", "E3", "C", "F", At(9), expirationDate: lapsing));

        var e3 = await ReadAsync(s => s.ListPendingReceiversAsync(Aws, "E3", Ct));
        var e1Sandbox = await ReadAsync(s => s.ListPendingReceiversAsync(Sandbox, "E1", Ct));

        // i6 is stored EXPIRED: not listed. i4 and i9 are stored PENDING past their dates: listed, judged by the caller.
        Assert.Equal(["D", "A", "F"], e3.Select(p => p.ReceiverAccountId));
        Assert.Equal(lapsing, e3[2].ExpirationDate);
        Assert.False(e3[2].IsPendingAt(Now));
        Assert.Equal(["A"], e1Sandbox.Select(p => p.ReceiverAccountId));
        Assert.Empty(await ReadAsync(s => s.ListPendingReceiversAsync(Aws, "E9", Ct)));
    }
}
