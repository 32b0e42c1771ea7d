using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Settings;

/// <summary>The caller's settings in the catalog; never put, they are only the Catalog (spec 06 Q13).</summary>
public sealed class GetSellingSystemSettingsHandler : IOperationHandler<GetSellingSystemSettingsRequest, GetSellingSystemSettingsResponse>
{
    public async Task<GetSellingSystemSettingsResponse> HandleAsync(GetSellingSystemSettingsRequest input, OperationContext ctx, CancellationToken ct) =>
        SellingSystemSettings.View(await SellingSystemSettings.GetAsync(ctx, input.Catalog, ct));
}
