using Cosell.Service.Ports;
using Cosell.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

/// <summary>The data folder failing under a running SQLite store: what writes, the health check and the log get.</summary>
public sealed class SqliteStoreFailureTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    private static async Task WriteAsync(IStore store, string id)
    {
        await using var write = await store.BeginAsync(write: true, Ct);
        await write.InsertEngagementAsync(Engagement(id, "A", T0), Ct);
        await write.CommitAsync(Ct);
    }

    [Fact]
    public async Task DataFolderDeleted_WritesAndTheHealthCheckFail_ForGood_NamingIt()
    {
        var data = Path.Combine(_directory, "data");
        await using var store = await SqliteStore.OpenAsync(data, Ct);
        await WriteAsync(store, "eng-1");
        await store.PingAsync(Ct);

        // The open files live on unlinked: a write would succeed, and be gone at the next start.
        Directory.Delete(data, recursive: true);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WriteAsync(store, "eng-2"));
        var health = await Assert.ThrowsAnyAsync<Exception>(() => store.PingAsync(Ct));

        // A folder made again under the same name holds no store: writes stay refused, and so do reads, although the
        // reader pooled by the first health check could still read the deleted file.
        Directory.CreateDirectory(data);
        var again = await Assert.ThrowsAnyAsync<Exception>(() => WriteAsync(store, "eng-3"));
        var read = await Assert.ThrowsAnyAsync<Exception>(() => store.BeginAsync(write: false, Ct));
        Assert.Contains("was deleted or replaced while the server ran", store.Unavailable(read));

        Assert.Contains("was deleted or replaced while the server ran", store.Unavailable(refused));
        Assert.Contains("was deleted or replaced while the server ran", health.Message);
        Assert.Contains("was deleted or replaced while the server ran", store.Unavailable(again));
        Assert.False(File.Exists(Path.Combine(data, SqliteStore.FileName)));
    }

    [Fact]
    public async Task DataFolderDeletedAndMadeAgain_BeforeAnyWrite_AReaderCreatesNoEmptyStoreThere()
    {
        var data = Path.Combine(_directory, "data");
        await using var store = await SqliteStore.OpenAsync(data, Ct);
        await WriteAsync(store, "eng-1"); // no reader opened yet

        Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        var read = await Assert.ThrowsAnyAsync<Exception>(() => store.BeginAsync(write: false, Ct));

        Assert.NotNull(store.Unavailable(read));
        Assert.False(File.Exists(Path.Combine(data, SqliteStore.FileName)));
    }

    [Fact]
    public async Task Unavailable_ForFailuresOfTheFileAndItsDisk_NotForTheRequestsOwn()
    {
        await using var store = await SqliteStore.OpenAsync(_directory, Ct);

        Assert.Equal("SQLite Error 13: 'database or disk is full'.",
            store.Unavailable(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)));
        Assert.NotNull(store.Unavailable(new SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8)));
        Assert.NotNull(store.Unavailable(new SqliteException("SQLite Error 11: 'database disk image is malformed'.", 11)));
        Assert.Null(store.Unavailable(new SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19)));
        Assert.Null(store.Unavailable(new InvalidOperationException("a bug")));

        // The group's COMMIT failing on an I/O error (its fsync) may have kept the writes: the reason says so.
        var commit = new GroupCommitException("it may or may not have been kept", new SqliteException("SQLite Error 10: 'disk I/O error'.", 10));
        Assert.Equal("SQLite Error 10: 'disk I/O error'. it may or may not have been kept", store.Unavailable(commit));
    }
}
