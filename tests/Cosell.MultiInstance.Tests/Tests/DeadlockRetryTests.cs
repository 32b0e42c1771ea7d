using Cosell.MultiInstance.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Cosell.MultiInstance.Tests.Tests;

/// <summary>
/// A request PostgreSQL aborts to break a deadlock runs again and succeeds, instead of answering 500. The deadlock is made
/// on purpose by a transaction of the test: it holds the engagement's row, the request takes its ClientToken's advisory
/// lock and waits for that row, then the test asks for the same advisory lock. PostgreSQL usually aborts the one whose
/// wait began first (its deadlock check runs first), the request; on a loaded machine the test's own check may run first
/// and abort the test's transaction instead, which proves nothing, so the scenario is then played again on a new engagement.
/// </summary>
public sealed class DeadlockRetryTests(Cluster cluster) : IClassFixture<Cluster>
{
    [Fact]
    public async Task CreateEngagementInvitation_AbortedToBreakADeadlock_RunsAgainAndCreatesOneInvitation()
    {
        var sender = cluster.Accounts[0];
        for (var attempt = 1; ; attempt++)
        {
            var engagement = await cluster.CreateEngagementAsync(sender);
            var token = Bodies.NewToken();

            await using var blocker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString);
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await ExecuteAsync(blocker, $"SELECT 1 FROM engagements WHERE catalog = 'Sandbox' AND id = '{engagement}' FOR UPDATE");

            var request = cluster.Instances[0].CallAsync("CreateEngagementInvitation", Bodies.Invitation(engagement, cluster.Accounts[1].AccountId, token), sender);
            await WaitUntilABackendWaitsForALockAsync(cluster.ConnectionString);
            try
            {
                // The key the server's idempotency lookup locks (PostgresSession.GetIdempotencyAsync).
                await ExecuteAsync(blocker,
                    $"SELECT pg_advisory_xact_lock(hashtextextended('idempotency|{sender.AccountId}|Sandbox|CreateEngagementInvitation|{token}', 0))");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                // PostgreSQL broke the deadlock on the test's side: the request goes on unaborted once the row is free.
                await transaction.RollbackAsync();
                await request;
                continue;
            }
            await transaction.RollbackAsync();
            var answer = await request;

            Assert.True(answer.Status == 200, answer + "\n" + cluster.Errors());
            Assert.Equal(1, await Postgres.CountAsync(cluster.ConnectionString, $"SELECT count(*) FROM invitations WHERE engagement_id = '{engagement}'"));
            return;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Until a backend of this database waits for a lock (the request, blocked on the engagement's row). Asked on a
    /// connection of its own: inside a transaction PostgreSQL shows the activity as it was when the transaction began.
    /// </summary>
    private static async Task WaitUntilABackendWaitsForALockAsync(string connectionString)
    {
        await using var watcher = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await watcher.OpenAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            if ((long)(await command.ExecuteScalarAsync(limit.Token))! > 0)
            {
                return;
            }
            await Task.Delay(20, limit.Token);
        }
    }
}
