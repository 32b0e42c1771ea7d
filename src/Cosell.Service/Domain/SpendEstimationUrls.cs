using Cosell.Model;
using Cosell.Model.Smithy;

namespace Cosell.Service.Domain;

/// <summary>
/// A spend entry's EstimationUrl must be an AWS Pricing Calculator estimate, but one next to an Amount that is not is
/// dropped without an error (spec 03 §1.3, DG:deal): the amount stands on its own. Request validation waives the
/// model's pattern for such an entry (ValidationPlanBuilder's pattern waivers) and refuses the URL of an entry without
/// an Amount; this drops the URLs it let through from opportunities. An opportunity invitation's payload keeps them as
/// sent: a real one showed "www.amazon.com" next to its Amount (aws-samples' Postman collection, the receiving partner's
/// GetEngagementInvitation); the receiver's opportunity made from it drops them.
/// </summary>
public static class SpendEstimationUrls
{
    private static readonly SmithyPattern Valid = ModelPatterns.Of("EstimationUrl");

    /// <summary>The project with invalid URLs dropped; the same instance when nothing changes.</summary>
    public static Project? Apply(Project? project) =>
        project?.ExpectedCustomerSpend is { Count: > 0 } spend && Apply(spend) is var kept && !ReferenceEquals(kept, spend)
            ? project with { ExpectedCustomerSpend = kept }
            : project;

    /// <summary>The entries with invalid URLs dropped (the same list when there are none).</summary>
    public static IReadOnlyList<ExpectedCustomerSpend> Apply(IReadOnlyList<ExpectedCustomerSpend> spend)
    {
        // Every opportunity created, updated or made from an invitation passes here: nothing is allocated when all URLs are valid.
        var drop = false;
        foreach (var s in spend)
        {
            drop |= IsInvalid(s);
        }
        return drop ? [.. spend.Select(s => IsInvalid(s) ? s with { EstimationUrl = null } : s)] : spend;
    }

    private static bool IsInvalid(ExpectedCustomerSpend s) => s.EstimationUrl is { } url && !Valid.IsMatch(url);
}
