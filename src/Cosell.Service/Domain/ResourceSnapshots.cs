using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Operations.Contexts;

namespace Cosell.Service.Domain;

/// <summary>
/// Resource snapshots (spec 03 §3): the templates, the snapshot ARN (spec 06 Q18, the observed form), what a template
/// copies out of an opportunity, and taking a snapshot with its side effects (association, a CustomerProject context on a
/// lead engagement, the Engagement Resource Snapshot Created event).
/// </summary>
public static class ResourceSnapshots
{
    /// <summary>Partner-created, read by every member of the engagement.</summary>
    public const string OpportunitySummaryView = "OpportunitySummaryView";

    /// <summary>The AWS side of the opportunity (deal sizing included), read only by the opportunity's owner.</summary>
    public const string AwsOpportunitySummaryFullView = "AwsOpportunitySummaryFullView";

    public const string OpportunityResourceType = "Opportunity";

    /// <summary>The templates there are, as CheckTemplate accepts them.</summary>
    public static readonly IReadOnlyList<string> Templates = [OpportunitySummaryView, AwsOpportunitySummaryFullView];

    public static bool IsOwnerOnly(string template) => template == AwsOpportunitySummaryFullView;

    public static string Arn(string catalog, string engagementId, string resourceType, string resourceId, string template, int revision) =>
        $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/engagement/{engagementId}/resource/{resourceType}/{resourceId}/template/{template}/snapshot/{revision.ToString(CultureInfo.InvariantCulture)}";

    public static string Arn(ResourceSnapshotRecord s) => Arn(s.Catalog, s.EngagementId, s.ResourceType, s.ResourceId, s.TemplateName, s.Revision);

    /// <summary>Only the two templates the model's payload union can carry exist; any other name is a business error (spec 03 §3).</summary>
    public static void CheckTemplate(string template, string fieldName = "resourceSnapshotTemplateIdentifier")
    {
        if (!Templates.Contains(template))
        {
            throw ApiException.Business(fieldName, "INVALID_VALUE",
                $"{template} is not a resource snapshot template; use {OpportunitySummaryView} or {AwsOpportunitySummaryFullView}.");
        }
    }

    /// <summary>ResourceType is an enum with the single value Opportunity; the check keeps a newer value from reaching the store.</summary>
    public static void CheckResourceType(ResourceType type, string fieldName = "resourceType")
    {
        if (type != ResourceType.Opportunity)
        {
            throw ApiException.Business(fieldName, "INVALID_VALUE", $"Snapshots are taken of opportunities only, not of {type}.");
        }
    }

    /// <summary>
    /// What the template copies out of the opportunity. The AWS full view exists once an AWS opportunity is linked
    /// (<see cref="HasAwsOpportunity"/>); before that the template cannot be used.
    /// </summary>
    public static ResourceSnapshotPayload Payload(OpportunityRecord o, string template) => template == AwsOpportunitySummaryFullView
        ? new ResourceSnapshotPayload { AwsOpportunitySummaryFullView = AwsFullView(o) }
        : new ResourceSnapshotPayload { OpportunitySummary = SummaryView(o) };

    /// <summary>
    /// An AWS opportunity is linked once the opportunity was submitted, for an AWS referral, and for an opportunity made
    /// from an invitation to a submitted one: it carries that AWS review (a status past Pending Submission) without
    /// having been submitted itself.
    /// </summary>
    public static bool HasAwsOpportunity(OpportunityRecord o) =>
        o.MadeAwsOpportunity || o.ReviewStatus != ReviewStatus.PendingSubmission;

    public static OpportunitySummaryView SummaryView(OpportunityRecord o) => new()
    {
        OpportunityType = o.OpportunityType,
        Lifecycle = new LifeCycleForView
        {
            TargetCloseDate = o.LifeCycle.TargetCloseDate,
            ReviewStatus = o.LifeCycle.ReviewStatus,
            Stage = o.LifeCycle.Stage,
            NextSteps = o.LifeCycle.NextSteps,
        },
        OpportunityTeam = o.OpportunityTeam,
        PrimaryNeedsFromAws = o.PrimaryNeedsFromAws,
        Customer = OpportunityViews.WithContacts(o.Customer),
        Project = o.Project is { } p
            ? new ProjectView
            {
                DeliveryModels = p.DeliveryModels,
                ExpectedCustomerSpend = p.ExpectedCustomerSpend,
                CustomerUseCase = p.CustomerUseCase,
                SalesActivities = p.SalesActivities,
                OtherSolutionDescription = p.OtherSolutionDescription,
                ExpectedContractDuration = p.ExpectedContractDuration,
            }
            : null,
        RelatedEntityIdentifiers = OpportunityViews.Complete(o.RelatedEntityIdentifiers),
    };

    public static AwsOpportunitySummaryFullView AwsFullView(OpportunityRecord o)
    {
        var aws = OpportunityViews.AwsSummary(o);
        return new AwsOpportunitySummaryFullView
        {
            RelatedOpportunityId = aws.RelatedOpportunityId,
            Origin = aws.Origin,
            InvolvementType = aws.InvolvementType,
            Visibility = aws.Visibility,
            LifeCycle = aws.LifeCycle,
            OpportunityTeam = aws.OpportunityTeam,
            Insights = aws.Insights,
            InvolvementTypeChangeReason = aws.InvolvementTypeChangeReason,
            RelatedEntityIds = aws.RelatedEntityIds,
            Customer = aws.Customer,
            Project = aws.Project,
            CosellMotion = aws.CosellMotion,
            SoftwareRevenue = aws.SoftwareRevenue,
        };
    }

    /// <summary>Two payloads carry the same data (what a running job compares before taking a new revision).</summary>
    public static bool SamePayload(ResourceSnapshotPayload a, ResourceSnapshotPayload b) =>
        // By content: a snapshot an older build stored without the empty Contacts list a payload now carries is current.
        JsonContent.Same(JsonSerializer.SerializeToNode(a, ModelJsonContext.Default.ResourceSnapshotPayload),
            JsonSerializer.SerializeToNode(b, ModelJsonContext.Default.ResourceSnapshotPayload));

    /// <summary>
    /// The caller's own opportunity and the engagement it is shared into, loaded in the store's lock order (opportunity,
    /// then engagement): another account's opportunity (or a hidden one) is not found (spec 06 Q3), an engagement the
    /// caller is not a member of is denied. An opportunity takes part in one engagement only, and a partner in an
    /// engagement with one opportunity (<see cref="Opportunities.OwnInEngagementAsync"/>): either kind of second link is a
    /// conflict.
    /// </summary>
    public static async Task<(OpportunityRecord Opportunity, EngagementRecord Engagement)> LoadAsync(
        OperationContext ctx, string catalog, string resourceId, string engagementIdentifier, CancellationToken ct)
    {
        var opportunity = await Opportunities.LoadAsync(ctx, catalog, resourceId, ct);
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, catalog, engagementIdentifier, "engagementIdentifier", ct);
        if (opportunity.EngagementId is { } linked && linked != engagement.Id)
        {
            throw ApiException.Conflict(
                $"Opportunity {opportunity.Id} is already shared into engagement {linked} (by a snapshot or a snapshot job); it cannot be shared into engagement {engagement.Id} as well.");
        }
        if (opportunity.EngagementId is null && await Opportunities.OwnInEngagementAsync(ctx, catalog, engagement.Id, ct) is { } own)
        {
            throw ApiException.Conflict(Opportunities.OneOpportunityPerPartner(engagement.Id, own.Id));
        }
        return (opportunity, engagement);
    }

    /// <summary>
    /// Links the opportunity to the engagement if it is not linked yet. The link is bookkeeping (the opportunity's own data
    /// and LastModifiedDate do not change), so it is written straight to the store.
    /// </summary>
    public static async Task<OpportunityRecord> LinkAsync(OperationContext ctx, OpportunityRecord opportunity, string engagementId, CancellationToken ct)
    {
        if (opportunity.EngagementId == engagementId)
        {
            return opportunity;
        }
        var linked = opportunity with { EngagementId = engagementId };
        if (!await ctx.Store.UpdateOpportunityAsync(linked, opportunity.Version, ct))
        {
            throw ApiException.Conflict($"Opportunity {opportunity.Id} was changed by another request; retry.");
        }
        return linked with { Version = opportunity.Version + 1 };
    }

    /// <summary>
    /// Undoes the link <c>CreateResourceSnapshotJob</c> made when nothing was ever shared under it: no snapshot of the
    /// opportunity in the engagement (any template) and no job left on it there. Otherwise a job deleted before its first
    /// successful execution would tie the opportunity to an engagement that no API shows it in.
    /// </summary>
    public static async Task UnlinkIfNeverSharedAsync(OperationContext ctx, OpportunityRecord opportunity, string engagementId, CancellationToken ct)
    {
        if (opportunity.EngagementId != engagementId)
        {
            return;
        }
        foreach (var template in Templates)
        {
            var key = new SnapshotKey(opportunity.Catalog, engagementId, OpportunityResourceType, opportunity.Id, template);
            if (await ctx.Store.GetSnapshotAsync(key, null, ct) is not null
                || await ctx.Store.FindSnapshotJobAsync(key, opportunity.OwnerAccountId, ct) is not null)
            {
                return;
            }
        }
        if (!await ctx.Store.UpdateOpportunityAsync(opportunity with { EngagementId = null }, opportunity.Version, ct))
        {
            throw ApiException.Conflict($"Opportunity {opportunity.Id} was changed by another request; retry.");
        }
    }

    /// <summary>
    /// Takes the next revision of the opportunity through the template, inside the engagement (the caller has checked
    /// membership, ownership and the template). On a lead engagement without a CustomerProject context, one is added from
    /// the opportunity first (DG:leads). Returns the stored snapshot and the engagement as it now is.
    /// </summary>
    public static async Task<(ResourceSnapshotRecord Snapshot, EngagementRecord Engagement)> TakeAsync(
        OperationContext ctx, EngagementRecord engagement, OpportunityRecord opportunity, string template, CancellationToken ct)
    {
        engagement = await EnsureCustomerProjectAsync(ctx, engagement, opportunity, ct);
        var key = new SnapshotKey(engagement.Catalog, engagement.Id, OpportunityResourceType, opportunity.Id, template);
        var revision = await ctx.Store.GetLatestSnapshotRevisionAsync(key, ct) + 1;
        var ownerOnly = IsOwnerOnly(template);
        var snapshot = new ResourceSnapshotRecord
        {
            Catalog = key.Catalog,
            EngagementId = key.EngagementId,
            ResourceType = key.ResourceType,
            ResourceId = key.ResourceId,
            TemplateName = template,
            Revision = revision,
            CreatedBy = opportunity.OwnerAccountId,
            CreatedAt = ctx.Now,
            Payload = Payload(opportunity, template),
            TargetMemberAccounts = ownerOnly ? [opportunity.OwnerAccountId] : engagement.Members.Select(m => m.AccountId).ToList(),
            OwnerOnly = ownerOnly,
        };
        await ctx.Store.InsertSnapshotAsync(snapshot, ct);
        EmitCreated(ctx, snapshot);
        return (snapshot, engagement);
    }

    /// <summary>Whether <paramref name="latest"/> already holds what a new revision would: the same payload, for the same members.</summary>
    public static bool IsCurrent(ResourceSnapshotRecord latest, EngagementRecord engagement, OpportunityRecord opportunity) =>
        SamePayload(latest.Payload, Payload(opportunity, latest.TemplateName))
        && (latest.OwnerOnly || latest.TargetMemberAccounts.SequenceEqual(engagement.Members.Select(m => m.AccountId)));

    /// <summary>Engagement Resource Snapshot Created, to every account the snapshot targets (spec 05 §2).</summary>
    public static void EmitCreated(OperationContext ctx, ResourceSnapshotRecord s)
    {
        var detail = new JsonObject
        {
            ["resourceSnapshot"] = new JsonObject
            {
                ["arn"] = Arn(s),
                ["engagementId"] = s.EngagementId,
                ["resourceType"] = s.ResourceType,
                ["resourceId"] = s.ResourceId,
                ["createdBy"] = s.CreatedBy,
                ["targetMemberAccounts"] = new JsonArray(s.TargetMemberAccounts.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
                ["resourceSnapshotTemplateName"] = s.TemplateName,
            },
        };
        Emit.Custom(ctx, s.TargetMemberAccounts, s.Catalog, EventTypes.SnapshotCreated, Arns.Engagement(s.Catalog, s.EngagementId), detail);
    }

    private static bool NeedsCustomerProject(EngagementRecord engagement) =>
        engagement.Contexts.Any(c => c.Type == EngagementContextType.Lead)
        && !engagement.Contexts.Any(c => c.Type == EngagementContextType.CustomerProject);

    /// <summary>
    /// Why no snapshot can be taken in the engagement now: a lead engagement without a CustomerProject context has no room
    /// left for the one the snapshot adds. Null when it can.
    /// </summary>
    public static string? NoRoomForCustomerProject(EngagementRecord engagement) =>
        NeedsCustomerProject(engagement) && engagement.Contexts.Count >= EngagementContexts.MaxContexts
            ? $"Engagement {engagement.Id} already has {EngagementContexts.MaxContexts} contexts; the CustomerProject context a snapshot of a lead engagement adds does not fit."
            : null;

    private static async Task<EngagementRecord> EnsureCustomerProjectAsync(
        OperationContext ctx, EngagementRecord engagement, OpportunityRecord opportunity, CancellationToken ct)
    {
        if (!NeedsCustomerProject(engagement))
        {
            return engagement;
        }
        if (NoRoomForCustomerProject(engagement) is { } noRoom)
        {
            throw ApiException.QuotaExceeded(noRoom);
        }
        var (updated, _) = await CreateEngagementContextHandler.AddAsync(ctx, engagement, EngagementContextType.CustomerProject,
            new EngagementContextPayload { CustomerProject = OpportunityDrafts.CustomerProjectFromOpportunity(opportunity, ctx.Now) }, ct);
        return updated;
    }

    /// <summary>A stored snapshot as GetResourceSnapshot returns it.</summary>
    public static GetResourceSnapshotResponse View(ResourceSnapshotRecord s) => new()
    {
        Catalog = s.Catalog,
        Arn = Arn(s),
        CreatedBy = s.CreatedBy,
        CreatedAt = s.CreatedAt,
        EngagementId = s.EngagementId,
        ResourceType = ResourceType.Create(s.ResourceType),
        ResourceId = s.ResourceId,
        ResourceSnapshotTemplateName = s.TemplateName,
        Revision = s.Revision,
        // A snapshot stored before customers read with their Contacts list reads as a new one would.
        Payload = s.Payload.OpportunitySummary is { Customer: { Contacts: null } } view
            ? s.Payload with { OpportunitySummary = view with { Customer = OpportunityViews.WithContacts(view.Customer) } }
            : s.Payload,
        TargetMemberAccounts = s.TargetMemberAccounts,
    };

    public static ResourceSnapshotSummary Summary(ResourceSnapshotRecord s) => new()
    {
        Arn = Arn(s),
        Revision = s.Revision,
        ResourceType = ResourceType.Create(s.ResourceType),
        ResourceId = s.ResourceId,
        ResourceSnapshotTemplateName = s.TemplateName,
        CreatedBy = s.CreatedBy,
    };
}
