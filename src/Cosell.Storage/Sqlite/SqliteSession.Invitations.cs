using System.Text.Json;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Microsoft.Data.Sqlite;

namespace Cosell.Storage.Sqlite;

internal sealed partial class SqliteSession
{
    // ---- Invitations ------------------------------------------------------------------------------------------

    public Task<InvitationRecord?> GetInvitationAsync(string catalog, string id, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command("SELECT version, doc FROM invitations WHERE catalog = @catalog AND id = @id")
                .Bind("@catalog", catalog)
                .Bind("@id", id);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadInvitation(reader) : null);
        }
        catch (Exception e)
        {
            return Task.FromException<InvitationRecord?>(e);
        }
    }

    public Task InsertInvitationAsync(InvitationRecord invitation, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var stored = invitation.Version == 1 ? invitation : invitation with { Version = 1 };
            BindInvitation(_db.Command(
                    "INSERT INTO invitations (catalog, id, engagement_id, sender_account_id, receiver_account_id, " +
                    "payload_type, status, invitation_date, expiration_date, version, doc) " +
                    "VALUES (@catalog, @id, @engagement_id, @sender_account_id, @receiver_account_id, " +
                    "@payload_type, @status, @invitation_date, @expiration_date, 1, @doc)"), stored)
                .ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<bool> UpdateInvitationAsync(InvitationRecord invitation, long expectedVersion, CancellationToken ct)
    {
        try
        {
            EnsureWritable(ct);
            var stored = invitation with { Version = expectedVersion + 1 };
            var changed = BindInvitation(_db.Command(
                    "UPDATE invitations SET engagement_id = @engagement_id, sender_account_id = @sender_account_id, " +
                    "receiver_account_id = @receiver_account_id, payload_type = @payload_type, status = @status, " +
                    "invitation_date = @invitation_date, expiration_date = @expiration_date, " +
                    "version = @expected + 1, doc = @doc " +
                    "WHERE catalog = @catalog AND id = @id AND version = @expected"), stored)
                .Bind("@expected", expectedVersion)
                .ExecuteNonQuery();
            return Task.FromResult(changed == 1);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    public Task<IReadOnlyList<InvitationRecord>> ListPendingInvitationsForEngagementAsync(string catalog, string engagementId, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            var command = _db.Command(
                    "SELECT version, doc FROM invitations " +
                    "WHERE catalog = @catalog AND engagement_id = @engagement_id AND status = 'PENDING' " +
                    "ORDER BY invitation_date, id")
                .Bind("@catalog", catalog)
                .Bind("@engagement_id", engagementId);
            var invitations = new List<InvitationRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    invitations.Add(ReadInvitation(reader));
                }
            }
            return Task.FromResult<IReadOnlyList<InvitationRecord>>(invitations);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<InvitationRecord>>(e);
        }
    }

    public Task<IReadOnlyList<PendingInvitation>> ListPendingReceiversAsync(string catalog, string engagementId, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            // Sorted here: at most a few rows, and an ORDER BY the index does not give builds a temporary b-tree per query
            // (measurably slower on the writer, where this runs).
            var command = _db.Command(
                    "SELECT invitation_date, id, receiver_account_id, expiration_date FROM invitations " +
                    "WHERE catalog = @catalog AND engagement_id = @engagement_id AND status = 'PENDING'")
                .Bind("@catalog", catalog)
                .Bind("@engagement_id", engagementId);
            var rows = new List<(long Date, string Id, PendingInvitation Pending)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), new PendingInvitation(reader.GetString(2), FromTicks(reader.GetInt64(3)))));
                }
            }
            rows.Sort(static (a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Id, b.Id));
            return Task.FromResult<IReadOnlyList<PendingInvitation>>([.. rows.Select(r => r.Pending)]);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<PendingInvitation>>(e);
        }
    }

    public Task<Page<InvitationRecord>> ListInvitationsAsync(InvitationQuery query, CancellationToken ct)
    {
        try
        {
            EnsureUsable(ct);
            ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
            var command = _db.Command(ListSql.Sqlite.Invitations(query))
                .Bind("@catalog", query.Catalog)
                .Bind("@account", query.AccountId)
                .Bind("@limit", (long)query.Limit + 1);
            BindAfter(command, query.After);
            BindList(command, "@payload_types", query.PayloadTypes);
            BindList(command, "@statuses", ListSql.StoredStatuses(query));
            if (query.Statuses is not null)
            {
                command.Bind("@now", query.Now.UtcTicks);
            }
            BindList(command, "@engagement_ids", query.EngagementIds);
            BindList(command, "@sender_account_ids", query.SenderAccountIds);
            return Task.FromResult(ReadPage(command, query.Limit, ReadInvitation));
        }
        catch (Exception e)
        {
            return Task.FromException<Page<InvitationRecord>>(e);
        }
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private void EnsureUsable(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The store session has already been committed.");
        }
        ct.ThrowIfCancellationRequested();
    }

    private void EnsureWritable(CancellationToken ct)
    {
        EnsureUsable(ct);
        if (!_write)
        {
            throw new InvalidOperationException("A read session cannot write; begin the session with write: true.");
        }
    }

    private void InsertMembers(long engagementSeq, EngagementRecord engagement)
    {
        var command = _db.Command(
            "INSERT INTO engagement_members (engagement_seq, catalog, engagement_id, account_id, join_order, created_at, created_by, context_types) " +
            "VALUES (@engagement_seq, @catalog, @engagement_id, @account_id, @join_order, @created_at, @created_by, @context_types)");
        command.Bind("@engagement_seq", engagementSeq)
            .Bind("@catalog", engagement.Catalog)
            .Bind("@engagement_id", engagement.Id)
            .Bind("@created_at", engagement.CreatedAt.UtcTicks)
            .Bind("@created_by", engagement.CreatedBy)
            .Bind("@context_types", ContextTypesJson(engagement));
        for (var i = 0; i < engagement.Members.Count; i++)
        {
            command.Bind("@account_id", engagement.Members[i].AccountId)
                .Bind("@join_order", (long)i)
                .ExecuteNonQuery();
        }
    }
}
