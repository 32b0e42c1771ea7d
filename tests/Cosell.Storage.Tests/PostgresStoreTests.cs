using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Cosell.Storage.Postgres;
using Npgsql;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

/// <summary>
/// What only the PostgreSQL store promises: its schema and migrations (several instances starting at once), and the
/// locks that make write sessions of different processes queue where SQLite's single writer queues them.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Blocked = TimeSpan.FromMilliseconds(400);

    private readonly string _connectionString;
    private readonly string _schema;
    private readonly List<PostgresStore> _stores = [];

    public PostgresStoreTests() => (_connectionString, _schema) = PostgresTestDatabase.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        await PostgresTestDatabase.DropSchemaAsync(_schema);
    }

    private async Task<PostgresStore> OpenAsync()
    {
        var store = await PostgresStore.OpenAsync(_connectionString, Ct);
        lock (_stores)
        {
            _stores.Add(store);
        }
        return store;
    }

    private Task<object?> ScalarAsync(string sql) => PostgresTestDatabase.ScalarAsync(_schema, sql);

    [Theory]
    [InlineData(false, "force_custom_plan")]
    [InlineData(true, "auto")] // the create path's lookups keep their cached plans
    public async Task ListInAReadSession_PlannedForItsOwnValues(bool write, string expected)
    {
        // plans22: after a statement's fifth run on a connection PostgreSQL may keep a generic plan for it, slow on
        // skewed data for other values (ListEngagementResourceAssociations of a common resource: 0.6 ms, then 66 ms).
        var store = await OpenAsync();
        await using var session = await store.BeginAsync(write, Ct);
        await session.ListOpportunitiesAsync(new OpportunityQuery(Aws, "A", null, ["Qualified"], null, null, null, null, null, null,
            null, null, OpportunitySortKey.CreatedDate, false, null, 10), Ct);

        await using var show = ((PostgresSession)session).Command("SELECT current_setting('plan_cache_mode')");
        Assert.Equal(expected, (string?)await show.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task TryClaim_SessionEndedByTheServer_NoLongerHeldAndFreeForAnother()
    {
        var (one, two) = (await OpenAsync(), await OpenAsync());
        var name = "webhook|" + Guid.NewGuid();
        await using var claim = await one.TryClaimAsync(name, Ct);
        var heldBefore = await claim!.StillHeldAsync(Ct);

        // What a PostgreSQL restart, an idle timeout or an operator does to the session that holds the lock.
        // The timeout makes it wait until the backend has exited, and so released its locks.
        await ScalarAsync($"SELECT pg_terminate_backend({((PostgresClaim)claim).ProcessId}, 10000)");
        var heldAfter = await claim.StillHeldAsync(Ct);
        await using var taken = await two.TryClaimAsync(name, Ct);

        Assert.True(heldBefore);
        Assert.False(heldAfter);
        Assert.NotNull(taken);
        Assert.True(await taken!.StillHeldAsync(Ct));
    }

    [Fact]
    public async Task TryClaim_OneHolderAcrossInstances_FreeAgainOnceDisposed()
    {
        // Two stores: two instances of Cosell on one database. Advisory locks span the database, so the name is unique.
        var (one, two) = (await OpenAsync(), await OpenAsync());
        var name = "webhook|" + Guid.NewGuid();

        var first = await one.TryClaimAsync(name, Ct);
        var whileHeld = await two.TryClaimAsync(name, Ct);
        var other = await two.TryClaimAsync(name + "|other", Ct);
        await first!.DisposeAsync();
        var afterwards = await two.TryClaimAsync(name, Ct);

        Assert.NotNull(first);
        Assert.Null(whileHeld);
        Assert.NotNull(other);
        Assert.NotNull(afterwards);
        await other!.DisposeAsync();
        await afterwards!.DisposeAsync();
    }

    [Fact]
    public async Task Open_CreatesTheSchemaAndItsTables_AndRecordsMigrations()
    {
        var store = await OpenAsync();

        Assert.Equal("postgresql", store.Kind);
        Assert.Contains(_schema, store.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", store.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((long)PostgresMigrator.Embedded.Count, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
        var tables = (string)(await ScalarAsync(
            $"SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = '{_schema}'"))!;
        foreach (var table in new[] { "accounts", "engagement_members", "engagements", "idempotency", "invitations", "schema_migrations" })
        {
            Assert.Contains(table, tables.Split(','));
        }
    }

    [Fact]
    public async Task Open_ManyInstancesAtOnceOnAnEmptySchema_MigrateOnceAndAllWork()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(OpenAsync)));

        Assert.Equal((long)PostgresMigrator.Embedded.Count, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
        await using (var session = await stores[3].BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }
        await using var read = await stores[6].BeginAsync(write: false, Ct);
        Assert.NotNull(await read.GetEngagementAsync(Aws, "eng-1", Ct));
    }

    [Fact]
    public async Task Open_WaitingLongerThanTheCommandTimeoutForAnotherInstancesMigration_WaitsOnceNotAgainAndAgain()
    {
        // Another instance migrating holds the migrations' advisory lock (two-key form 'Csl', 1) for three times as long
        // as this store's statements may take. A migration statement cut short by the limit would be rolled back and run
        // again (start-up retries for 30 s, so the wait above hides it; a script longer than that never completes): each
        // run is a wait with a start time of its own. The migrator's statements have no limit, so there is one wait.
        var application = "cosell-migration-" + Guid.NewGuid().ToString("N")[..12];
        var shortLimit = new NpgsqlConnectionStringBuilder(_connectionString) { CommandTimeout = 1, ApplicationName = application }.ConnectionString;
        await using var other = new NpgsqlConnection(PostgresTestDatabase.RequireConnectionString());
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(4420460, 1)", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var opening = PostgresStore.OpenAsync(shortLimit, Ct);
        var waits = new HashSet<DateTime>();
        var held = System.Diagnostics.Stopwatch.StartNew();
        while (held.Elapsed < TimeSpan.FromSeconds(3) && !opening.IsCompleted)
        {
            if (await ScalarAsync($"SELECT query_start FROM pg_stat_activity WHERE application_name = '{application}' AND wait_event_type = 'Lock'") is DateTime start)
            {
                waits.Add(start);
            }
            await Task.Delay(50);
        }
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(4420460, 1)", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        var store = await opening;
        _stores.Add(store);
        Assert.Single(waits);
        Assert.Equal((long)PostgresMigrator.Embedded.Count, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_WhileAnotherSessionHoldsTheMigrationLock_SaysWhoseSessionItWaitsFor()
    {
        var holder = "holder-" + Guid.NewGuid().ToString("N")[..12];
        var holding = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.RequireConnectionString()) { ApplicationName = holder };
        await using var other = new NpgsqlConnection(holding.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand("BEGIN; SELECT pg_advisory_lock(4420460, 1)", other))
        {
            await take.ExecuteNonQueryAsync();
        }
        var notices = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var opening = PostgresStore.OpenAsync(_connectionString, Ct, notices.Enqueue);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (notices.IsEmpty && !opening.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }
        var stillWaiting = !opening.IsCompleted;
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(4420460, 1); COMMIT", other))
        {
            await release.ExecuteNonQueryAsync();
        }
        _stores.Add(await opening);

        Assert.True(stillWaiting);
        var notice = Assert.Single(notices);
        Assert.Contains($"pid {other.ProcessID} (application '{holder}'", notice, StringComparison.Ordinal);
        Assert.Contains("its current transaction begun ", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AMigrationWhoseCommitTakesLongerThanTheStatementLimit_Completes()
    {
        // A COMMIT can take long (a large script's WAL to flush on a slow disk); here a deferred check on the last
        // migration's row makes it take twice the store's statement limit. Cut short, it would roll back and start-up
        // would retry it, and fail, until its 30 s ran out.
        var shortLimit = new NpgsqlConnectionStringBuilder(_connectionString) { CommandTimeout = 1 }.ConnectionString;
        var last = PostgresMigrator.Embedded[^1].Number;
        await using (var setup = new NpgsqlConnection(PostgresTestDatabase.RequireConnectionString()))
        {
            await setup.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {PostgresMigrator.QuoteIdentifier(_schema)}", setup);
            await command.ExecuteNonQueryAsync();
        }
        await ScalarAsync(
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL); " +
            "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$; " +
            "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON schema_migrations DEFERRABLE INITIALLY DEFERRED " +
            $"FOR EACH ROW WHEN (NEW.version = {last}) EXECUTE FUNCTION slow_commit()");

        var store = await PostgresStore.OpenAsync(shortLimit, Ct);
        _stores.Add(store);

        Assert.Equal((long)PostgresMigrator.Embedded.Count, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Reopen_DoesNotReapplyMigrations()
    {
        await (await OpenAsync()).DisposeAsync();
        await (await OpenAsync()).DisposeAsync();

        Assert.Equal((long)PostgresMigrator.Embedded.Count, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migration9_FillsTheOfferColumn_AlsoFromDocumentsHoldingU0000()
    {
        // The model's free text takes U+0000 and documents keep it, escaped; PostgreSQL's jsonb refuses that escape.
        const string offer = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-kept";
        await using (var session = await (await OpenAsync()).BeginAsync(write: true, Ct))
        {
            await session.InsertOpportunityAsync(new OpportunityRecord
            {
                Catalog = Aws, Id = "O7", OwnerAccountId = "A", Origin = Cosell.Model.OpportunityOrigin.PartnerReferral,
                LifeCycle = new Cosell.Model.LifeCycle { NextSteps = "call\0back" }, CreatedDate = T0, LastModifiedDate = T0,
                RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities with { AwsMarketplaceOffers = [offer] },
            }, Ct);
            await session.CommitAsync(Ct);
        }
        Assert.Equal(true, await ScalarAsync("SELECT strpos(doc, '\\u0000') > 0 FROM opportunities WHERE id = 'O7'"));
        // Back to the schema before migration 9, the document untouched.
        await ScalarAsync("DROP INDEX ix_opportunities_owner_offer");
        await ScalarAsync("ALTER TABLE opportunities DROP COLUMN marketplace_offer");
        await ScalarAsync("DELETE FROM schema_migrations WHERE version = 9");

        await using var read = await (await OpenAsync()).BeginAsync(write: false, Ct);

        Assert.Equal("O7", await read.FindOpportunityWithOfferAsync(Aws, "A", offer, Ct));
        Assert.Equal("call\0back", (await read.GetOpportunityAsync(Aws, "A", "O7", Ct))!.LifeCycle.NextSteps);
    }

    [Fact]
    public async Task Migration15_OnAStoreMigratedTo13BeforeItMadeTheTriggers_MakesThem()
    {
        await (await OpenAsync()).DisposeAsync();
        await ScalarAsync("DROP TRIGGER tr_idempotency_inserted_by_older_builds ON idempotency; " +
            "DROP TRIGGER tr_idempotency_replaced_by_older_builds ON idempotency; DROP FUNCTION idempotency_lifetime_of_older_builds(); " +
            "DELETE FROM schema_migrations WHERE version = 15");

        var store = await OpenAsync();
        await ScalarAsync("INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at) " +
            $"VALUES ('A', '{Aws}', 'Op', 'old', 'h', '\\x01', {T0.UtcTicks})");

        await using var read = await store.BeginAsync(write: false, Ct);
        Assert.Equal(T0.AddHours(24), (await read.GetIdempotencyAsync("A", Aws, "Op", "old", Ct))!.ReplaysUntil);
    }

    [Fact]
    public async Task Migration16_EngagementsOfAnOlderSchema_ListedByCreatorAndContextType()
    {
        await using (var session = await (await OpenAsync()).BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0, ["A", "B"], ["Lead"]), Ct);
            await session.CommitAsync(Ct);
        }
        await ScalarAsync("DROP TRIGGER tr_engagement_members_inserted_without_filters ON engagement_members; " +
            "DROP TRIGGER tr_engagements_filters_changed ON engagements; " +
            "DROP FUNCTION engagement_member_copy_filters(); DROP FUNCTION engagement_filters_to_members(); " +
            "DROP INDEX ix_engagement_members_account_created; " +
            "ALTER TABLE engagement_members DROP COLUMN created_by, DROP COLUMN context_types; " +
            "CREATE INDEX ix_engagement_members_account_created ON engagement_members (catalog, account_id, created_at, engagement_id); " +
            "DELETE FROM schema_migrations WHERE version = 16");

        await using var read = await (await OpenAsync()).BeginAsync(write: false, Ct);

        var page = await read.ListEngagementsAsync(new EngagementQuery(Aws, "B", null, ["A"], null, ["Lead"], null, true, null, 10), Ct);
        Assert.Equal(["eng-1"], page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Migration17_AssociationsOfAnOlderSchema_ListedToTheMembers()
    {
        await using (var session = await (await OpenAsync()).BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0, ["A", "B"], ["CustomerProject"]), Ct);
            await session.InsertSnapshotAsync(Snapshot("eng-1", "O1", 1), Ct);
            await session.CommitAsync(Ct);
        }
        await ScalarAsync("DROP TABLE member_associations; " +
            "DROP FUNCTION member_associations_of_new_association() CASCADE; DROP FUNCTION member_associations_of_new_member() CASCADE; " +
            "DROP FUNCTION member_associations_of_gone_member() CASCADE; DELETE FROM schema_migrations WHERE version = 17");

        await using var read = await (await OpenAsync()).BeginAsync(write: false, Ct);

        var page = await read.ListResourceAssociationsAsync(new ResourceAssociationQuery(Aws, "B", null, null, null, null, null, 10, false), Ct);
        Assert.Equal(["O1"], page.Items.Select(a => a.ResourceId));
    }

    [Fact]
    public async Task Unavailable_OnlyForFailuresOfTheConnection()
    {
        var store = await OpenAsync();

        Assert.Contains("Connection refused", store.Unavailable(
            new NpgsqlException("Failed to connect to 127.0.0.1:1", new System.Net.Sockets.SocketException(111))));
        Assert.StartsWith("57P01: ", store.Unavailable(
            new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.Null(store.Unavailable(new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01")));
        Assert.Null(store.Unavailable(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")));
        Assert.Null(store.Unavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerBuild_Refuses()
    {
        await (await OpenAsync()).DisposeAsync();
        await ScalarAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(OpenAsync);
        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSession_RefusesWrites()
    {
        var store = await OpenAsync();
        await using var session = await store.BeginAsync(write: false, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.SaveAccountAsync(Account("A"), Ct));
    }

    [Fact]
    public async Task Session_AfterCommit_RefusesFurtherUse()
    {
        var store = await OpenAsync();
        await using var session = await store.BeginAsync(write: true, Ct);
        await session.CommitAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.GetEngagementAsync(Aws, "eng-1", Ct));
    }

    [Theory]
    [InlineData("{\"Id\":1}")] // a JsonException
    [InlineData("{\"Catalog\":\"AWS\",\"Id\":\"eng-1\",\"CreatedAt\":\"not-a-date\"}")] // the timestamp converter's FormatException
    public async Task Read_DocumentThisBuildCannotRead_InvalidDataNotAJsonError(string doc)
    {
        var store = await OpenAsync();
        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));
        await ScalarAsync("UPDATE engagements SET doc = '" + doc + "' WHERE id = 'eng-1'");

        await using var read = await store.BeginAsync(write: false, Ct);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => read.GetEngagementAsync(Aws, "eng-1", Ct));
        Assert.Contains("EngagementRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateId_InOneCatalog_FailsAndTheSessionCanStillRollBack()
    {
        var store = await OpenAsync();
        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => session.InsertEngagementAsync(Engagement("eng-1", "B", T0), Ct));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        }

        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct));
    }

    [Fact]
    public async Task Idempotency_ADuplicateWriteSession_WaitsForTheFirstThenReadsItsRecord()
    {
        // Two stores: two instances of Cosell on one database.
        var (one, two) = (await OpenAsync(), await OpenAsync());
        await using var first = await one.BeginAsync(write: true, Ct);
        Assert.Null(await first.GetIdempotencyAsync("A", Aws, "Op", "tok", Ct));

        await using var second = await two.BeginAsync(write: true, Ct);
        var lookup = second.GetIdempotencyAsync("A", Aws, "Op", "tok", Ct);
        await Task.Delay(Blocked);
        Assert.False(lookup.IsCompleted, "the duplicate must wait for the first request");

        await first.SaveIdempotencyAsync(new IdempotencyRecord("A", Aws, "Op", "tok", "h", [42], T0, T0.AddHours(24)), Ct);
        await first.CommitAsync(Ct);

        var replay = await lookup;
        Assert.NotNull(replay);
        Assert.Equal([42], replay.Response);
    }

    [Fact]
    public async Task Idempotency_TheFirstRollsBack_TheWaiterGoesOnAsTheFirst()
    {
        var store = await OpenAsync();
        var first = await store.BeginAsync(write: true, Ct);
        Assert.Null(await first.GetIdempotencyAsync("A", Aws, "Op", "tok", Ct));

        await using var second = await store.BeginAsync(write: true, Ct);
        var lookup = second.GetIdempotencyAsync("A", Aws, "Op", "tok", Ct);
        await Task.Delay(Blocked);
        Assert.False(lookup.IsCompleted);
        await first.DisposeAsync(); // a failed request does not use up its token

        Assert.Null(await lookup);
    }

    [Fact]
    public async Task Idempotency_OtherTokens_DoNotWait()
    {
        var store = await OpenAsync();
        await using var first = await store.BeginAsync(write: true, Ct);
        Assert.Null(await first.GetIdempotencyAsync("A", Aws, "Op", "tok", Ct));

        await using var other = await store.BeginAsync(write: true, Ct);
        var lookup = other.GetIdempotencyAsync("A", Aws, "Op", "other", Ct);
        Assert.Same(lookup, await Task.WhenAny(lookup, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Invitation_ReadInAWriteSession_IsLockedUntilCommit_ThenTheWaiterSeesTheNewVersion()
    {
        var (one, two) = (await OpenAsync(), await OpenAsync());
        await WriteAsync(one, s => s.InsertInvitationAsync(Invitation("inv-1", "eng-1", "A", "B", T0), Ct));

        await using var accept = await one.BeginAsync(write: true, Ct);
        var current = await accept.GetInvitationAsync(Aws, "inv-1", Ct);

        await using var reject = await two.BeginAsync(write: true, Ct);
        var racing = reject.GetInvitationAsync(Aws, "inv-1", Ct);
        await Task.Delay(Blocked);
        Assert.False(racing.IsCompleted, "the second answer must wait for the first");

        // Readers are never blocked by the lock.
        await using (var read = await two.BeginAsync(write: false, Ct))
        {
            Assert.Equal("PENDING", (await read.GetInvitationAsync(Aws, "inv-1", Ct))!.Status.Value);
        }

        Assert.True(await accept.UpdateInvitationAsync(current! with { Status = new("ACCEPTED") }, current.Version, Ct));
        await accept.CommitAsync(Ct);

        var seen = await racing;
        Assert.Equal("ACCEPTED", seen!.Status.Value);
        Assert.Equal(2, seen.Version);
    }

    [Fact]
    public async Task Engagement_ReadInAWriteSession_IsLockedUntilCommit()
    {
        var store = await OpenAsync();
        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));

        await using var first = await store.BeginAsync(write: true, Ct);
        var current = await first.GetEngagementAsync(Aws, "eng-1", Ct);
        await using var second = await store.BeginAsync(write: true, Ct);
        var racing = second.GetEngagementAsync(Aws, "eng-1", Ct);
        await Task.Delay(Blocked);
        Assert.False(racing.IsCompleted);

        Assert.True(await first.UpdateEngagementAsync(current! with { Title = "renamed" }, 1, Ct));
        await first.CommitAsync(Ct);

        Assert.Equal("renamed", (await racing)!.Title);
    }

    [Fact]
    public async Task TwoWriteSessionsLockingInOppositeOrders_TheOneAbortedIsATransientConflict_TheOtherGoesOn()
    {
        var store = await OpenAsync();
        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct));
        await WriteAsync(store, s => s.InsertEngagementAsync(Engagement("eng-2", "A", T0), Ct));
        var first = await store.BeginAsync(write: true, Ct);
        var second = await store.BeginAsync(write: true, Ct);
        await first.GetEngagementAsync(Aws, "eng-1", Ct);
        await second.GetEngagementAsync(Aws, "eng-2", Ct);

        // Each now waits for the row the other holds: PostgreSQL aborts one of them (after its deadlock_timeout).
        var crossings = new[] { (Session: first, Task: first.GetEngagementAsync(Aws, "eng-2", Ct)), (Session: second, Task: second.GetEngagementAsync(Aws, "eng-1", Ct)) };
        // PostgreSQL frees the aborted transaction's rows when its statement fails, before any ROLLBACK: the survivor's read
        // may reach us first, so which one was aborted is told by its outcome, not by its order.
        var done = await Task.WhenAny(crossings.Select(c => c.Task));
        var aborted = crossings.Single(c => done.IsFaulted ? c.Task == done : c.Task != done);
        var error = await Record.ExceptionAsync(() => aborted.Task);
        await aborted.Session.DisposeAsync();
        var survivor = crossings.Single(c => c.Task != aborted.Task);
        var survivorRead = await survivor.Task;
        await survivor.Session.DisposeAsync();

        Assert.NotNull(error);
        Assert.True(store.IsTransientConflict(error), error.ToString());
        Assert.NotNull(survivorRead);
        Assert.False(store.IsTransientConflict(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
    }

    [Fact]
    public async Task Accounts_ListedInAWriteSession_OneStarterAtATime()
    {
        // Two instances starting on an empty database must not both create demo accounts.
        var (one, two) = (await OpenAsync(), await OpenAsync());
        await using var first = await one.BeginAsync(write: true, Ct);
        Assert.Empty(await first.ListAccountsAsync(Ct));

        await using var second = await two.BeginAsync(write: true, Ct);
        var listing = second.ListAccountsAsync(Ct);
        await Task.Delay(Blocked);
        Assert.False(listing.IsCompleted);

        await first.SaveAccountAsync(Account("111111111111", "AKIA1"), Ct);
        await first.CommitAsync(Ct);

        Assert.Equal("111111111111", Assert.Single(await listing).AccountId);
    }

    [Fact]
    public async Task Events_AppendedForOneAccount_CommitInSequenceOrder_OtherAccountsDoNotWait()
    {
        var (one, two) = (await OpenAsync(), await OpenAsync());
        await using var first = await one.BeginAsync(write: true, Ct);
        await first.AppendEventsAsync([Event("e1", "A")], Ct);
        // Appended events go out with the session's next statement (or its commit): this one sends them, A's lock with them.
        await first.ListEventsAsync("A", 0, 10, Ct);

        // A second session's events for A, sent at its commit, wait until the first ends: their (higher) seq can never
        // commit first.
        await using var second = await two.BeginAsync(write: true, Ct);
        await second.AppendEventsAsync([Event("e2", "A"), Event("e3", "B")], Ct);
        var committing = second.CommitAsync(Ct);
        await Task.Delay(Blocked);
        Assert.False(committing.IsCompleted, "a later event of the same account must wait");
        await using (var other = await two.BeginAsync(write: true, Ct))
        {
            await other.AppendEventsAsync([Event("e4", "B")], Ct);
            var unrelated = other.CommitAsync(Ct);
            Assert.Same(unrelated, await Task.WhenAny(unrelated, Task.Delay(TimeSpan.FromSeconds(10))));
            await unrelated;
        }

        await first.CommitAsync(Ct);
        await committing;

        await using var read = await one.BeginAsync(write: false, Ct);
        var feed = await read.ListEventsAsync("A", 0, 10, Ct);
        Assert.Equal(["e1", "e2"], feed.Select(e => e.Id));
        Assert.True(feed[0].Sequence < feed[1].Sequence);
        Assert.Equal(["e2"], (await read.ListEventsAsync("A", feed[0].Sequence, 10, Ct)).Select(e => e.Id));
        Assert.Equal(["e4", "e3"], (await read.ListEventsAsync("B", 0, 10, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task LapsedInvitations_TakenInWriteSessions_TwoWorkersGetDisjointRows()
    {
        var store = await OpenAsync();
        await WriteAsync(store, async s =>
        {
            for (var i = 0; i < 6; i++)
            {
                await s.InsertInvitationAsync(Invitation($"inv-{i}", "eng-1", "A", "B", At(i), expirationDate: At(i + 1)), Ct);
            }
        });

        await using var first = await store.BeginAsync(write: true, Ct);
        var mine = await first.ListLapsedInvitationsAsync(At(100), 4, Ct);
        await using var second = await store.BeginAsync(write: true, Ct);
        var theirs = await second.ListLapsedInvitationsAsync(At(100), 4, Ct);

        Assert.Equal(["inv-0", "inv-1", "inv-2", "inv-3"], mine.Select(i => i.Id));
        Assert.Equal(["inv-4", "inv-5"], theirs.Select(i => i.Id));
    }

    [Fact]
    public async Task DeliveryCursor_MovesOnlyForward()
    {
        // One deliverer per target is TryClaimAsync's business; the cursor itself only ever moves forward, so a late
        // write of an older position (a deliverer that lost its claim mid-batch) cannot send events out again.
        var store = await OpenAsync();
        await WriteAsync(store, s => s.SetDeliveryCursorAsync("A", "https://hook.example.com", 7, Ct));
        await WriteAsync(store, s => s.SetDeliveryCursorAsync("A", "https://hook.example.com", 5, Ct));

        await using var read = await store.BeginAsync(write: false, Ct);
        Assert.Equal(7, await read.GetDeliveryCursorAsync("A", "https://hook.example.com", Ct));
    }

    private static Cosell.Service.Domain.Events.EventRecord Event(string id, string account) =>
        new(id, account, Aws, "Engagement Invitation Created", T0, "{}");

    [Fact]
    public async Task Ids_SortInByteOrder_WhateverTheDatabaseCollation()
    {
        var store = await OpenAsync();
        await WriteAsync(store, async s =>
        {
            foreach (var id in new[] { "inv-b", "inv-B", "inv-a", "inv-_" })
            {
                await s.InsertInvitationAsync(Invitation(id, "eng-1", "A", "B", T0), Ct);
            }
        });

        await using var read = await store.BeginAsync(write: false, Ct);
        var page = await read.ListInvitationsAsync(new(Aws, "B", false, null, null, null, null, T0, true, null, 10), Ct);

        Assert.Equal(["inv-B", "inv-_", "inv-a", "inv-b"], page.Items.Select(i => i.Id));
    }

    public static TheoryData<string, string> ListPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var ascending in new[] { true, false })
        {
            foreach (var after in new SortPosition?[] { null, new(1, "x") })
            {
                data.Add(ListSql.Postgres.Invitations(new(Aws, "A", AsSender: false, ["LeadInvitation"], ["PENDING", "EXPIRED", "ACCEPTED"],
                    null, ["B"], T0, ascending, after, 10)), "ix_invitations_receiver_date");
                data.Add(ListSql.Postgres.Invitations(new(Aws, "A", AsSender: true, null, null, null, null, T0, ascending, after, 10)),
                    "ix_invitations_sender_date");
                data.Add(ListSql.Postgres.Engagements(new(Aws, "A", null, ["A"], ["B"], ["Lead"], ["CustomerProject"], ascending, after, 10)),
                    "ix_engagement_members_account_created");
                data.Add(ListSql.Postgres.Engagements(new(Aws, "A", null, null, null, null, null, ascending, after, 10)),
                    "ix_engagement_members_account_created");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ListPlans))]
    public async Task ListQueries_WalkTheirIndexInSortOrder(string sql, string index)
    {
        await (await OpenAsync()).DisposeAsync();
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(); // empty tables: without this the planner rightly scans the heap
        }
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var name in new[] { "catalog", "account", "member", "after_id" })
        {
            command.Parameters.Add(new NpgsqlParameter<string>(name, "x"));
        }
        foreach (var name in new[] { "limit", "after_ticks", "now" })
        {
            command.Parameters.Add(new NpgsqlParameter<long>(name, 1));
        }
        foreach (var name in new[] { "payload_types", "statuses", "engagement_ids", "sender_account_ids", "ids", "created_by",
            "exclude_created_by", "context_types", "exclude_context_types" })
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>(name, ["x"]));
        }
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join("\n", plan);
        Assert.Contains(index, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
    }

    private static async Task WriteAsync(IStore store, Func<IStoreSession, Task> work)
    {
        await using var session = await store.BeginAsync(write: true, Ct);
        await work(session);
        await session.CommitAsync(Ct);
    }
}
