using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Settings;

/// <summary>
/// Sets the role resource snapshot jobs run as: a role name becomes a role ARN of the caller's account (spec 03 §6).
/// Putting settings without ResourceSnapshotJobRoleIdentifier clears the role (the request replaces the settings).
/// </summary>
public sealed class PutSellingSystemSettingsHandler : IOperationHandler<PutSellingSystemSettingsRequest, PutSellingSystemSettingsResponse>
{
    public async Task<PutSellingSystemSettingsResponse> HandleAsync(PutSellingSystemSettingsRequest input, OperationContext ctx, CancellationToken ct)
    {
        var role = input.ResourceSnapshotJobRoleIdentifier is { } identifier ? SellingSystemSettings.RoleArn(identifier, ctx.AccountId) : null;
        var settings = new SellingSystemSettingsRecord(ctx.AccountId, input.Catalog, role);
        await ctx.Store.PutSellingSystemSettingsAsync(settings, ct);
        return new PutSellingSystemSettingsResponse { Catalog = settings.Catalog, ResourceSnapshotJobRoleArn = settings.ResourceSnapshotJobRoleArn };
    }
}
