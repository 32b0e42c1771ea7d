using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Engagements;

/// <summary>Members only: an invited partner sees the engagement's data after it accepts (spec 01 §2).</summary>
public sealed class GetEngagementHandler : IOperationHandler<GetEngagementRequest, GetEngagementResponse>
{
    public async Task<GetEngagementResponse> HandleAsync(GetEngagementRequest input, OperationContext ctx, CancellationToken ct)
    {
        var e = await EngagementAccess.LoadAsMemberAsync(ctx, input.Catalog, input.Identifier, "identifier", ct);
        return new GetEngagementResponse
        {
            Id = e.Id,
            Arn = Arns.Engagement(e.Catalog, e.Id),
            Title = e.Title,
            Description = e.Description,
            CreatedAt = e.CreatedAt,
            CreatedBy = e.CreatedBy,
            MemberCount = e.Members.Count,
            ModifiedAt = e.ModifiedAt,
            ModifiedBy = e.ModifiedBy,
            Contexts = e.Contexts,
        };
    }
}
