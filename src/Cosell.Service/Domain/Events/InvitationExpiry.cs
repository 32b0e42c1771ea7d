using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain.Events;

/// <summary>
/// Turns invitations left PENDING past their ExpirationDate into stored EXPIRED ones and emits Engagement Invitation
/// Expired to sender and receiver (spec 02 §3), in one transaction per batch. Reads already show EXPIRED lazily; this
/// is what makes the event happen. Safe to run on several instances: an invitation another sweep got first is skipped.
/// </summary>
public sealed class InvitationExpiry(IStore store, IAccountDirectory accounts, IIdGenerator ids, TimeProvider clock)
{
    public const int BatchSize = 100;

    /// <summary>Sweeps until nothing is left; returns how many invitations expired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var expired = await SweepBatchAsync(ct);
            total += expired.Swept;
            if (expired.Found < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<(int Found, int Swept)> SweepBatchAsync(CancellationToken ct)
    {
        await using var session = await store.BeginAsync(write: true, ct);
        var now = clock.GetUtcNow();
        var ctx = new OperationContext
        {
            Caller = new Caller(Participants.Aws, "cosell-expiry-sweeper"),
            Operation = "ExpireInvitations",
            Store = session,
            Now = now,
            Ids = ids,
            Accounts = accounts,
        };
        var lapsed = await session.ListLapsedInvitationsAsync(now, BatchSize, ct);
        var swept = 0;
        foreach (var invitation in lapsed)
        {
            var expired = invitation with { Status = InvitationStatus.Expired };
            if (await session.UpdateInvitationAsync(expired, invitation.Version, ct))
            {
                Emit.InvitationAnswered(ctx, expired, EventTypes.InvitationExpired);
                swept++;
            }
        }
        if (ctx.Events.Count > 0)
        {
            await session.AppendEventsAsync(ctx.Events, ct);
        }
        await session.CommitAsync(ct);
        return (lapsed.Count, swept);
    }
}
