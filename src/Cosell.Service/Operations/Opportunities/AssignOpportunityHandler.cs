using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;

namespace Cosell.Service.Operations.Opportunities;

/// <summary>
/// Hands the opportunity to one of the account's users (spec 03 §1.3): the assignee's email must be a configured user;
/// that user's names (and phone, else the request's) replace the OpportunityOwner entry of the team, other members stay.
/// Allowed in every review status.
/// </summary>
public sealed class AssignOpportunityHandler : IOperationHandler<AssignOpportunityRequest, Unit>
{
    public async Task<Unit> HandleAsync(AssignOpportunityRequest input, OperationContext ctx, CancellationToken ct)
    {
        var opportunity = await Domain.Opportunities.LoadAsync(ctx, input.Catalog, input.Identifier, ct);
        var user = ctx.Accounts.Find(ctx.AccountId) is { } account ? AccountProfiles.FindUser(account, input.Assignee.Email) : null;
        if (user is null)
        {
            throw ApiException.Business("assignee.email", "INVALID_VALUE",
                $"{input.Assignee.Email} is not a user of Partner Central account {ctx.AccountId}.");
        }
        var owner = OpportunityTeams.OwnerContact(user, input.Assignee.Phone);
        var others = opportunity.OpportunityTeam
            .Where(c => c.BusinessTitle != OpportunityTeams.OwnerTitle && !string.Equals(c.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (others.Count + 1 > OpportunityTeams.MaxTeam)
        {
            throw ApiException.Business("assignee", "TOO_MANY_VALUES", $"The team of opportunity {opportunity.Id} already has {OpportunityTeams.MaxTeam} members.");
        }
        await Domain.Opportunities.SaveAsync(ctx, opportunity, opportunity with { OpportunityTeam = [owner, .. others] }, ct);
        return Unit.Value;
    }
}
