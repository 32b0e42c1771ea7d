using Cosell.Model;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>Business rules on opportunity content and submission (spec 03 §1.2–1.3). Failures are BUSINESS_VALIDATION_FAILED.</summary>
public static class OpportunityRules
{
    /// <summary>Origin must be Partner Referral in the AWS catalog; Sandbox may simulate an AWS referral (M CreateOpportunityRequest.Origin).</summary>
    public static void CheckOrigin(string catalog, OpportunityOrigin? origin)
    {
        if (catalog == "AWS" && origin == OpportunityOrigin.AwsReferral)
        {
            throw ApiException.Business("origin", "ACTION_NOT_PERMITTED",
                "In the AWS catalog partners create opportunities with Origin Partner Referral only; AWS Referral can be simulated in Sandbox.");
        }
    }

    /// <summary>Rules every create and update must satisfy, all failures reported together.</summary>
    public static void CheckContent(
        NationalSecurity? nationalSecurity, Customer? customer, Project? project, SoftwareRevenue? softwareRevenue, LifeCycle? lifeCycle)
    {
        var errors = new List<FieldError>();
        if (SpendCurrencyError(project?.ExpectedCustomerSpend, "project") is { } spend)
        {
            errors.Add(spend);
        }
        if (softwareRevenue?.Value is { } value && !IsAcceptedCurrency(value.CurrencyCode))
        {
            errors.Add(new FieldError("softwareRevenue.value.currencyCode",
                $"A software revenue value in {value.CurrencyCode} is not accepted; use USD or EUR.", "INVALID_VALUE"));
        }
        if (nationalSecurity == NationalSecurity.Yes && customer?.Account?.Industry != Industry.Government)
        {
            errors.Add(new FieldError("nationalSecurity", "NationalSecurity may be Yes only when the customer's industry is Government.", "INVALID_VALUE"));
        }
        if (lifeCycle?.ClosedLostReason is not null && lifeCycle.Stage != Stage.ClosedLost)
        {
            errors.Add(new FieldError("lifeCycle.closedLostReason", "ClosedLostReason may be set only when the stage is Closed Lost.", "INVALID_VALUE"));
        }
        if (errors.Count > 0)
        {
            throw ApiException.Validation(ApiException.BusinessValidationFailed, errors[0].Message, errors);
        }
    }

    /// <summary>
    /// The first spend entry in a currency the documentation does not accept (the enum lists every ISO currency; the
    /// documentation of spend and contract value accepts only USD and EUR), as an error on <paramref name="project"/>'s
    /// member, or null. Opportunities and opportunity invitations carry the same spend.
    /// </summary>
    public static FieldError? SpendCurrencyError(IEnumerable<ExpectedCustomerSpend>? spend, string project) =>
        spend?.FirstOrDefault(s => !IsAcceptedCurrency(s.CurrencyCode)) is { } refused
            ? new FieldError(project + ".expectedCustomerSpend.currencyCode",
                $"Expected customer spend in {refused.CurrencyCode} is not accepted; use USD or EUR.", "INVALID_VALUE")
            : null;

    private static bool IsAcceptedCurrency(CurrencyCode code) => code == CurrencyCode.Usd || code == CurrencyCode.Eur;

    /// <summary>Moving to Committed or Launched needs an associated solution or AWS Marketplace offer (DG:assoc).</summary>
    public static void CheckStageHasSolution(Stage? from, Stage? to, RelatedEntityIdentifiers related)
    {
        if (to != from && (to == Stage.Committed || to == Stage.Launched) && !HasSolutionOrOffer(related))
        {
            throw ApiException.Business("lifeCycle.stage", "ACTION_NOT_PERMITTED",
                $"An opportunity moves to {to} only with an associated solution or AWS Marketplace offer; associate one first.");
        }
    }

    public static bool HasSolutionOrOffer(RelatedEntityIdentifiers related) =>
        related.Solutions is { Count: > 0 } || related.AwsMarketplaceOffers is { Count: > 0 } || related.AwsMarketplaceOfferSets is { Count: > 0 }
        || related.AwsMarketplaceSolutions is { Count: > 0 } || related.AwsMarketplaceProducts is { Count: > 0 };

    /// <summary>
    /// Only a Pending Submission opportunity can be submitted, and not at Closed Lost (spec 03 §1.2; real Sandbox
    /// submissions at Prospect succeeded, so no other stage rule). In the AWS catalog at least one solution must be
    /// associated; Sandbox accepts submissions without one (spec 06 Q10).
    /// </summary>
    public static void CheckSubmittable(OpportunityRecord opportunity)
    {
        if (opportunity.ReviewStatus != ReviewStatus.PendingSubmission)
        {
            throw ApiException.Business("identifier", "INVALID_RESOURCE_STATE",
                $"Opportunity {opportunity.Id} is {opportunity.ReviewStatus}; only a Pending Submission opportunity can be submitted.");
        }
        if (opportunity.LifeCycle.Stage == Stage.ClosedLost)
        {
            throw ApiException.Business("identifier", "ACTION_NOT_PERMITTED",
                $"Opportunity {opportunity.Id} is Closed Lost and cannot be submitted.");
        }
        if (opportunity.Catalog == "AWS" && opportunity.RelatedEntityIdentifiers.Solutions is not { Count: > 0 })
        {
            throw ApiException.Business("identifier", "ACTION_NOT_PERMITTED",
                $"Opportunity {opportunity.Id} has no associated solution; associate one with AssociateOpportunity before submitting.");
        }
    }
}
