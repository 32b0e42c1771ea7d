using Cosell.Model;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>Selling-system settings (spec 03 §6): today only the role resource snapshot jobs run as.</summary>
public static class SellingSystemSettings
{
    /// <summary>
    /// The model accepts a role name or a role ARN; a bare name means a role of the caller's own account
    /// (<c>arn:aws:iam::{caller}:role/{name}</c>, inferred). Whether the role exists and trusts the service cannot be
    /// checked here, so any well-formed value is accepted.
    /// </summary>
    public static string RoleArn(string identifier, string accountId) =>
        identifier.StartsWith("arn:", StringComparison.Ordinal) ? identifier : $"arn:aws:iam::{accountId}:role/{identifier}";

    public static async Task<SellingSystemSettingsRecord> GetAsync(OperationContext ctx, string catalog, CancellationToken ct) =>
        await ctx.Store.GetSellingSystemSettingsAsync(ctx.AccountId, catalog, ct) ?? new SellingSystemSettingsRecord(ctx.AccountId, catalog, null);

    public static GetSellingSystemSettingsResponse View(SellingSystemSettingsRecord s) =>
        new() { Catalog = s.Catalog, ResourceSnapshotJobRoleArn = s.ResourceSnapshotJobRoleArn };
}
