using Cosell.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

/// <summary>What only the SQLite store promises: the file, its settings, migrations and crash recovery.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private static SqliteConnection Inspect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Open_CreatesDirectoryAndWalDatabase_AndRecordsMigrations()
    {
        var directory = Path.Combine(_directory, "nested", "data");

        await using (var store = await SqliteStore.OpenAsync(directory, Ct))
        {
            Assert.Equal("sqlite", store.Kind);
            Assert.Equal(Path.Combine(directory, "cosell.db"), store.DatabasePath);
            Assert.True(File.Exists(store.DatabasePath));
        }

        using var db = Inspect(Path.Combine(directory, "cosell.db"));
        Assert.Equal("wal", Scalar(db, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1L, Scalar(db, "SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(
            "accounts,engagement_members,engagements,idempotency,invitations,schema_migrations",
            Scalar(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"));
        Assert.Empty(Directory.GetFiles(directory).Select(Path.GetFileName)
            .Where(f => f is not ("cosell.db" or "cosell.db-wal" or "cosell.db-shm")));
    }

    [Fact]
    public async Task Reopen_DoesNotReapplyMigrations()
    {
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();

        using var db = Inspect(Path.Combine(_directory, "cosell.db"));
        Assert.Equal(1L, Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerBuild_Refuses()
    {
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            Scalar(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStore.OpenAsync(_directory, Ct));
        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crash_CopyOfFilesWhileOpen_OpensWithEveryCommittedWrite()
    {
        // A power cut: the files as they are on disk while the store runs (WAL not checkpointed, nothing closed).
        var crashed = Path.Combine(_directory, "crashed");
        await using var store = await SqliteStore.OpenAsync(Path.Combine(_directory, "live"), Ct);
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }
        await using (var uncommitted = await store.BeginAsync(write: true, Ct))
        {
            await uncommitted.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct);
            Directory.CreateDirectory(crashed);
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(store.DatabasePath)!))
            {
                if (!file.EndsWith("-shm", StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
                }
            }
        }

        await using var recovered = await SqliteStore.OpenAsync(crashed, Ct);
        await using var read = await recovered.BeginAsync(write: false, Ct);
        Assert.NotNull(await read.GetEngagementAsync(Aws, "eng-1", Ct));
        Assert.Null(await read.GetEngagementAsync(Aws, "eng-2", Ct));
    }

    [Fact]
    public async Task SecondStoreOnTheSameDirectory_WhileTheFirstIsOpen_Works()
    {
        // Nothing like a lock or PID file keeps a restarted process (or a second one) out.
        await using var first = await SqliteStore.OpenAsync(_directory, Ct);
        await using (var session = await first.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }

        await using var second = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await second.BeginAsync(write: false, Ct);
        Assert.NotNull(await read.GetEngagementAsync(Aws, "eng-1", Ct));
    }

    [Fact]
    public async Task ReadSession_RefusesWrites()
    {
        await using var store = await SqliteStore.OpenAsync(_directory, Ct);
        await using var session = await store.BeginAsync(write: false, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.SaveAccountAsync(Account("A"), Ct));
    }

    [Fact]
    public async Task Session_AfterCommit_RefusesFurtherUse()
    {
        await using var store = await SqliteStore.OpenAsync(_directory, Ct);
        await using var session = await store.BeginAsync(write: true, Ct);
        await session.CommitAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.GetEngagementAsync(Aws, "eng-1", Ct));
    }

    [Fact]
    public async Task DuplicateId_InOneCatalog_FailsAndTheSessionCanStillRollBack()
    {
        await using var store = await SqliteStore.OpenAsync(_directory, Ct);
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await Assert.ThrowsAsync<SqliteException>(() => session.InsertEngagementAsync(Engagement("eng-1", "B", T0), Ct));
        }

        await using var next = await store.BeginAsync(write: true, Ct);
        await next.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct);
        await next.CommitAsync(Ct);
    }

    [Fact]
    public async Task ListQueries_UseTheirIndexes()
    {
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        {
        }
        using var db = Inspect(Path.Combine(_directory, "cosell.db"));

        string Plan(string sql)
        {
            using var command = db.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(3));
            }
            return string.Join(" | ", lines);
        }

        var received = Plan("SELECT version, doc FROM invitations WHERE catalog = 'AWS' AND receiver_account_id = 'A' " +
            "AND (invitation_date, id) > (1, 'x') ORDER BY invitation_date, id LIMIT 11");
        Assert.Contains("ix_invitations_receiver_date", received, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", received, StringComparison.Ordinal);

        var sent = Plan("SELECT version, doc FROM invitations WHERE catalog = 'AWS' AND sender_account_id = 'A' " +
            "ORDER BY invitation_date DESC, id DESC LIMIT 11");
        Assert.Contains("ix_invitations_sender_date", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", sent, StringComparison.Ordinal);

        var members = Plan("SELECT e.doc FROM engagement_members m JOIN engagements e ON e.seq = m.engagement_seq " +
            "WHERE m.catalog = 'AWS' AND m.account_id = 'A' ORDER BY m.created_at DESC, m.engagement_id DESC LIMIT 11");
        Assert.Contains("ix_engagement_members_account_created", members, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", members, StringComparison.Ordinal);
    }
}
