using Cosell.Service.Domain;
using Cosell.Service.Ports;
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
        Assert.Equal((long)Migrator.Embedded.Count, Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal((long)Migrator.Embedded[^1].Number, Scalar(db, "SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(
            "accounts,delivery_cursors,engagement_members,engagements,events,idempotency,invitations,member_associations,opportunities,opportunity_counters," +
            "prospecting_tasks,resource_associations,resource_snapshots,schema_migrations,selling_system_settings,snapshot_jobs,tasks",
            Scalar(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"));
        Assert.All(Directory.GetFiles(directory), f =>
            Assert.Contains(Path.GetFileName(f), new[] { "cosell.db", "cosell.db-wal", "cosell.db-shm", "cosell.lock" }));
    }

    [Fact]
    public async Task Reopen_DoesNotReapplyMigrations()
    {
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();

        using var db = Inspect(Path.Combine(_directory, "cosell.db"));
        Assert.Equal((long)Migrator.Embedded.Count, Scalar(db, "SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_DatabaseFromANewerBuild_Refuses()
    {
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            Scalar(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");
        }

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SqliteStore.OpenAsync(_directory, Ct));
        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_DatabaseOnlyReadable_RefusedNamingTheFile()
    {
        // SQLite opens a file it may not write read-only without a word (a cosell.db left owned by root); a read-only
        // open stands in for that here, since root, which runs CI, may write any file.
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        var path = Path.Combine(_directory, "cosell.db");

        var error = Assert.Throws<UnauthorizedAccessException>(() => CachedConnection.OpenWriter($"Data Source={path};Mode=ReadOnly;Pooling=False"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AnotherProgramsDatabase_RefusedNamingItsTablesAndLeftAsItWas()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "cosell.db");
        using (var db = Inspect(path))
        {
            Scalar(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        }

        var error = await Assert.ThrowsAsync<IOException>(() => SqliteStore.OpenAsync(_directory, Ct));

        Assert.Contains("users", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a Cosell store", error.Message, StringComparison.Ordinal);
        using var after = Inspect(path);
        Assert.Equal(1L, Scalar(after, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"));
        Assert.Equal("delete", Scalar(after, "PRAGMA journal_mode"));
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
                // The lock file holds no data (and .NET's copy takes a shared lock on it, which the store's refuses).
                if (!file.EndsWith("-shm", StringComparison.Ordinal) && !file.EndsWith(DataFolderLock.FileName, StringComparison.Ordinal))
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
    public async Task SecondStoreOnTheSameDirectory_WhileTheFirstIsOpen_IsRefusedWithTheLockFileNamed()
    {
        // A second server on one folder would run the expiry sweep and deliver every webhook event twice.
        await using var first = await SqliteStore.OpenAsync(_directory, Ct);
        var e = await Assert.ThrowsAsync<IOException>(() => SqliteStore.OpenAsync(_directory, Ct));
        Assert.Contains(Path.Combine(Path.GetFullPath(_directory), "cosell.lock"), e.Message, StringComparison.Ordinal);
        Assert.Contains("another process", e.Message, StringComparison.Ordinal);

        // The refused open took nothing from the first store.
        await using (var session = await first.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }
    }

    [Fact]
    public async Task StoreOnTheSameDirectory_AfterTheFirstClosed_Opens()
    {
        // A restarted server (or one after a crash: the operating system drops the lock with the process) gets in.
        await using (var first = await SqliteStore.OpenAsync(_directory, Ct))
        await using (var session = await first.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }

        await using var second = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await second.BeginAsync(write: false, Ct);
        Assert.NotNull(await read.GetEngagementAsync(Aws, "eng-1", Ct));
    }

    [Theory]
    [InlineData("{\"Id\":1}")] // a JsonException
    [InlineData("{\"Catalog\":\"AWS\",\"Id\":\"eng-1\",\"CreatedAt\":\"not-a-date\"}")] // the timestamp converter's FormatException
    public async Task Read_DocumentThisBuildCannotRead_InvalidDataNotAJsonError(string doc)
    {
        // A JsonException would reach the request pipeline as the client's malformed body (400, not logged).
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0), Ct);
            await session.CommitAsync(Ct);
        }
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE engagements SET doc = @doc WHERE id = 'eng-1'";
            update.Parameters.AddWithValue("@doc", doc);
            update.ExecuteNonQuery();
        }

        await using var reopened = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await reopened.BeginAsync(write: false, Ct);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => read.GetEngagementAsync(Aws, "eng-1", Ct));
        Assert.Contains("EngagementRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration15_ClientTokensAnOlderBuildWroteSinceMigration13_GetTheDayThoseBuildsKept()
    {
        // A store migrated to 13 before 13 made the triggers: what an older build still running wrote since reads 0.
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        var path = Path.Combine(_directory, "cosell.db");
        using (var db = Inspect(path))
        {
            Scalar(db, "DROP TRIGGER tr_idempotency_inserted_by_older_builds; DROP TRIGGER tr_idempotency_replaced_by_older_builds; " +
                "DELETE FROM schema_migrations WHERE version = 15");
            Scalar(db, "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at) " +
                $"VALUES ('A', '{Aws}', 'Op', 'written-since-13', 'h', x'01', {T0.UtcTicks})");
        }

        await using var store = await SqliteStore.OpenAsync(_directory, Ct);
        using (var old = Inspect(path))
        {
            Scalar(old, "INSERT INTO idempotency (account_id, catalog, operation, token, request_hash, response, created_at) " +
                $"VALUES ('A', '{Aws}', 'Op', 'written-after-15', 'h', x'02', {T0.AddHours(1).UtcTicks})");
        }
        await using var read = await store.BeginAsync(write: false, Ct);

        Assert.Equal(T0.AddHours(24), (await read.GetIdempotencyAsync("A", Aws, "Op", "written-since-13", Ct))!.ReplaysUntil);
        Assert.Equal(T0.AddHours(25), (await read.GetIdempotencyAsync("A", Aws, "Op", "written-after-15", Ct))!.ReplaysUntil);
    }

    [Fact]
    public async Task Migration16_EngagementsOfAnOlderSchema_ListedByCreatorAndContextType()
    {
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0, ["A", "B"], ["Lead"]), Ct);
            await session.CommitAsync(Ct);
        }
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            Scalar(db, "DROP TRIGGER tr_engagement_members_inserted_without_filters; DROP TRIGGER tr_engagements_filters_changed; " +
                "DROP INDEX ix_engagement_members_account_created; " +
                "ALTER TABLE engagement_members DROP COLUMN created_by; ALTER TABLE engagement_members DROP COLUMN context_types; " +
                "CREATE INDEX ix_engagement_members_account_created ON engagement_members (catalog, account_id, created_at, engagement_id); " +
                "DELETE FROM schema_migrations WHERE version = 16");
        }

        await using var reopened = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await reopened.BeginAsync(write: false, Ct);

        var page = await read.ListEngagementsAsync(new EngagementQuery(Aws, "B", null, ["A"], null, ["Lead"], null, true, null, 10), Ct);
        Assert.Equal(["eng-1"], page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Migration17_AssociationsOfAnOlderSchema_ListedToTheMembers()
    {
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        await using (var session = await store.BeginAsync(write: true, Ct))
        {
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0, ["A", "B"], ["CustomerProject"]), Ct);
            await session.InsertSnapshotAsync(Snapshot("eng-1", "O1", 1), Ct);
            await session.CommitAsync(Ct);
        }
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            Scalar(db, "DROP TRIGGER tr_resource_associations_listed_to_members; DROP TRIGGER tr_engagement_members_list_associations; " +
                "DROP TRIGGER tr_engagement_members_unlist_associations; DROP TABLE member_associations; " +
                "DELETE FROM schema_migrations WHERE version = 17");
        }

        await using var reopened = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await reopened.BeginAsync(write: false, Ct);

        var page = await read.ListResourceAssociationsAsync(new ResourceAssociationQuery(Aws, "B", null, null, null, null, null, 10, false), Ct);
        Assert.Equal(["O1"], page.Items.Select(a => a.ResourceId));
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
    public async Task Documents_StoreTextAsItsUtf8_NotAsEscapes_AndReadBackTheSame()
    {
        const string Title = "Café 東京 😀";
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        {
            await using var session = await store.BeginAsync(write: true, Ct);
            await session.InsertEngagementAsync(Engagement("eng-1", "A", T0) with { Title = Title }, Ct);
            await session.CommitAsync(Ct);
        }

        string doc;
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            doc = (string)Scalar(db, "SELECT doc FROM engagements WHERE id = 'eng-1'")!;
        }
        await using var reopened = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await reopened.BeginAsync(write: false, Ct);

        // Each escape was 6 bytes per UTF-16 unit where the character takes 2-4 in UTF-8.
        Assert.Contains(Title, doc, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", doc, StringComparison.Ordinal);
        Assert.Equal(Title, (await read.GetEngagementAsync(Aws, "eng-1", Ct))!.Title);
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
    public async Task Migration9_FillsTheOfferColumnFromTheDocumentsOfAnOlderStore()
    {
        const string offer = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-kept";
        await using (var store = await SqliteStore.OpenAsync(_directory, Ct))
        {
            await using var session = await store.BeginAsync(write: true, Ct);
            await session.InsertOpportunityAsync(new OpportunityRecord
            {
                Catalog = Aws, Id = "O7", OwnerAccountId = "A", Origin = Cosell.Model.OpportunityOrigin.PartnerReferral,
                LifeCycle = new Cosell.Model.LifeCycle(), CreatedDate = T0, LastModifiedDate = T0,
                RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities with { AwsMarketplaceOffers = [offer] },
            }, Ct);
            await session.CommitAsync(Ct);
        }
        // Back to the schema before migration 9, the document untouched.
        using (var db = Inspect(Path.Combine(_directory, "cosell.db")))
        {
            Scalar(db, "DROP INDEX ix_opportunities_owner_offer");
            Scalar(db, "ALTER TABLE opportunities DROP COLUMN marketplace_offer");
            Scalar(db, "DELETE FROM schema_migrations WHERE version = 9");
        }

        await using var reopened = await SqliteStore.OpenAsync(_directory, Ct);
        await using var read = await reopened.BeginAsync(write: false, Ct);

        Assert.Equal("O7", await read.FindOpportunityWithOfferAsync(Aws, "A", offer, Ct));
    }

    public static TheoryData<string, string> ListPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var ascending in new[] { true, false })
        {
            foreach (var after in new SortPosition?[] { null, new(1, "x") })
            {
                data.Add(ListSql.Sqlite.Invitations(new(Aws, "A", AsSender: false, ["LeadInvitation"], ["PENDING", "EXPIRED", "ACCEPTED"],
                    null, ["B"], T0, ascending, after, 10)), "ix_invitations_receiver_date");
                data.Add(ListSql.Sqlite.Invitations(new(Aws, "A", AsSender: true, null, null, null, null, T0, ascending, after, 10)),
                    "ix_invitations_sender_date");
                // Migration 0016: the filters are tested on the index's copies, not on each walked engagement's row.
                data.Add(ListSql.Sqlite.Engagements(new(Aws, "A", null, ["A"], ["B"], ["Lead"], ["CustomerProject"], ascending, after, 10)),
                    "SEARCH m USING COVERING INDEX ix_engagement_members_account_created");
                data.Add(ListSql.Sqlite.Engagements(new(Aws, "A", null, null, null, null, null, ascending, after, 10)),
                    "ix_engagement_members_account_created");
                // ListResourceSnapshotJobs by engagement: that engagement's jobs only, not every job the caller made.
                data.Add(SnapshotListSql.Sqlite.Jobs(new(Aws, "A", "eng-1", null, ascending, after, 10)),
                    "SEARCH snapshot_jobs USING INDEX ix_snapshot_jobs_owner_engagement (catalog=? AND owner_account_id=? AND engagement_id=?");
                // Migration 0014: prospecting tasks by name or failed count, and one engagement's tasks by start time.
                data.Add(TaskListSql.Sqlite.ProspectingTasks(new(Aws, "A", null, null, null, null, ProspectingTaskSortKey.TaskName, ascending,
                    after is null ? null : new ProspectingTaskPosition(0, "x", "t"), 10)),
                    "ix_prospecting_tasks_initiator_name");
                data.Add(TaskListSql.Sqlite.ProspectingTasks(new(Aws, "A", null, null, null, null, ProspectingTaskSortKey.FailedEngagementCount, ascending,
                    after is null ? null : new ProspectingTaskPosition(1, null, "t"), 10)),
                    "ix_prospecting_tasks_initiator_failed");
                data.Add(TaskListSql.Sqlite.Tasks(new(Aws, "engagement-from-opportunity-task", "A", null, null, null, ["eng-1"], null, null,
                    ascending, after, 10)), "SEARCH tasks USING INDEX ix_tasks_engagement (catalog=? AND kind=? AND initiator_account_id=? AND engagement_id=?");
            }
        }
        data.Add(SqliteSession.LapsedInvitationsSql, "ix_invitations_lapsing"); // the expiry sweep, every 5 s
        // One value of a list filter seeks the index that leads with its column, in the default sort order.
        static OpportunityQuery Opportunities(IReadOnlyList<string>? ids = null, IReadOnlyList<string>? stages = null,
            IReadOnlyList<string>? statuses = null) =>
            new(Aws, "A", ids, stages, statuses, null, null, null, null, null, null, null, OpportunitySortKey.LastModifiedDate, false, null, 10);
        data.Add(OpportunityListSql.Sqlite.For(Opportunities(ids: ["O1"])), "ux_opportunities_owner_id");
        data.Add(OpportunityListSql.Sqlite.For(Opportunities(stages: ["Qualified"])), "ix_opportunities_owner_stage");
        data.Add(OpportunityListSql.Sqlite.For(Opportunities(statuses: ["Approved"])), "ix_opportunities_owner_review");
        data.Add(SqliteSession.OpportunityWithOfferSql, "ix_opportunities_owner_offer"); // AssociateOpportunity of an offer
        return data;
    }

    [Theory]
    [MemberData(nameof(ListPlans))]
    public async Task ListQueries_WalkTheirIndexInSortOrder(string sql, string index)
    {
        var names = new[] { "@catalog", "@account", "@member", "@owner", "@limit", "@after_ticks", "@after_id", "@now",
            "@payload_types", "@statuses", "@stages", "@engagement_ids", "@sender_account_ids", "@ids", "@created_by",
            "@exclude_created_by", "@context_types", "@exclude_context_types", "@offer" };
        var plan = await PlanAsync(sql, names.Where(n => sql.Contains(n, StringComparison.Ordinal))
            .Select(n => (n, n is "@limit" or "@after_ticks" or "@now" ? (object)1L : "[\"x\"]")));

        var text = string.Join(" | ", plan);
        Assert.Contains(index, text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> IdentifierPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var after in new SortPosition?[] { null, new(1, "x") })
        {
            foreach (var asSender in new[] { false, true })
            {
                data.Add(ListSql.Sqlite.Invitations(new(Aws, "A", asSender, ["LeadInvitation"], ["PENDING", "ACCEPTED"], ["eng-1", "eng-2"],
                    ["B"], T0, false, after, 10)), "SEARCH invitations USING INDEX ix_invitations_engagement_status (catalog=? AND engagement_id=?)");
            }
            data.Add(ListSql.Sqlite.Engagements(new(Aws, "A", ["eng-1", "eng-2"], ["B"], null, ["Lead"], null, false, after, 10)),
                "SEARCH e USING INDEX ux_engagements_catalog_id (catalog=? AND id=?)");
            data.Add(TaskListSql.Sqlite.Tasks(new(Aws, "engagement-from-opportunity-task", "A", ["COMPLETE"], ["task-1", "task-2"],
                ["O1"], null, null, null, false, after, 10)), "SEARCH tasks USING INDEX ux_tasks_catalog_kind_id (catalog=? AND kind=? AND id=?)");
            foreach (var (opportunities, engagements, invitations, index, column) in new[]
            {
                (null, ["eng-1"], ["engi-1"], "ix_tasks_invitation", "invitation_id"),
                (["O1", "O2"], ["eng-1"], null, "ix_tasks_opportunity", "opportunity_id"),
                ((string[]?)null, new[] { "eng-1", "eng-2" }, (string[]?)null, "ix_tasks_engagement", "engagement_id"),
            })
            {
                data.Add(TaskListSql.Sqlite.Tasks(new(Aws, "engagement-from-opportunity-task", "A", ["COMPLETE"], null, opportunities,
                        engagements, invitations, null, true, after, 10)),
                    $"SEARCH tasks USING INDEX {index} (catalog=? AND kind=? AND initiator_account_id=? AND {column}=?");
            }
            data.Add(OpportunityListSql.Sqlite.For(new(Aws, "A", ["O1", "O2"], ["Qualified"], null, null, null, null, null, null, null, null,
                OpportunitySortKey.LastModifiedDate, false, after is null ? null : new OpportunityPosition(1, null, 1), 10)),
                "SEARCH opportunities USING INDEX ux_opportunities_owner_id (catalog=? AND owner_account_id=? AND id=?)");
        }
        foreach (var sort in new[] { OpportunitySortKey.LastModifiedDate, OpportunitySortKey.CreatedDate, OpportunitySortKey.TargetCloseDate, OpportunitySortKey.Identifier })
        {
            foreach (var names in new[] { new[] { "acme" }, ["acme", "umbrella"] })
            {
                data.Add(OpportunityListSql.Sqlite.For(new(Aws, "A", null, ["Qualified"], null, names, null, null, null, null, null, null,
                    sort, false, null, 10), OpportunityListSql.Seek.Customer),
                    "SEARCH opportunities USING INDEX ix_opportunities_owner_customer (catalog=? AND owner_account_id=? AND customer_name_key=?)");
            }
        }
        foreach (var sort in Enum.GetValues<ProspectingTaskSortKey>())
        {
            data.Add(TaskListSql.Sqlite.ProspectingTasks(new(Aws, "A", ["task-1", "task-2"], null, null, null, sort, true, null, 10)),
                "SEARCH prospecting_tasks USING INDEX ux_prospecting_tasks_catalog_id (catalog=? AND id=?)");
        }
        return data;
    }

    [Theory]
    [InlineData(new[] { "Launched" }, null, OpportunitySortKey.CreatedDate, "Stage")]
    [InlineData(new[] { "Qualified" }, null, OpportunitySortKey.CreatedDate, "SortIndex")]
    [InlineData(new[] { "Qualified", "Launched" }, null, OpportunitySortKey.TargetCloseDate, "SortIndex")]
    [InlineData(new[] { "Launched" }, null, OpportunitySortKey.LastModifiedDate, "SortIndex")] // the stage index is in that order
    [InlineData(new[] { "Launched", "Closed Lost" }, null, OpportunitySortKey.LastModifiedDate, "Stage")] // two values are not
    [InlineData(null, new[] { "rare corp" }, OpportunitySortKey.LastModifiedDate, "Customer")]
    [InlineData(null, new[] { "common corp" }, OpportunitySortKey.LastModifiedDate, "SortIndex")]
    [InlineData(null, new[] { "rare corp" }, OpportunitySortKey.CustomerCompanyName, "SortIndex")]
    [InlineData(new[] { "Launched" }, new[] { "rare corp" }, OpportunitySortKey.Identifier, "Customer")] // 3 against 5
    [InlineData(new[] { "Launched" }, new[] { "common corp" }, OpportunitySortKey.Identifier, "Stage")]
    public async Task ListOpportunities_SeeksAFiltersIndexOnlyForFewMatches(string[]? stages, string[]? names, OpportunitySortKey sort, string expected)
    {
        // plans22: with no statistics SQLite cannot tell a rare value from a common one. Seeking a common customer name
        // sorted its 19,990 matches on every page; walking the sort's index for a rare stage read every opportunity.
        var seek = await ChooseSeekAsync(new OpportunityQuery(Aws, "A", null, stages, null, names,
            null, null, null, null, null, null, sort, false, null, 20));

        Assert.Equal(expected, seek.ToString());
    }

    [Theory]
    [InlineData(1, 4, OpportunitySortKey.CreatedDate, "Modified")]
    [InlineData(0, null, OpportunitySortKey.CreatedDate, "SortOrder")] // every opportunity: the sort's index, named
    [InlineData(null, 4, OpportunitySortKey.Identifier, "Modified")]
    [InlineData(0, null, OpportunitySortKey.Identifier, "SortOrder")]
    [InlineData(1, 4, OpportunitySortKey.LastModifiedDate, "SortIndex")] // its own index is in that order
    public async Task ListOpportunities_DateRange_SeeksItsIndexOnlyForFewMatches_ElseNamesTheSortsIndex(
        int? fromMinute, int? beforeMinute, OpportunitySortKey sort, string expected)
    {
        // plans22: for a first page SQLite chose a range's index and sorted every match (68-77 ms for a range holding
        // all 20,000), and walked the sort's index for the next pages.
        var seek = await ChooseSeekAsync(new OpportunityQuery(Aws, "A", null, null, null, null,
            fromMinute is { } from ? T0.AddMinutes(from) : null, beforeMinute is { } before ? T0.AddMinutes(before) : null,
            null, null, null, null, sort, false, null, 20));

        Assert.Equal(expected, seek.ToString());
    }

    /// <summary>
    /// The index <see cref="SqliteSession.ChooseSeek"/> picks over 100 more opportunities of account A than its threshold
    /// (2,100), one a minute from T0: 5 "Launched" (3 of them "Rare Corp"), the rest "Qualified" and "Common Corp".
    /// </summary>
    private async Task<OpportunityListSql.Seek> ChooseSeekAsync(OpportunityQuery query)
    {
        await using var store = await SqliteStore.OpenAsync(_directory, Ct);
        await using (var write = await store.BeginAsync(write: true, Ct))
        {
            for (var n = 1; n <= SqliteSession.SeekThreshold + 100; n++)
            {
                var (stage, company) = n <= 5 ? ("Launched", n <= 3 ? "Rare Corp" : "Common Corp") : ("Qualified", "Common Corp");
                await write.InsertOpportunityAsync(new OpportunityRecord
                {
                    Catalog = Aws,
                    Id = "O" + n,
                    OwnerAccountId = "A",
                    Origin = Cosell.Model.OpportunityOrigin.PartnerReferral,
                    Customer = new Cosell.Model.Customer { Account = new Cosell.Model.Account { CompanyName = company } },
                    LifeCycle = new Cosell.Model.LifeCycle { Stage = new(stage), ReviewStatus = new("Pending Submission") },
                    RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities,
                    CreatedDate = T0.AddMinutes(n),
                    LastModifiedDate = T0.AddMinutes(n),
                }, Ct);
            }
            await write.CommitAsync(Ct);
        }
        await using var read = await store.BeginAsync(write: false, Ct);
        var seek = ((SqliteSession)read).ChooseSeek(query);
        // The statement the choice makes must run (an index SQLite cannot use for it would fail to prepare).
        await read.ListOpportunitiesAsync(query, Ct);
        return seek;
    }

    [Theory]
    [MemberData(nameof(IdentifierPlans))]
    public async Task ListQueries_FilteredByIdentifiers_SeekThoseRowsFirst_NotTheCallersRowsInSortOrder(string sql, string firstStep)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(sql, "@[a-z_]+").Select(m => m.Value).Distinct()
            .Select(n => (n, n is "@limit" or "@after_ticks" or "@after_key" or "@after_number" or "@now" ? (object)1L : "[\"x\", \"y\"]"));

        var plan = await PlanAsync(sql, parameters);

        // The identifiers bound the rows read, however many the caller has; the few matches are then sorted.
        Assert.StartsWith(firstStep, plan[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task ListEngagementInvitations_ReceivedPending_SeeksThePendingIndexInOrder_NotEveryInvitationReceived(bool ascending, bool resumed)
    {
        var sql = ListSql.Sqlite.Invitations(new(Aws, "A", false, resumed ? ["OpportunityInvitation"] : null, ["PENDING"], null, null, T0,
            ascending, resumed ? new SortPosition(1, "x") : null, 20));
        var parameters = System.Text.RegularExpressions.Regex.Matches(sql, "@[a-z_]+").Select(m => m.Value).Distinct()
            .Select(n => (n, n is "@limit" or "@after_ticks" or "@now" ? (object)1L : n == "@payload_types" ? "[\"x\"]" : "x"));

        var plan = await PlanAsync(sql, parameters);

        // Pending ones are few per receiver; the decided ones, which a CRM's poll never asks for, are not read.
        Assert.StartsWith("SEARCH invitations USING INDEX ix_invitations_receiver_pending (catalog=? AND receiver_account_id=?", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListEngagementResourceAssociations_ReadsTheCallersRangeOfMemberAssociations_InOrder(bool ownSnapshot)
    {
        var plan = await AssociationPlanAsync(engagement: null, ownSnapshot);

        // Migration 0017: one account's rows in association order, each association then by its key; no sort, so a
        // page stops at its limit however many engagements the caller is in.
        Assert.StartsWith("SEARCH ma USING PRIMARY KEY (catalog=? AND account_id=?", plan[0], StringComparison.Ordinal);
        Assert.Contains(plan, step => step.StartsWith("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListEngagementResourceAssociations_OfOneEngagement_SeeksItsAssociationsAndTheMembership(bool ownSnapshot)
    {
        var plan = await AssociationPlanAsync("eng-1", ownSnapshot);

        // However many engagements the caller is in (CreateEngagementInvitation asks this of one engagement).
        Assert.StartsWith("SEARCH a USING INDEX ux_resource_associations_key (catalog=? AND engagement_id=?", plan[0], StringComparison.Ordinal);
        Assert.Contains(plan, step => step.StartsWith("SEARCH m USING COVERING INDEX ux_engagement_members_engagement_account (engagement_seq=? AND account_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("ix_engagement_members_account_created", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListEngagementResourceAssociations_OfOneResource_SeeksItsAssociations_NotEveryMembership(bool ownSnapshot)
    {
        var plan = await AssociationPlanAsync(null, ownSnapshot, resource: "O1");

        // "Which engagements is my opportunity in?" reads that opportunity's associations, however many engagements the
        // caller has joined.
        Assert.StartsWith("SEARCH a USING INDEX ix_resource_associations_resource (catalog=? AND resource_id=?", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, step => step.Contains("ix_engagement_members_account_created", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("eng-1", null)]
    [InlineData(null, "O1")]
    public async Task ListEngagementResourceAssociations_OwnSnapshotCheck_SeeksTheCallersSnapshots_NotEveryRevision(string? engagement, string? resource)
    {
        var plan = await AssociationPlanAsync(engagement, ownSnapshot: true, resource);

        Assert.Contains(plan, step => step.Contains(
            "SEARCH s USING COVERING INDEX ix_resource_snapshots_engagement_creator (catalog=? AND engagement_id=? AND created_by=?)", StringComparison.Ordinal));
    }

    private Task<List<string>> AssociationPlanAsync(string? engagement, bool ownSnapshot, string? resource = null) =>
        PlanAsync(SnapshotListSql.Sqlite.Associations(
                new ResourceAssociationQuery(Aws, "A", engagement, "Opportunity", resource, "B", new SortPosition(1, "x"), 10, ownSnapshot)),
            [("@catalog", Aws), ("@member", "A"), ("@engagement_id", "eng-1"), ("@resource_type", "Opportunity"), ("@resource_id", "O1"),
                ("@created_by", "B"), ("@after_seq", 1L), ("@limit", 10L)]);

    /// <summary>The steps of SQLite's plan for <paramref name="sql"/> on a freshly migrated store, in order.</summary>
    private async Task<List<string>> PlanAsync(string sql, IEnumerable<(string Name, object Value)> parameters)
    {
        await (await SqliteStore.OpenAsync(_directory, Ct)).DisposeAsync();
        using var db = Inspect(Path.Combine(_directory, "cosell.db"));
        using var command = db.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }
}
