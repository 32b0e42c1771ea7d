using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Engagements;

/// <summary>Creates an engagement with the caller as its first member (spec 01 §2).</summary>
public sealed class CreateEngagementHandler : IOperationHandler<CreateEngagementRequest, CreateEngagementResponse>
{
    public async Task<CreateEngagementResponse> HandleAsync(CreateEngagementRequest input, OperationContext ctx, CancellationToken ct)
    {
        var contexts = EngagementContexts.Number(input.Catalog, input.Contexts ?? [], ctx.Now);
        var engagement = new EngagementRecord
        {
            Catalog = input.Catalog,
            Id = Identifiers.NewEngagementId(ctx.Ids),
            Title = input.Title,
            Description = input.Description,
            CreatedAt = ctx.Now,
            CreatedBy = ctx.AccountId,
            ModifiedAt = ctx.Now,
            ModifiedBy = ctx.AccountId,
            Members = [new EngagementMemberRecord(ctx.AccountId, ctx.Now)],
            Contexts = contexts,
        };
        await ctx.Store.InsertEngagementAsync(engagement, ct);
        Emit.EngagementCreated(ctx, engagement, ctx.AccountId);
        return new CreateEngagementResponse
        {
            Id = engagement.Id,
            Arn = Arns.Engagement(engagement.Catalog, engagement.Id),
            ModifiedAt = engagement.ModifiedAt,
        };
    }
}
