using System.Buffers.Text;
using Cosell.Bench.Fixtures;
using Cosell.Bench.Http;

namespace Cosell.Bench.Load;

/// <summary>What one connection of the load generator owns: its signer, its random source and its ClientToken counter.</summary>
internal sealed class ConnectionContext(int index, SignedRequestWriter signer, string runTag)
{
    /// <summary>Shared by every connection of the process, so no two requests of a run share a token.</summary>
    private static long s_counter;

    private readonly byte[] _tokenPrefix = System.Text.Encoding.ASCII.GetBytes($"bench-{runTag}-");

    public int Index { get; } = index;
    public SignedRequestWriter Signer { get; } = signer;
    public Random Random { get; } = new(index * 7919 + 17);
    public byte[] Body { get; } = new byte[16 * 1024];

    /// <summary>A ClientToken no other request of this run (or any other run) carries.</summary>
    public int WriteToken(Span<byte> destination)
    {
        _tokenPrefix.CopyTo(destination);
        Utf8Formatter.TryFormat(Interlocked.Increment(ref s_counter), destination[_tokenPrefix.Length..], out var written, new System.Buffers.StandardFormat('D', 12));
        return _tokenPrefix.Length + written;
    }
}

/// <summary>One kind of traffic: how each request is made and which status it should get.</summary>
internal abstract class Workload
{
    public abstract string Name { get; }

    /// <summary>Writes the next signed request into <paramref name="request"/>; returns its length and the status expected.</summary>
    public abstract (int Length, int Expected) Next(ConnectionContext c, Span<byte> request);

    /// <summary>Set when the workload ran out of prepared data and started repeating itself.</summary>
    public virtual bool Exhausted => false;
}

/// <summary>
/// CreateEngagementInvitation, the seed with its full payload: each request invites, into a pre-created engagement, an
/// account not yet invited to it, signed as the engagement's creator. Slots are handed out globally, so no two requests
/// (on any connection) ever collide; <see cref="EngagementPlan.InvitationsPerEngagement"/> invitations per engagement.
/// </summary>
internal sealed class CreateInvitationWorkload(EngagementPlan plan, IReadOnlyList<BenchAccount> accounts, WireTemplates templates)
    : Workload
{
    private long _next;

    public override string Name => "CreateEngagementInvitation";

    public override bool Exhausted => Interlocked.Read(ref _next) >= (long)plan.Count * plan.InvitationsPerEngagement;

    public long Issued => Interlocked.Read(ref _next);

    public override (int Length, int Expected) Next(ConnectionContext c, Span<byte> request)
    {
        var slot = Interlocked.Increment(ref _next) - 1;
        var engagement = (int)(slot / plan.InvitationsPerEngagement % plan.Count);
        var k = (int)(slot % plan.InvitationsPerEngagement);
        var creator = plan.Creator[engagement];
        var receiver = accounts[(creator + 1 + k) % accounts.Count];
        Span<byte> token = stackalloc byte[64];
        var tokenLength = c.WriteToken(token);
        var n = templates.WriteCreate(c.Body, plan.Ids[engagement], receiver.AccountIdBytes, token[..tokenLength]);
        var length = c.Signer.Write(request, c.Signer.Target("CreateEngagementInvitation"), accounts[creator], c.Body.AsSpan(0, n));
        return (length, 200);
    }
}

/// <summary>The same full request with a malformed receiver and an unknown country code: refused by validation (400).</summary>
internal sealed class RejectedByValidationWorkload(EngagementPlan plan, IReadOnlyList<BenchAccount> accounts, WireTemplates templates)
    : Workload
{
    public override string Name => "ValidationRejected";

    public override (int Length, int Expected) Next(ConnectionContext c, Span<byte> request)
    {
        var engagement = c.Random.Next(plan.Count);
        Span<byte> token = stackalloc byte[64];
        var tokenLength = c.WriteToken(token);
        var n = templates.WriteInvalidCreate(c.Body, plan.Ids[engagement], token[..tokenLength]);
        var length = c.Signer.Write(request, c.Signer.Target("CreateEngagementInvitation"), accounts[plan.Creator[engagement]], c.Body.AsSpan(0, n));
        return (length, 400);
    }
}

/// <summary>GetEngagementInvitation of a stored invitation, asked by its receiver or its sender.</summary>
internal sealed class GetInvitationWorkload(InvitationSet set, IReadOnlyList<BenchAccount> accounts) : Workload
{
    public override string Name => "GetEngagementInvitation";

    public override (int Length, int Expected) Next(ConnectionContext c, Span<byte> request)
    {
        var i = c.Random.Next(set.Count);
        var caller = accounts[(i & 1) == 0 ? set.Receiver[i] : set.Sender[i]];
        var n = WireTemplates.WriteGetInvitation(c.Body, set.Ids[i]);
        return (c.Signer.Write(request, c.Signer.Target("GetEngagementInvitation"), caller, c.Body.AsSpan(0, n)), 200);
    }
}

/// <summary>ListEngagementInvitations, RECEIVER, first page of 20 (newest first), by one of the receiving accounts.</summary>
internal sealed class ListInvitationsWorkload(int receivers, IReadOnlyList<BenchAccount> accounts) : Workload
{
    public override string Name => "ListEngagementInvitations";

    public override (int Length, int Expected) Next(ConnectionContext c, Span<byte> request)
    {
        var caller = accounts[c.Random.Next(receivers)];
        var n = WireTemplates.WriteListInvitations(c.Body, asSender: false);
        return (c.Signer.Write(request, c.Signer.Target("ListEngagementInvitations"), caller, c.Body.AsSpan(0, n)), 200);
    }
}

/// <summary>
/// A CRM-sync integration: it mostly reads what changed (lists of received invitations and of engagements, then the
/// details of single invitations and engagements) and pushes new invitations now and then.
/// Mix: 35% GetEngagementInvitation, 25% ListEngagementInvitations (RECEIVER, 20), 10% ListEngagementInvitations
/// (SENDER, 20), 10% ListEngagements (20), 5% GetEngagement (by a member), 15% CreateEngagementInvitation.
/// </summary>
internal sealed class CrmSyncWorkload(
    InvitationSet set, int receivers, CreateInvitationWorkload create, IReadOnlyList<BenchAccount> accounts) : Workload
{
    public override string Name => "CrmSyncMix";

    public override bool Exhausted => create.Exhausted;

    public override (int Length, int Expected) Next(ConnectionContext c, Span<byte> request)
    {
        var roll = c.Random.Next(100);
        if (roll < 15)
        {
            return create.Next(c, request);
        }
        int n;
        if (roll < 50)
        {
            var i = c.Random.Next(set.Count);
            n = WireTemplates.WriteGetInvitation(c.Body, set.Ids[i]);
            return (c.Signer.Write(request, c.Signer.Target("GetEngagementInvitation"), accounts[set.Receiver[i]], c.Body.AsSpan(0, n)), 200);
        }
        if (roll < 75)
        {
            n = WireTemplates.WriteListInvitations(c.Body, asSender: false);
            return (c.Signer.Write(request, c.Signer.Target("ListEngagementInvitations"), accounts[c.Random.Next(receivers)], c.Body.AsSpan(0, n)), 200);
        }
        if (roll < 85)
        {
            var i = c.Random.Next(set.Count);
            n = WireTemplates.WriteListInvitations(c.Body, asSender: true);
            return (c.Signer.Write(request, c.Signer.Target("ListEngagementInvitations"), accounts[set.Sender[i]], c.Body.AsSpan(0, n)), 200);
        }
        if (roll < 95)
        {
            var i = c.Random.Next(set.Count);
            n = WireTemplates.WriteListEngagements(c.Body);
            return (c.Signer.Write(request, c.Signer.Target("ListEngagements"), accounts[set.Sender[i]], c.Body.AsSpan(0, n)), 200);
        }
        var j = c.Random.Next(set.Count);
        n = WireTemplates.WriteGetEngagement(c.Body, set.EngagementIds[j]);
        return (c.Signer.Write(request, c.Signer.Target("GetEngagement"), accounts[set.Sender[j]], c.Body.AsSpan(0, n)), 200);
    }
}
