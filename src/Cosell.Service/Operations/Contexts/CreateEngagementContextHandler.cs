using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Contexts;

/// <summary>A member adds a context to an engagement; the engagement's ModifiedAt/ModifiedBy move (spec 01 §2).</summary>
public sealed class CreateEngagementContextHandler : IOperationHandler<CreateEngagementContextRequest, CreateEngagementContextResponse>
{
    public async Task<CreateEngagementContextResponse> HandleAsync(CreateEngagementContextRequest input, OperationContext ctx, CancellationToken ct)
    {
        if (!EngagementContexts.PayloadMatches(input.Type, input.Payload))
        {
            throw EngagementContexts.PayloadMismatch("payload", input.Type);
        }
        if (input.Type == EngagementContextType.ProspectingResult)
        {
            throw EngagementContexts.ProspectingResultNotPermitted("type");
        }
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.EngagementIdentifier, "engagementIdentifier", ct);
        if (input.Type == EngagementContextType.Lead && input.Catalog == "AWS")
        {
            throw ApiException.Business("type", "ACTION_NOT_PERMITTED",
                "Lead contexts are created by AWS in the AWS catalog; partners may add them only in Sandbox.");
        }
        if (engagement.Contexts.Count >= EngagementContexts.MaxContexts)
        {
            throw ApiException.QuotaExceeded($"Engagement {engagement.Id} already has {EngagementContexts.MaxContexts} contexts, the most it can hold.");
        }
        var (updated, contextId) = await AddAsync(ctx, engagement, input.Type, input.Payload, ct);
        return new CreateEngagementContextResponse
        {
            EngagementId = updated.Id,
            EngagementArn = Arns.Engagement(updated.Catalog, updated.Id),
            EngagementLastModifiedAt = updated.ModifiedAt,
            ContextId = contextId,
        };
    }

    /// <summary>Appends a context and bumps the engagement; shared with the tasks that add contexts implicitly.</summary>
    public static async Task<(EngagementRecord Engagement, string ContextId)> AddAsync(
        OperationContext ctx, EngagementRecord engagement, EngagementContextType type, EngagementContextPayload payload, CancellationToken ct)
    {
        var contextId = EngagementContexts.NextId(engagement);
        var updated = engagement.ChangedBy(ctx.AccountId, ctx.Now) with
        {
            Contexts = [.. engagement.Contexts, new EngagementContextDetails { Id = contextId, Type = type, Payload = EngagementContexts.WithDefaults(payload, ctx.Now) }],
        };
        if (!await ctx.Store.UpdateEngagementAsync(updated, engagement.Version, ct))
        {
            throw ApiException.Conflict($"Engagement {engagement.Id} was changed by another request; retry.");
        }
        Emit.EngagementUpdated(ctx, updated);
        return (updated with { Version = engagement.Version + 1 }, contextId);
    }
}
