using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Contexts;

/// <summary>
/// Updates one context under optimistic concurrency: EngagementLastModifiedAt must be the engagement's ModifiedAt
/// (to the millisecond, spec 06 Q17). A lead update replaces the customer and status and appends the interaction (Q6).
/// A CustomerProject update replaces the whole payload, as the lead's customer and UpdateOpportunity are replaced (the
/// spec is silent): members left out are cleared, so a customer can be removed, which the model allows.
/// </summary>
public sealed class UpdateEngagementContextHandler : IOperationHandler<UpdateEngagementContextRequest, UpdateEngagementContextResponse>
{
    public const int MaxInteractions = 10;

    public async Task<UpdateEngagementContextResponse> HandleAsync(UpdateEngagementContextRequest input, OperationContext ctx, CancellationToken ct)
    {
        if (input.Type == EngagementContextType.ProspectingResult)
        {
            throw EngagementContexts.ProspectingResultNotPermitted("type");
        }
        var payloadFits = input.Type == EngagementContextType.Lead
            ? input.Payload.Lead is not null && input.Payload.CustomerProject is null
            : input.Type == EngagementContextType.CustomerProject && input.Payload.CustomerProject is not null && input.Payload.Lead is null;
        if (!payloadFits)
        {
            throw EngagementContexts.PayloadMismatch("payload", input.Type);
        }
        var engagement = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.EngagementIdentifier, "engagementIdentifier", ct);
        var index = engagement.Contexts.ToList().FindIndex(c => c.Id == input.ContextIdentifier);
        if (index < 0)
        {
            throw ApiException.NotFound($"Context {input.ContextIdentifier} was not found in engagement {engagement.Id}.");
        }
        if (!ChangeTimes.SameMillisecond(input.EngagementLastModifiedAt, engagement.ModifiedAt))
        {
            throw ApiException.Conflict(
                $"The EngagementLastModifiedAt given is not when engagement {engagement.Id} was last modified; read it again with GetEngagement and retry.");
        }
        var current = engagement.Contexts[index];
        if (current.Type != input.Type)
        {
            throw ApiException.Business("type", "INVALID_VALUE", $"Context {current.Id} is of type {current.Type}, not {input.Type}.");
        }
        var payload = input.Type == EngagementContextType.Lead
            ? UpdateLead(current.Payload?.Lead, input.Payload.Lead!, ctx.Now)
            : new EngagementContextPayload { CustomerProject = input.Payload.CustomerProject };
        var contexts = engagement.Contexts.ToList();
        contexts[index] = current with { Payload = payload };
        var updated = engagement.ChangedBy(ctx.AccountId, ctx.Now) with { Contexts = contexts };
        if (!await ctx.Store.UpdateEngagementAsync(updated, engagement.Version, ct))
        {
            throw ApiException.Conflict($"Engagement {engagement.Id} was changed by another request; retry.");
        }
        Emit.EngagementUpdated(ctx, updated);
        return new UpdateEngagementContextResponse
        {
            EngagementId = updated.Id,
            EngagementArn = Arns.Engagement(updated.Catalog, updated.Id),
            EngagementLastModifiedAt = updated.ModifiedAt,
            ContextId = current.Id!,
        };
    }

    private static EngagementContextPayload UpdateLead(LeadContext? current, UpdateLeadContext update, DateTimeOffset now)
    {
        var interactions = current?.Interactions.ToList() ?? [];
        if (update.Interaction is { } interaction)
        {
            if (interactions.Count >= MaxInteractions)
            {
                throw ApiException.QuotaExceeded($"A lead context holds at most {MaxInteractions} interactions.");
            }
            interactions.Add(EngagementContexts.Dated(interaction, now));
        }
        return new EngagementContextPayload
        {
            Lead = new LeadContext
            {
                // The model gives the update's QualificationStatus the default "Unqualified": left out, it resets (Q6: replaces).
                QualificationStatus = update.QualificationStatus ?? "Unqualified",
                Customer = update.Customer,
                Interactions = interactions,
                Insights = update.Insights ?? current?.Insights,
            },
        };
    }
}
