using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Smithy;

namespace Cosell.Service.Domain;

/// <summary>
/// A spend entry's EstimationUrl must be an AWS Pricing Calculator estimate, but one next to an Amount that is not is
/// dropped without an error (spec 03 §1.3, DG:deal): the amount stands on its own. Only an entry with no Amount is
/// refused for it, as the model's pattern would. Model patch 009 takes the pattern out of request validation so that
/// this rule can see the Amount.
/// </summary>
public static class SpendEstimationUrls
{
    /// <summary>The vendored model's pattern for EstimationUrl (the integration tests compare the refusal's wording with it).</summary>
    public const string Pattern = @"^https://(calculator\.aws|pricing\.calculator\.aws\.eu)/#/estimate\?id=[a-f0-9]{32,64}$";

    // Evaluated as the request validator evaluated it before patch 009 (ECMAScript's $: no final newline).
    private static readonly SmithyPattern Valid = SmithyPattern.Compile(Pattern);

    /// <summary>The project with invalid URLs next to an amount dropped; the same instance when nothing changes.</summary>
    public static Project? Apply(Project? project, string path) =>
        project?.ExpectedCustomerSpend is { Count: > 0 } spend && Apply(spend, path) is var kept && !ReferenceEquals(kept, spend)
            ? project with { ExpectedCustomerSpend = kept }
            : project;

    /// <summary>
    /// The entries with invalid URLs next to an amount dropped (the same list when there are none); an invalid URL in
    /// an entry without an Amount is a REQUEST_VALIDATION_FAILED on <paramref name="path"/>'s spend.
    /// </summary>
    public static IReadOnlyList<ExpectedCustomerSpend> Apply(IReadOnlyList<ExpectedCustomerSpend> spend, string path)
    {
        // Every CreateEngagementInvitation of an opportunity passes here: nothing is allocated when all URLs are valid.
        var drop = false;
        foreach (var s in spend)
        {
            if (IsInvalid(s))
            {
                if (string.IsNullOrEmpty(s.Amount))
                {
                    throw ApiException.RequestInvalid(path + ".expectedCustomerSpend.estimationUrl", FieldError.PatternConstraint(Pattern), "INVALID_STRING_FORMAT");
                }
                drop = true;
            }
        }
        return drop ? [.. spend.Select(s => IsInvalid(s) ? s with { EstimationUrl = null } : s)] : spend;
    }

    private static bool IsInvalid(ExpectedCustomerSpend s) => s.EstimationUrl is { } url && !Valid.IsMatch(url);
}
