using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Cosell.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

/// <summary>
/// Group commit in the SQLite writer: write sessions that queue share one transaction and one fsync, each in its own
/// savepoint. These tests order sessions by hand (a session holds the writer while another waits), so nothing here
/// depends on timing.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = TempDirectory.Create();
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(_directory, Ct);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        TempDirectory.Delete(_directory);
    }

    private async Task<EngagementRecord?> ReadEngagementAsync(string id)
    {
        await using var read = await _store.BeginAsync(write: false, Ct);
        return await read.GetEngagementAsync(Aws, id, Ct);
    }

    [Fact]
    public async Task Commit_WhileAnotherWriterWaits_IsNotAcknowledgedBeforeTheGroupCommits()
    {
        var first = await _store.BeginAsync(write: true, Ct);
        var secondBegin = _store.BeginAsync(write: true, Ct); // queued behind the first
        Assert.False(secondBegin.IsCompleted);

        await first.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
        var firstCommit = first.CommitAsync(Ct); // the waiting writer joins its group

        var second = await secondBegin;
        Assert.False(firstCommit.IsCompleted);
        Assert.NotNull(await second.GetEngagementAsync(Aws, "eng-1", Ct)); // a later member sees the earlier one's work
        Assert.Null(await ReadEngagementAsync("eng-1"));                 // nobody else does before the COMMIT

        await second.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct);
        await second.CommitAsync(Ct);
        await firstCommit;
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.NotNull(await ReadEngagementAsync("eng-1"));
        Assert.NotNull(await ReadEngagementAsync("eng-2"));
    }

    [Fact]
    public async Task Rollback_OfOneMember_UndoesOnlyItsOwnWork()
    {
        var first = await _store.BeginAsync(write: true, Ct);
        var secondBegin = _store.BeginAsync(write: true, Ct);
        var thirdBegin = _store.BeginAsync(write: true, Ct);

        await first.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
        var firstCommit = first.CommitAsync(Ct);

        var second = await secondBegin;
        await second.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct);
        await Assert.ThrowsAsync<SqliteException>(() => second.InsertEngagementAsync(Engagement("eng-1", "B", T0), Ct));
        var secondEnd = second.DisposeAsync().AsTask(); // rolls back to its savepoint, then waits for the group

        var third = await thirdBegin;
        Assert.Null(await third.GetEngagementAsync(Aws, "eng-2", Ct));
        await third.InsertEngagementAsync(Engagement("eng-3", "A", T0), Ct);
        await third.CommitAsync(Ct);
        await Task.WhenAll(firstCommit, secondEnd);
        await first.DisposeAsync();
        await third.DisposeAsync();

        Assert.NotNull(await ReadEngagementAsync("eng-1"));
        Assert.Null(await ReadEngagementAsync("eng-2"));
        Assert.NotNull(await ReadEngagementAsync("eng-3"));
        Assert.Equal("A", (await ReadEngagementAsync("eng-1"))!.CreatedBy);
    }

    [Fact]
    public async Task Rollback_AfterReadingEarlierMembersWork_EndsOnlyOnceThatWorkIsCommitted()
    {
        // An idempotent replay answers from what an earlier member wrote: that answer must not leave before the write is durable.
        var first = await _store.BeginAsync(write: true, Ct);
        var secondBegin = _store.BeginAsync(write: true, Ct);
        await first.SaveIdempotencyAsync(new IdempotencyRecord("A", Aws, "Op", "token", "hash", [1, 2, 3], T0, T0.AddHours(24)), Ct);
        var firstCommit = first.CommitAsync(Ct);

        var second = await secondBegin;
        Assert.NotNull(await second.GetIdempotencyAsync("A", Aws, "Op", "token", Ct));
        await second.DisposeAsync(); // no commit: completes once the group is durable

        await using var read = await _store.BeginAsync(write: false, Ct);
        Assert.NotNull(await read.GetIdempotencyAsync("A", Aws, "Op", "token", Ct));
        await firstCommit;
        await first.DisposeAsync();
    }

    [Fact]
    public async Task CanceledWaiter_DoesNotStrandTheGroup()
    {
        var first = await _store.BeginAsync(write: true, Ct);
        using var cancel = new CancellationTokenSource();
        var waiting = _store.BeginAsync(write: true, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        await first.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
        await first.CommitAsync(Ct);
        await first.DisposeAsync();

        Assert.NotNull(await ReadEngagementAsync("eng-1"));
        await using var next = await _store.BeginAsync(write: true, Ct); // the writer is free again
        await next.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct);
        await next.CommitAsync(Ct);
    }

    [Fact]
    public async Task ManyConcurrentWriters_SomeFailing_EveryCommittedWriteIsKeptAndNoFailedOne()
    {
        await using (var setup = await _store.BeginAsync(write: true, Ct))
        {
            await setup.InsertEngagementAsync(Engagement("taken", "A", T0), Ct);
            await setup.CommitAsync(Ct);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await using var session = await _store.BeginAsync(write: true, Ct);
            await session.InsertInvitationAsync(Invitation($"inv-{i:D2}", "taken", "A", "B", At(i)), Ct);
            if (i % 5 == 0)
            {
                try
                {
                    await session.InsertEngagementAsync(Engagement("taken", "B", T0), Ct); // duplicate: fails
                }
                catch (SqliteException)
                {
                    return false; // disposed without commit
                }
            }
            await session.CommitAsync(Ct);
            return true;
        })));

        await using var read = await _store.BeginAsync(write: false, Ct);
        var page = await read.ListInvitationsAsync(new InvitationQuery(Aws, "B", false, null, null, null, null, T0, true, null, 100), Ct);
        var expected = Enumerable.Range(0, 64).Where(i => outcomes[i]).Select(i => $"inv-{i:D2}");
        Assert.Equal(expected, page.Items.Select(i => i.Id));
        Assert.Equal(64 - 13, page.Items.Count);
    }

    [Fact]
    public async Task CommittedGroup_SurvivesACrashCopyOfTheFiles()
    {
        // Sessions committed in one group are all on disk once their commits are acknowledged.
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await using var session = await _store.BeginAsync(write: true, Ct);
            await session.InsertEngagementAsync(Engagement($"eng-{i:D2}", "A", T0), Ct);
            await session.CommitAsync(Ct);
        })));

        var crashed = Path.Combine(_directory, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(_directory))
        {
            if (!file.EndsWith("-shm", StringComparison.Ordinal) && !file.EndsWith(DataFolderLock.FileName, StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
            }
        }
        await using var recovered = await SqliteStore.OpenAsync(crashed, Ct);
        await using var read = await recovered.BeginAsync(write: false, Ct);
        for (var i = 0; i < 32; i++)
        {
            Assert.NotNull(await read.GetEngagementAsync(Aws, $"eng-{i:D2}", Ct));
        }
    }

    [Fact]
    public async Task Checkpoints_RunOffTheWriter_AndCopyCommittedFramesIntoTheDatabaseFile()
    {
        var databaseFile = new FileInfo(_store.DatabasePath);
        var before = databaseFile.Length;
        for (var i = 0; i < 200; i++)
        {
            await using var session = await _store.BeginAsync(write: true, Ct);
            await session.InsertEngagementAsync(Engagement($"eng-{i:D3}", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }

        // The writer's automatic checkpoint is off, yet the committed pages reach the database file: the background
        // checkpointer copied them. Bounded wait, not
        // a timing assertion: it runs after every commit, at most every 20 ms.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(_store.DatabasePath).Length <= before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }
        Assert.True(new FileInfo(_store.DatabasePath).Length > before, "no checkpoint copied the WAL into the database file");
        Assert.NotNull(await ReadEngagementAsync("eng-199"));
    }
}
