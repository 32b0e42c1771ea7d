using Cosell.Model;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>Pending Submission → Submitted, keeping InvolvementType and Visibility for the AWS side (spec 03 §1.3).</summary>
public sealed class SubmitOpportunityHandler : IOperationHandler<SubmitOpportunityRequest, Unit>
{
    public async Task<Unit> HandleAsync(SubmitOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.Identifier, ct);
        var submission = new AwsSubmission { InvolvementType = input.InvolvementType, Visibility = input.Visibility };
        OpportunityRules.CheckInvolvement(submission);
        await Domain.Opportunities.SubmitAsync(ctx, opportunity, submission, ct);
        return Unit.Value;
    }
}
