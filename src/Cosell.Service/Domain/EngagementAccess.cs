using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>Loading an engagement for a caller: unknown → ResourceNotFound, known but not a member → AccessDenied (spec 06 Q3).</summary>
public static class EngagementAccess
{
    public static async Task<EngagementRecord> LoadAsync(
        OperationContext ctx, string catalog, string identifier, string fieldName, CancellationToken ct)
    {
        var id = Arns.ResolveId(identifier, catalog, "engagement", fieldName);
        return await ctx.Store.GetEngagementAsync(catalog, id, ct)
            ?? throw ApiException.NotFound($"Engagement {id} was not found in catalog {catalog}.");
    }

    public static async Task<EngagementRecord> LoadAsMemberAsync(
        OperationContext ctx, string catalog, string identifier, string fieldName, CancellationToken ct)
    {
        var engagement = await LoadAsync(ctx, catalog, identifier, fieldName, ct);
        if (!engagement.IsMember(ctx.AccountId))
        {
            throw ApiException.AccessDenied($"Account {ctx.AccountId} is not a member of engagement {engagement.Id}.");
        }
        return engagement;
    }
}
