using Cosell.Service.Domain;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task WriteSession_DisposedWithoutCommit_RollsEverythingBack()
    {
        await using (var session = await Store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0, ["A", "B"]), Ct);
            await session.InsertInvitationAsync(Invitation("inv-1", "eng-1", "A", "B", T0), Ct);
            await session.SaveIdempotencyAsync(new IdempotencyRecord("A", Aws, "CreateEngagement", "tok", "h", [1], T0, T0.AddHours(24)), Ct);
            await session.SaveAccountAsync(Account("A", "AKIA1"), Ct);
            Assert.NotNull(await session.GetEngagementAsync(Aws, "eng-1", Ct)); // a session sees its own writes
        }

        Assert.Null(await GetEngagementAsync(Aws, "eng-1"));
        Assert.Null(await GetInvitationAsync(Aws, "inv-1"));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "CreateEngagement", "tok", Ct)));
        Assert.Empty(await ReadAsync(s => s.ListAccountsAsync(Ct)));
        Assert.Empty((await ReadAsync(s => s.ListEngagementsAsync(
            new(Aws, "B", null, null, null, null, null, true, null, 10), Ct))).Items);

        // The writer was released: the next write session commits normally.
        await InsertAsync(Engagement("eng-2", "A", T0));
        Assert.NotNull(await GetEngagementAsync(Aws, "eng-2"));
    }

    [Fact]
    public async Task UncommittedWrites_AreInvisibleToOtherSessions_UntilCommit()
    {
        await using var writer = await Store.BeginAsync(write: true, Ct);
        await writer.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);

        Assert.Null(await GetEngagementAsync(Aws, "eng-1"));

        await writer.CommitAsync(Ct);
        Assert.NotNull(await GetEngagementAsync(Aws, "eng-1"));
    }

    [Fact]
    public async Task WriteSession_SeesEveryEarlierCommit()
    {
        await InsertAsync(Engagement("eng-1", "A", T0));
        Assert.True(await WriteAsync(async s =>
        {
            var current = await s.GetEngagementAsync(Aws, "eng-1", Ct);
            return await s.UpdateEngagementAsync(current! with { Title = "x" }, current.Version, Ct);
        }));

        var seen = await WriteAsync(s => s.GetEngagementAsync(Aws, "eng-1", Ct));

        Assert.Equal("x", seen!.Title);
        Assert.Equal(2, seen.Version);
    }

    [Fact]
    public async Task ConcurrentWriters_AllCommit()
    {
        var writers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await using var session = await Store.BeginAsync(write: true, Ct);
            await session.InsertInvitationAsync(Invitation($"inv-{i:D2}", "E1", "A", "B", At(i)), Ct);
            await session.CommitAsync(Ct);
        }));
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var session = await Store.BeginAsync(write: false, Ct);
            await session.ListInvitationsAsync(new("AWS", "B", false, null, null, null, null, T0, true, null, 100), Ct);
        }));

        await Task.WhenAll(writers.Concat(readers));

        var page = await ReadAsync(s => s.ListInvitationsAsync(
            new(Aws, "B", false, null, null, null, null, T0, true, null, 100), Ct));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"inv-{i:D2}"), page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task ConcurrentReadModifyWrite_InWriteSessions_NeverLosesAnUpdate()
    {
        await InsertAsync(Engagement("eng-1", "A", T0));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await using var session = await Store.BeginAsync(write: true, Ct);
            var current = await session.GetEngagementAsync(Aws, "eng-1", Ct);
            Assert.True(await session.UpdateEngagementAsync(
                current! with { Description = current.Description + $"|{i}" }, current.Version, Ct));
            await session.CommitAsync(Ct);
        })));

        var final = await GetEngagementAsync(Aws, "eng-1");
        Assert.Equal(17, final!.Version);
        Assert.Equal(17, final.Description.Split('|').Length);
    }

    [Fact]
    public async Task Idempotency_SaveThenGet_ScopedByAccountCatalogOperationAndToken()
    {
        var response = "{\"Id\":\"eng-1\"}"u8.ToArray();
        var record = new IdempotencyRecord("A", Aws, "CreateEngagement", "token-1", "sha256:abc", response, T0, T0.AddHours(24));
        await WriteAsync(s => s.SaveIdempotencyAsync(record, Ct));

        var stored = await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "CreateEngagement", "token-1", Ct));

        Assert.NotNull(stored);
        Assert.Equal(record.AccountId, stored.AccountId);
        Assert.Equal(record.Catalog, stored.Catalog);
        Assert.Equal(record.Operation, stored.Operation);
        Assert.Equal(record.Token, stored.Token);
        Assert.Equal(record.RequestHash, stored.RequestHash);
        Assert.Equal(response, stored.Response);
        AssertSameInstant(T0, stored.CreatedAt);
        AssertSameInstant(T0.AddHours(24), stored.ReplaysUntil);

        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("B", Aws, "CreateEngagement", "token-1", Ct)));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Sandbox, "CreateEngagement", "token-1", Ct)));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "CreateEngagementInvitation", "token-1", Ct)));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "CreateEngagement", "token-2", Ct)));
    }

    [Fact]
    public async Task Idempotency_SameTokenInAnotherScope_IsAnotherRecord()
    {
        await WriteAsync(async s =>
        {
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t", "h1", [1], T0, T0.AddHours(24)), Ct);
            await s.SaveIdempotencyAsync(new("B", Aws, "Op", "t", "h2", [2], T0, T0.AddHours(24)), Ct);
            await s.SaveIdempotencyAsync(new("A", Sandbox, "Op", "t", "h3", [3], T0, T0.AddHours(24)), Ct);
            await s.SaveIdempotencyAsync(new("A", Aws, "Op2", "t", "h4", [4], T0, T0.AddHours(24)), Ct);
        });

        Assert.Equal("h2", (await ReadAsync(s => s.GetIdempotencyAsync("B", Aws, "Op", "t", Ct)))!.RequestHash);
        Assert.Equal([3], (await ReadAsync(s => s.GetIdempotencyAsync("A", Sandbox, "Op", "t", Ct)))!.Response);
    }

    [Fact]
    public async Task Idempotency_Replace_OverwritesTheTokensRecordOnly()
    {
        await WriteAsync(async s =>
        {
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t", "old-hash", [1], T0, T0.AddHours(24)), Ct);
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "other", "other-hash", [9], T0, T0.AddHours(24)), Ct);
        });
        var later = T0.AddHours(25);

        await WriteAsync(s => s.ReplaceIdempotencyAsync(new("A", Aws, "Op", "t", "new-hash", [2, 2], later, later.AddHours(24)), Ct));

        Assert.Equal("other-hash", (await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "other", Ct)))!.RequestHash);

        var stored = await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t", Ct));
        Assert.NotNull(stored);
        Assert.Equal("new-hash", stored.RequestHash);
        Assert.Equal([2, 2], stored.Response);
        AssertSameInstant(later, stored.CreatedAt);
        AssertSameInstant(later.AddHours(24), stored.ReplaysUntil);
    }

    [Fact]
    public async Task Idempotency_RecordsOfABuildBeforeMigration13StillRunning_ReplayForTheDayThoseBuildsKept()
    {
        // An instance of an older build still running on a store a newer one migrated names no replays_until (SQLite
        // builds before 4dceae3 take no folder lock): PostgreSQL refused such rows (NOT NULL), SQLite's default, 0, read
        // as lapsed. Replacing a lapsed record, it leaves the lapsed replays_until.
        await WriteAsync(s => s.SaveIdempotencyAsync(new("A", Aws, "Op", "lapsed", "h0", [0], T0, T0.AddHours(1)), Ct));
        var later = T0.AddHours(30);

        await RunSqlAsync("INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at) " +
            $"VALUES ('A', '{Aws}', 'Op', 'new', 'h1', {{blob:01}}, {T0.UtcTicks})");
        await RunSqlAsync("INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at) " +
            $"VALUES ('A', '{Aws}', 'Op', 'lapsed', 'h2', {{blob:02}}, {later.UtcTicks}) ON CONFLICT (account_id, catalog, operation, token) " +
            "DO UPDATE SET request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at");

        var inserted = await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "new", Ct));
        var replaced = await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "lapsed", Ct));
        AssertSameInstant(T0.AddHours(24), inserted!.ReplaysUntil);
        Assert.Equal("h2", replaced!.RequestHash);
        AssertSameInstant(later.AddHours(24), replaced.ReplaysUntil);
    }

    [Fact]
    public async Task Idempotency_ReplaceOfARecordTheSweepDeletedMeanwhile_StillSaved()
    {
        // A request read the lapsed record (unlocked) and replaces it at commit; the sweep of lapsed records may have
        // deleted it in between. The new response must be kept all the same, or a retry would run the request twice.
        await WriteAsync(s => s.SaveIdempotencyAsync(new("A", Aws, "Op", "swept", "old-hash", [1], T0, T0.AddHours(24)), Ct));
        await WriteAsync(s => s.DeleteLapsedIdempotencyAsync(T0.AddHours(25), 10, Ct));

        await WriteAsync(s => s.ReplaceIdempotencyAsync(new("A", Aws, "Op", "swept", "new-hash", [2], T0.AddHours(25), T0.AddHours(49)), Ct));

        Assert.Equal("new-hash", (await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "swept", Ct)))?.RequestHash);
    }

    [Fact]
    public async Task Idempotency_DeleteLapsed_ByEachRecordsOwnReplayTimeSoonestFirstUpToTheLimit()
    {
        // Written by instances with other lifetimes: the later a record was created here, the sooner it lapses.
        await WriteAsync(async s =>
        {
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t3", "h", [3], T0.AddHours(0.1), T0.AddHours(4)), Ct);
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t1", "h", [1], T0.AddHours(0.9), T0.AddHours(1)), Ct);
            await s.SaveIdempotencyAsync(new("B", Sandbox, "Op2", "t2", "h", [2], T0.AddHours(0.5), T0.AddHours(2)), Ct);
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t5", "h", [5], T0, T0.AddHours(5)), Ct);
        });
        var now = T0.AddHours(4); // t3 lapses exactly now

        var first = await WriteAsync(s => s.DeleteLapsedIdempotencyAsync(now, 2, Ct));
        Assert.Equal(2, first);
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t1", Ct)));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("B", Sandbox, "Op2", "t2", Ct)));
        Assert.NotNull(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t3", Ct)));

        Assert.Equal(1, await WriteAsync(s => s.DeleteLapsedIdempotencyAsync(now, 2, Ct)));
        Assert.Equal(0, await WriteAsync(s => s.DeleteLapsedIdempotencyAsync(now, 2, Ct)));
        Assert.Null(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t3", Ct)));
        var kept = await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t5", Ct));
        Assert.NotNull(kept);
        AssertSameInstant(T0.AddHours(5), kept.ReplaysUntil);
    }

    [Fact]
    public async Task Events_DeleteOld_OnlyTheLeadingRunOfOldOnes_UpToTheLimit()
    {
        // e3 is old but comes after e2, which is not (a clock that went back, a restart after --clock-control moved it):
        // deleting it would leave a gap a feed token could point into, so e3 waits for e2's turn.
        await WriteAsync(s => s.AppendEventsAsync(
        [
            new("e1", "A", Sandbox, "T", T0.AddHours(1), "{}"),
            new("e2", "B", Sandbox, "T", T0.AddHours(5), "{}"),
            new("e3", "A", Sandbox, "T", T0.AddHours(2), "{}"),
            new("e4", "B", Sandbox, "T", T0.AddHours(6), "{}"),
            new("e5", "B", Sandbox, "T", T0.AddHours(7), "{}"),
        ], Ct));
        var cutoff = T0.AddHours(4);

        var deleted = await WriteAsync(s => s.DeleteOldEventsAsync(cutoff, 2, Ct));
        var wider = await WriteAsync(s => s.DeleteOldEventsAsync(cutoff, 3, Ct));
        var keptBehindANewer = (await ReadAsync(s => s.ListEventsAsync("A", 0, 10, Ct))).Select(e => e.Id).ToList();
        var later = await WriteAsync(s => s.DeleteOldEventsAsync(T0.AddHours(5.5), 3, Ct));

        Assert.Equal(1, deleted);
        Assert.Equal(0, wider);
        Assert.Equal(["e3"], keptBehindANewer);
        Assert.Equal(2, later);
        Assert.Empty(await ReadAsync(s => s.ListEventsAsync("A", 0, 10, Ct)));
        Assert.Equal(["e4", "e5"], (await ReadAsync(s => s.ListEventsAsync("B", 0, 10, Ct))).Select(e => e.Id));
    }

    [Fact]
    public async Task Events_DeleteOld_KeepsTheNewest_SoSequencesNeverStartAgain()
    {
        await WriteAsync(s => s.AppendEventsAsync(
            [new("e1", "A", Sandbox, "T", T0, "{}"), new("e2", "A", Sandbox, "T", T0.AddMinutes(1), "{}")], Ct));
        var highest = (await ReadAsync(s => s.ListEventsAsync("A", 0, 10, Ct)))[^1].Sequence;

        var deleted = await WriteAsync(s => s.DeleteOldEventsAsync(T0.AddDays(1), 10, Ct));
        await WriteAsync(s => s.AppendEventsAsync([new("e3", "A", Sandbox, "T", T0.AddDays(1), "{}")], Ct));

        var left = await ReadAsync(s => s.ListEventsAsync("A", 0, 10, Ct));
        Assert.Equal(1, deleted);
        Assert.Equal(["e2", "e3"], left.Select(e => e.Id));
        Assert.True(left[1].Sequence > highest, $"a new event is numbered {left[1].Sequence}, after the highest ever, {highest}");
        Assert.Equal(left[0].Sequence, await ReadAsync(s => s.OldestEventSequenceAsync(Ct)));
    }

    [Fact]
    public async Task Events_LatestSequences_EachAccountsNewest_AccountsWithoutEventsLeftOut()
    {
        await WriteAsync(s => s.AppendEventsAsync(
        [
            new("e1", "A", Sandbox, "T", T0, "{}"), new("e2", "B", Sandbox, "T", T0, "{}"), new("e3", "A", Sandbox, "T", T0, "{}"),
        ], Ct));
        var newestOfA = (await ReadAsync(s => s.ListEventsAsync("A", 0, 10, Ct)))[^1];
        var newestOfB = (await ReadAsync(s => s.ListEventsAsync("B", 0, 10, Ct)))[^1];

        var latest = await ReadAsync(s => s.LatestEventSequencesAsync(["A", "B", "C"], Ct));

        Assert.Equal("e3", newestOfA.Id);
        Assert.Equal(new Dictionary<string, long> { ["A"] = newestOfA.Sequence, ["B"] = newestOfB.Sequence }, latest);
    }

    [Fact]
    public async Task Accounts_SaveThenList_InsertsAndReplaces()
    {
        Assert.Empty(await ReadAsync(s => s.ListAccountsAsync(Ct)));

        await WriteAsync(async s =>
        {
            await s.SaveAccountAsync(Account("222222222222", "AKIA2"), Ct);
            await s.SaveAccountAsync(Account("111111111111", "AKIA1a", "AKIA1b"), Ct);
        });
        await WriteAsync(s => s.SaveAccountAsync(Account("222222222222", "AKIA2new") with { WebsiteUrl = null }, Ct));

        var accounts = (await ReadAsync(s => s.ListAccountsAsync(Ct))).OrderBy(a => a.AccountId, StringComparer.Ordinal).ToList();

        Assert.Equal(["111111111111", "222222222222"], accounts.Select(a => a.AccountId));
        Assert.Equal("Company 111111111111", accounts[0].CompanyName);
        Assert.Equal("https://111111111111.example", accounts[0].WebsiteUrl);
        Assert.Equal([new AccessKeyRecord("AKIA1a", "secret-AKIA1a"), new AccessKeyRecord("AKIA1b", "secret-AKIA1b")], accounts[0].AccessKeys);
        Assert.Null(accounts[1].WebsiteUrl);
        Assert.Equal([new AccessKeyRecord("AKIA2new", "secret-AKIA2new")], accounts[1].AccessKeys);
    }

    [Fact]
    public async Task Reopen_KeepsCommittedData()
    {
        var engagement = Engagement("eng-1", "A", T0, ["A", "B"], ["Lead"]);
        var invitation = Invitation("inv-1", "eng-1", "A", "B", T0);
        await WriteAsync(async s =>
        {
            await s.InsertEngagementAsync(engagement, Ct);
            await s.InsertInvitationAsync(invitation, Ct);
            await s.SaveAccountAsync(Account("A", "AKIA1"), Ct);
            await s.SaveIdempotencyAsync(new("A", Aws, "Op", "t", "h", [7], T0, T0.AddHours(24)), Ct);
        });
        Assert.True(await WriteAsync(s => s.UpdateInvitationAsync(invitation with { Message = "v2" }, 1, Ct)));

        await ReopenAsync();

        AssertEngagement(engagement, await GetEngagementAsync(Aws, "eng-1"), version: 1);
        AssertInvitation(invitation with { Message = "v2" }, await GetInvitationAsync(Aws, "inv-1"), version: 2);
        Assert.Equal("A", Assert.Single(await ReadAsync(s => s.ListAccountsAsync(Ct))).AccountId);
        Assert.NotNull(await ReadAsync(s => s.GetIdempotencyAsync("A", Aws, "Op", "t", Ct)));
        Assert.Equal("eng-1", Assert.Single((await ReadAsync(s => s.ListEngagementsAsync(
            new(Aws, "B", null, null, null, null, null, true, null, 10), Ct))).Items).Id);
        await InsertAsync(Engagement("eng-2", "A", T0));
        Assert.NotNull(await GetEngagementAsync(Aws, "eng-2"));
    }
}
