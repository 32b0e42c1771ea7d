using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Npgsql;

namespace Cosell.Storage.Postgres;

internal sealed partial class PostgresSession
{
    // ---- Invitations ------------------------------------------------------------------------------------------

    public async Task<InvitationRecord?> GetInvitationAsync(string catalog, string id, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // Locked in a write session: of two receivers' answers racing on two instances, the second waits here and
        // then reads the first one's outcome.
        await using var command = Command("SELECT version, doc FROM invitations WHERE catalog = $1 AND id = $2" + ForUpdate);
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(id));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadInvitation(reader) : null;
    }

    public Task InsertInvitationAsync(InvitationRecord invitation, CancellationToken ct)
    {
        EnsureWritable(ct);
        var stored = invitation.Version == 1 ? invitation : invitation with { Version = 1 };
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO invitations (catalog, id, engagement_id, sender_account_id, receiver_account_id, " +
            "payload_type, status, invitation_date, expiration_date, version, doc) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)");
        BindInvitation(insert.Parameters, stored);
        Defer(insert);
        return Task.CompletedTask;
    }

    public async Task<bool> UpdateInvitationAsync(InvitationRecord invitation, long expectedVersion, CancellationToken ct)
    {
        await ReadyToWriteAsync(ct).ConfigureAwait(false);
        var stored = invitation with { Version = expectedVersion + 1 };
        await using var command = Command(
            "UPDATE invitations SET engagement_id = $3, sender_account_id = $4, receiver_account_id = $5, " +
            "payload_type = $6, status = $7, invitation_date = $8, expiration_date = $9, version = $11 + 1, doc = $10 " +
            "WHERE catalog = $1 AND id = $2 AND version = $11");
        BindInvitation(command.Parameters, stored);
        command.Parameters.Add(Int64(expectedVersion));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<InvitationRecord>> ListPendingInvitationsForEngagementAsync(string catalog, string engagementId, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // Not locked (see the class comment): the caller holds the engagement's row lock.
        await using var command = Command(
            "SELECT version, doc FROM invitations " +
            "WHERE catalog = $1 AND engagement_id = $2 AND status = 'PENDING' ORDER BY invitation_date, id");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(engagementId));
        var invitations = new List<InvitationRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            invitations.Add(ReadInvitation(reader));
        }
        return invitations;
    }

    public async Task<IReadOnlyList<PendingInvitation>> ListPendingReceiversAsync(string catalog, string engagementId, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        // Not locked (see the class comment): the caller holds the engagement's row lock.
        await using var command = Command(
            "SELECT receiver_account_id, expiration_date FROM invitations " +
            "WHERE catalog = $1 AND engagement_id = $2 AND status = 'PENDING' ORDER BY invitation_date, id");
        command.Parameters.Add(Text(catalog));
        command.Parameters.Add(Text(engagementId));
        var pending = new List<PendingInvitation>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            pending.Add(new PendingInvitation(reader.GetString(0), FromTicks(reader.GetInt64(1))));
        }
        return pending;
    }

    public async Task<Page<InvitationRecord>> ListInvitationsAsync(InvitationQuery query, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = ListCommand(ListSql.Postgres.Invitations(query));
        var p = command.Parameters;
        p.Add(PostgresText.Parameter("catalog", query.Catalog));
        p.Add(PostgresText.Parameter("account", query.AccountId));
        p.Add(new NpgsqlParameter<long>("limit", (long)query.Limit + 1));
        BindAfter(command, query.After);
        BindList(command, "payload_types", query.PayloadTypes);
        if (query.Statuses is not null)
        {
            BindList(command, "statuses", ListSql.StoredStatuses(query));
            p.Add(new NpgsqlParameter<long>("now", query.Now.UtcTicks));
        }
        BindList(command, "engagement_ids", query.EngagementIds);
        BindList(command, "sender_account_ids", query.SenderAccountIds);
        return await ReadPageAsync(command, query.Limit, 2, ReadInvitation, ct).ConfigureAwait(false);
    }

    /// <summary>$1 catalog, $2 id, $3 engagement, $4 sender, $5 receiver, $6 payload type, $7 status, $8–$9 dates, $10 doc.</summary>
    private static void BindInvitation(NpgsqlParameterCollection p, InvitationRecord invitation)
    {
        p.Add(Text(invitation.Catalog));
        p.Add(Text(invitation.Id));
        p.Add(Text(invitation.EngagementId));
        p.Add(Text(invitation.SenderAccountId));
        p.Add(Text(invitation.ReceiverAccountId));
        p.Add(Text(invitation.PayloadType.Value));
        p.Add(Text(invitation.Status.Value));
        p.Add(Int64(invitation.InvitationDate.UtcTicks));
        p.Add(Int64(invitation.ExpirationDate.UtcTicks));
        p.Add(Text(JsonSerializer.Serialize(invitation, StoreJsonContext.Stored.InvitationRecord)));
    }

    private static InvitationRecord ReadInvitation(NpgsqlDataReader reader)
    {
        var version = reader.GetInt64(0);
        var record = Deserialize(reader.GetString(1), StoreJsonContext.Stored.InvitationRecord);
        return record.Version == version ? record : record with { Version = version };
    }
}
