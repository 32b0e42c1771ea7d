using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Bench.Fixtures;

/// <summary>Engagements ready to receive invitations: engagement i was created by <see cref="Creator"/>[i], its only member.</summary>
internal sealed class EngagementPlan(byte[][] ids, int[] creators, int invitationsPerEngagement)
{
    public byte[][] Ids { get; } = ids;
    public int[] Creator { get; } = creators;
    public int InvitationsPerEngagement { get; } = invitationsPerEngagement;
    public int Count => Ids.Length;
}

/// <summary>Stored invitations the read scenarios ask for: id, sender and receiver (account indexes).</summary>
internal sealed class InvitationSet(byte[][] ids, int[] senders, int[] receivers, byte[][] engagementIds)
{
    public byte[][] Ids { get; } = ids;
    public int[] Sender { get; } = senders;
    public int[] Receiver { get; } = receivers;
    public byte[][] EngagementIds { get; } = engagementIds;
    public int Count => Ids.Length;
}

/// <summary>
/// Fills a store fast through the store port (<see cref="IStore"/>): big write sessions of thousands of rows, the
/// documents built the way the handlers build them, without a single HTTP call. Works for every store behind the port.
/// </summary>
internal sealed class Seeder(IStore store, IReadOnlyList<BenchAccount> accounts, WireTemplates templates)
{
    private const int RowsPerTransaction = 20_000;
    private const string Catalog = "Sandbox";

    private readonly RandomIdGenerator _ids = new();
    private readonly Payload _payload = templates.CreateInput["Invitation"]!["Payload"].Deserialize(Cosell.Model.ModelJsonContext.Default.Payload)!;
    private readonly string _message = templates.CreateInput["Invitation"]!["Message"]!.GetValue<string>();
    private readonly EngagementContextDetails _context = new()
    {
        Id = "1",
        Type = EngagementContextType.CustomerProject,
        Payload = JsonNode.Parse("""
            {"CustomerProject":{"Customer":{"CompanyName":"Acme Corp","CountryCode":"US","Industry":"Software and Internet",
            "WebsiteUrl":"https://acme.example.com"},"Project":{"Title":"Data platform migration",
            "BusinessProblem":"Legacy on-premises data warehouse cannot keep up with reporting demand","TargetCompletionDate":"2027-06-30"}}}
            """).Deserialize(Cosell.Model.ModelJsonContext.Default.EngagementContextPayload),
    };

    /// <summary>
    /// <paramref name="count"/> engagements with a CustomerProject context, each created by one account (round robin)
    /// and ready to take <paramref name="perEngagement"/> OpportunityInvitations to other accounts.
    /// </summary>
    public async Task<EngagementPlan> EngagementsAsync(int count, int perEngagement, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new byte[count][];
        var creators = new int[count];
        for (var start = 0; start < count; start += RowsPerTransaction)
        {
            await using var session = await store.BeginAsync(write: true, ct);
            var end = Math.Min(count, start + RowsPerTransaction);
            for (var i = start; i < end; i++)
            {
                creators[i] = i % accounts.Count;
                var engagement = Engagement(accounts[creators[i]].AccountId, now.AddSeconds(-(count - i)));
                ids[i] = Encoding.ASCII.GetBytes(engagement.Id);
                await session.InsertEngagementAsync(engagement, ct);
            }
            await session.CommitAsync(ct);
        }
        return new EngagementPlan(ids, creators, perEngagement);
    }

    /// <summary>
    /// <paramref name="count"/> pending OpportunityInvitations, <paramref name="perEngagement"/> per engagement, received by
    /// the first <paramref name="receivers"/> accounts in turn, sent by other accounts; dated over the last ten days, oldest first.
    /// </summary>
    public async Task<InvitationSet> InvitationsAsync(int count, int receivers, int perEngagement, DateTimeOffset now,
        IProgress<string>? progress, CancellationToken ct)
    {
        var ids = new byte[count][];
        var senders = new int[count];
        var receiverOf = new int[count];
        var engagementOf = new byte[count][];
        var spacing = TimeSpan.FromDays(10) / Math.Max(1, count);
        var clock = Stopwatch.StartNew();
        EngagementRecord? engagement = null;
        var sender = 0;
        var taken = new HashSet<int>();
        for (var start = 0; start < count; start += RowsPerTransaction)
        {
            await using var session = await store.BeginAsync(write: true, ct);
            var end = Math.Min(count, start + RowsPerTransaction);
            for (var i = start; i < end; i++)
            {
                var at = now - (spacing * (count - i));
                if (i % perEngagement == 0 || engagement is null)
                {
                    // Senders rotate through the accounts that do not receive, so receivers' pages hold only received invitations.
                    sender = receivers + ((i / perEngagement) % (accounts.Count - receivers));
                    engagement = Engagement(accounts[sender].AccountId, at);
                    await session.InsertEngagementAsync(engagement, ct);
                    taken.Clear();
                    taken.Add(sender);
                }
                // Receiver i mod receivers (skipping the sender and receivers already invited to this engagement).
                var receiver = i % receivers;
                while (taken.Contains(receiver))
                {
                    receiver = (receiver + 1) % receivers;
                }
                taken.Add(receiver);
                var invitation = Invitation(engagement, sender, receiver, at);
                await session.InsertInvitationAsync(invitation, ct);
                ids[i] = Encoding.ASCII.GetBytes(invitation.Id);
                senders[i] = sender;
                receiverOf[i] = receiver;
                engagementOf[i] = Encoding.ASCII.GetBytes(engagement.Id);
            }
            await session.CommitAsync(ct);
            if (count >= 100_000)
            {
                progress?.Report($"seeded {end:N0}/{count:N0} invitations ({end / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s)");
            }
        }
        return new InvitationSet(ids, senders, receiverOf, engagementOf);
    }

    private EngagementRecord Engagement(string creator, DateTimeOffset at) => new()
    {
        Catalog = Catalog,
        Id = Identifiers.NewEngagementId(_ids),
        Title = "Acme data platform migration",
        Description = "Joint engagement for Acme Corp's move of its data warehouse to AWS",
        CreatedAt = at,
        CreatedBy = creator,
        ModifiedAt = at,
        ModifiedBy = creator,
        Members = [new EngagementMemberRecord(creator, at)],
        Contexts = [_context],
        Version = 1,
    };

    private InvitationRecord Invitation(EngagementRecord engagement, int sender, int receiver, DateTimeOffset at) => new()
    {
        Catalog = Catalog,
        Id = Identifiers.NewInvitationId(_ids),
        EngagementId = engagement.Id,
        EngagementTitle = engagement.Title,
        EngagementDescription = engagement.Description,
        SenderAccountId = accounts[sender].AccountId,
        SenderCompanyName = accounts[sender].CompanyName,
        ReceiverAccountId = accounts[receiver].AccountId,
        Receiver = new Receiver { Account = new AccountReceiver { AwsAccountId = accounts[receiver].AccountId, Alias = "Receiver Partner" } },
        PayloadType = EngagementInvitationPayloadType.OpportunityInvitation,
        Payload = _payload,
        Message = _message,
        Status = InvitationStatus.Pending,
        InvitationDate = at,
        ExpirationDate = at + TimeSpan.FromDays(15),
        Version = 1,
    };
}
