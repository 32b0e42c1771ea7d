using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;

namespace Cosell.Storage.Tests;

/// <summary>
/// What every <see cref="IStore"/> must do, written against the port only so that each implementation runs the same
/// suite. xunit makes a new instance per test, so every test gets its own fresh, empty store.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken Ct = CancellationToken.None;

    protected IStore Store { get; private set; } = null!;

    /// <summary>A new, empty store that no other test uses.</summary>
    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>Closes <paramref name="store"/> and opens the same data again (a restart).</summary>
    protected abstract Task<IStore> ReopenStoreAsync(IStore store);

    /// <summary>
    /// Runs <paramref name="sql"/> on the store's database from a connection of its own, as another process would (an
    /// instance of an older build sharing the store). Byte strings in it are written <c>{blob:HEX}</c>, each store's
    /// literal replacing them (<see cref="WithBlobs"/>).
    /// </summary>
    protected abstract Task RunSqlAsync(string sql);

    /// <summary><paramref name="sql"/> with each <c>{blob:HEX}</c> written as <paramref name="literal"/> (a regex replacement naming the hex <c>$1</c>).</summary>
    protected static string WithBlobs(string sql, string literal) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"\{blob:([0-9A-Fa-f]*)\}", literal);

    /// <summary>Removes what <see cref="CreateStoreAsync"/> made, after the store is disposed.</summary>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        await CleanupAsync();
    }

    protected async Task ReopenAsync() => Store = await ReopenStoreAsync(Store);

    protected async Task WriteAsync(Func<IStoreSession, Task> work)
    {
        await using var session = await Store.BeginAsync(write: true, Ct);
        await work(session);
        await session.CommitAsync(Ct);
    }

    protected async Task<T> WriteAsync<T>(Func<IStoreSession, Task<T>> work)
    {
        await using var session = await Store.BeginAsync(write: true, Ct);
        var result = await work(session);
        await session.CommitAsync(Ct);
        return result;
    }

    protected async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work)
    {
        await using var session = await Store.BeginAsync(write: false, Ct);
        return await work(session);
    }

    protected Task InsertAsync(params EngagementRecord[] engagements) => WriteAsync(async s =>
    {
        foreach (var e in engagements)
        {
            await s.InsertEngagementAsync(e, Ct);
        }
    });

    protected Task InsertAsync(params InvitationRecord[] invitations) => WriteAsync(async s =>
    {
        foreach (var i in invitations)
        {
            await s.InsertInvitationAsync(i, Ct);
        }
    });

    protected Task<EngagementRecord?> GetEngagementAsync(string catalog, string id) =>
        ReadAsync(s => s.GetEngagementAsync(catalog, id, Ct));

    protected Task<InvitationRecord?> GetInvitationAsync(string catalog, string id) =>
        ReadAsync(s => s.GetInvitationAsync(catalog, id, Ct));

    // ---- Assertions -------------------------------------------------------------------------------------------

    protected static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.Equal(expected.UtcTicks, actual.UtcTicks);

    protected static void AssertSameInstant(DateTimeOffset? expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected.HasValue)
        {
            AssertSameInstant(expected.Value, actual!.Value);
        }
    }

    /// <summary>Model shapes are compared as their wire JSON (records compare lists by reference).</summary>
    protected static void AssertSameJson<T>(T expected, T actual, JsonTypeInfo<T> type) =>
        Assert.Equal(JsonSerializer.Serialize(expected, type), JsonSerializer.Serialize(actual, type));

    protected static void AssertEngagement(EngagementRecord expected, EngagementRecord? actual, long version)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Catalog, actual.Catalog);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Description, actual.Description);
        AssertSameInstant(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CreatedBy, actual.CreatedBy);
        AssertSameInstant(expected.ModifiedAt, actual.ModifiedAt);
        Assert.Equal(expected.ModifiedBy, actual.ModifiedBy);
        Assert.Equal(expected.Members.Select(m => m.AccountId), actual.Members.Select(m => m.AccountId));
        Assert.Equal(expected.Members.Select(m => m.JoinedAt.UtcTicks), actual.Members.Select(m => m.JoinedAt.UtcTicks));
        Assert.Equal(expected.Contexts.Count, actual.Contexts.Count);
        for (var i = 0; i < expected.Contexts.Count; i++)
        {
            AssertSameJson(expected.Contexts[i], actual.Contexts[i], ModelJsonContext.Default.EngagementContextDetails);
        }
        Assert.Equal(version, actual.Version);
    }

    protected static void AssertInvitation(InvitationRecord expected, InvitationRecord? actual, long version)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Catalog, actual.Catalog);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.EngagementId, actual.EngagementId);
        Assert.Equal(expected.SenderAccountId, actual.SenderAccountId);
        Assert.Equal(expected.SenderCompanyName, actual.SenderCompanyName);
        Assert.Equal(expected.ReceiverAccountId, actual.ReceiverAccountId);
        AssertSameJson(expected.Receiver, actual.Receiver, ModelJsonContext.Default.Receiver);
        Assert.Equal(expected.PayloadType, actual.PayloadType);
        AssertSameJson(expected.Payload, actual.Payload, ModelJsonContext.Default.Payload);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Status, actual.Status);
        AssertSameInstant(expected.InvitationDate, actual.InvitationDate);
        AssertSameInstant(expected.ExpirationDate, actual.ExpirationDate);
        Assert.Equal(expected.RejectionReason, actual.RejectionReason);
        AssertSameInstant(expected.RespondedAt, actual.RespondedAt);
        Assert.Equal(version, actual.Version);
    }

    protected static void AssertIds<T>(IEnumerable<string> expected, Page<T> page, Func<T, string> id) =>
        Assert.Equal(expected, page.Items.Select(id));
}
