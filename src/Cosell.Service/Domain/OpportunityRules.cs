using System.Globalization;
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

    /// <summary>
    /// Rules every create and update must satisfy, all failures reported together. <paramref name="stored"/> is the
    /// updated opportunity (null on create): OtherIndustry is asked for when a partner selects Other, not of one already
    /// Other (an opportunity converted from a lead has the lead's industry and no OtherIndustry, and is echoed back as
    /// read); a target close date in the past, and a US StateOrRegion off AWS's list, are refused when given, not when an
    /// update echoes the stored one.
    /// <paramref name="team"/> is CreateOpportunity's OpportunityTeam (UpdateOpportunity carries none).
    /// </summary>
    public static void CheckContent(NationalSecurity? nationalSecurity, Customer? customer, Project? project, Marketing? marketing,
        SoftwareRevenue? softwareRevenue, LifeCycle? lifeCycle, DateTimeOffset now, OpportunityRecord? stored = null,
        IReadOnlyList<Contact>? team = null)
    {
        var errors = new List<FieldError>();
        if (TeamTitleError(team) is { } title)
        {
            errors.Add(title);
        }
        var storedIndustry = stored?.Customer?.Account?.Industry;
        if (PastCloseDateError(lifeCycle?.TargetCloseDate, stored?.LifeCycle.TargetCloseDate, now) is { } past)
        {
            errors.Add(past);
        }
        // The European Sovereign Cloud deals in euros only (M MonetaryValue.CurrencyCode; AWS's ExpectedCustomerSpend page).
        var euroOnly = project?.AwsPartition == AwsPartition.AwsEusc;
        if (SpendCurrencyError(project?.ExpectedCustomerSpend, "project", euroOnly) is { } spend)
        {
            errors.Add(spend);
        }
        if (ZeroSpendError(project?.ExpectedCustomerSpend, stored?.Project?.ExpectedCustomerSpend) is { } zero)
        {
            errors.Add(zero);
        }
        if (softwareRevenue?.Value is { } value && !IsAcceptedCurrency(value.CurrencyCode, euroOnly))
        {
            errors.Add(new FieldError("softwareRevenue.value.currencyCode",
                $"A software revenue value in {value.CurrencyCode} is not accepted; {AcceptedCurrencies(euroOnly)}.", "INVALID_VALUE"));
        }
        if (softwareRevenue is { EffectiveDate: { } effective, ExpirationDate: { } expiration }
            && string.CompareOrdinal(expiration, effective) < 0
            && !(effective == stored?.SoftwareRevenue?.EffectiveDate && expiration == stored?.SoftwareRevenue?.ExpirationDate))
        {
            // ACE's own refusal, as an integration vendor lists ACE's messages (its dates are validated YYYY-MM-DD, so
            // they compare as text); a contract stored so before this rule can be sent back as read.
            errors.Add(new FieldError("softwareRevenue.expirationDate", "Contract end date cannot be earlier than contract start date.", "INVALID_VALUE"));
        }
        if (customer?.Account is { } account && account.Industry == Industry.Other && string.IsNullOrEmpty(account.OtherIndustry)
            && storedIndustry != Industry.Other)
        {
            // "Conditionally mandatory if Other is selected" (M AccountSummary.Industry, of the member naming the industry).
            errors.Add(new FieldError("customer.account.otherIndustry", "OtherIndustry is required when the industry is Other.", "REQUIRED_FIELD_MISSING"));
        }
        if (UsStatesAndRegions.Error(customer?.Account?.Address, stored?.Customer?.Account?.Address) is { } state)
        {
            errors.Add(state);
        }
        if (UseCases.CustomerUseCaseError(project?.CustomerUseCase, stored?.Project?.CustomerUseCase) is { } useCase)
        {
            errors.Add(useCase);
        }
        errors.AddRange(MarketingCompanionErrors(marketing, stored?.Marketing));
        if (UseCases.MarketingUseCaseError(marketing?.UseCases, stored?.Marketing?.UseCases) is { } marketingUseCase)
        {
            errors.Add(marketingUseCase);
        }
        if (marketing is { UseCases.Count: > 0 } && marketing.AwsFundingUsed == AwsFundingUsed.No)
        {
            errors.Add(new FieldError("marketing.useCases", "UseCases must be empty when AwsFundingUsed is No.", "INVALID_VALUE"));
        }
        if (nationalSecurity == NationalSecurity.Yes && customer?.Account?.Industry != Industry.Government)
        {
            errors.Add(new FieldError("nationalSecurity", "NationalSecurity may be Yes only when the customer's industry is Government.", "INVALID_VALUE"));
        }
        if (project?.CompetitorName == CompetitorName.Other && string.IsNullOrEmpty(project.OtherCompetitorNames)
            && !(stored?.Project?.CompetitorName == CompetitorName.Other && string.IsNullOrEmpty(stored.Project.OtherCompetitorNames)))
        {
            // AWS's CRM field table: the other competitors' names are "conditionally mandatory" when the competitor is Other,
            // as OtherIndustry is for the industry Other.
            errors.Add(new FieldError("project.otherCompetitorNames", "OtherCompetitorNames is required when CompetitorName is *Other.", "REQUIRED_FIELD_MISSING"));
        }
        if (project?.OtherCompetitorNames is not null && project.CompetitorName != CompetitorName.Other
            && !(project.OtherCompetitorNames == stored?.Project?.OtherCompetitorNames && project.CompetitorName == stored?.Project?.CompetitorName))
        {
            // "Only allowed when CompetitorNames has Other selected" (M Project.OtherCompetitorNames); an opportunity
            // stored so before the rule can still be sent back as read.
            errors.Add(new FieldError("project.otherCompetitorNames", "OtherCompetitorNames may be set only when CompetitorName is *Other.", "INVALID_VALUE"));
        }
        if (lifeCycle?.Stage == Stage.ClosedLost && lifeCycle.ClosedLostReason is null
            && !(stored?.LifeCycle.Stage == Stage.ClosedLost && stored.LifeCycle.ClosedLostReason is null))
        {
            // AWS's CRM field table makes the reason mandatory "when an opportunity stage changes to Closed Lost", and a
            // public integration records the real service refusing the change without one (2026). Nor may an update
            // erase it; one stored Closed Lost without a reason before this rule can be sent back as read.
            errors.Add(new FieldError("lifeCycle.closedLostReason", "lifeCycle.closedLostReason is required when the stage changes to Closed Lost.",
                "REQUIRED_FIELD_MISSING"));
        }
        if (lifeCycle?.ClosedLostReason is not null && lifeCycle.Stage != Stage.ClosedLost)
        {
            errors.Add(new FieldError("lifeCycle.closedLostReason", "ClosedLostReason may be set only when the stage is Closed Lost.", "INVALID_VALUE"));
        }
        if (errors.Count > 0)
        {
            throw ApiException.BusinessInvalid(errors);
        }
    }

    /// <summary>
    /// A marketing campaign's details belong to an opportunity a marketing activity sourced: with Source None (or none
    /// given) each of CampaignName, Channels, UseCases and AwsFundingUsed that is set is ACTION_NOT_PERMITTED, as two
    /// public integrations record of the real service (2026) and AWS's CRM field table says ("must be null"); with
    /// Marketing Activity, AwsFundingUsed is required. An update may send back a stored block unchanged, so an
    /// opportunity saved before these rules is not locked.
    /// </summary>
    private static IEnumerable<FieldError> MarketingCompanionErrors(Marketing? marketing, Marketing? stored)
    {
        if (marketing is null || SameMarketing(marketing, stored))
        {
            yield break;
        }
        if (marketing.Source == MarketingSource.MarketingActivity)
        {
            // The CRM field table makes the funding flag "conditionally mandatory" for an opportunity a marketing activity sourced.
            if (marketing.AwsFundingUsed is null)
            {
                yield return new FieldError("marketing.awsFundingUsed",
                    "marketing.awsFundingUsed is required when Marketing.Source is Marketing Activity.", "REQUIRED_FIELD_MISSING");
            }
            yield break;
        }
        var set = new (string Field, bool Present)[]
        {
            ("campaignName", marketing.CampaignName is not null),
            ("channels", marketing.Channels is { Count: > 0 }),
            ("useCases", marketing.UseCases is { Count: > 0 }),
            ("awsFundingUsed", marketing.AwsFundingUsed is not null),
        };
        foreach (var (field, present) in set)
        {
            if (present)
            {
                yield return new FieldError("marketing." + field,
                    $"Marketing.{char.ToUpperInvariant(field[0])}{field[1..]} may be set only when Marketing.Source is Marketing Activity.", "ACTION_NOT_PERMITTED");
            }
        }
    }

    /// <summary>
    /// An expected spend of zero is refused although the model's pattern allows "0": AWS's CRM field table asks for a
    /// monthly spend "greater than 0", and a public integration records the real service refusing a zero amount (2026),
    /// so it leaves the entry out instead. An amount the stored opportunity already has may be sent back as read. The
    /// message does not repeat the amount: the model marks it sensitive.
    /// </summary>
    public static FieldError? ZeroSpendError(IReadOnlyList<ExpectedCustomerSpend>? given, IReadOnlyList<ExpectedCustomerSpend>? stored,
        string project = "project") =>
        given?.Any(s => Amounts.Value(s.Amount) <= 0 && stored?.Any(t => Amounts.Value(t.Amount) <= 0) != true) == true
            ? new FieldError(project + ".expectedCustomerSpend.amount",
                "An expected customer spend amount must be greater than 0; leave the entry out while the spend is unknown.", "INVALID_VALUE")
            : null;

    private static bool SameMarketing(Marketing given, Marketing? stored) =>
        stored is not null && given.Source == stored.Source && given.CampaignName == stored.CampaignName
        && given.AwsFundingUsed == stored.AwsFundingUsed
        && (given.Channels ?? []).SequenceEqual(stored.Channels ?? []) && (given.UseCases ?? []).SequenceEqual(stored.UseCases ?? []);

    /// <summary>
    /// The partner team's titles are roles: "BusinessTitle supports either PartnerAccountManager or OpportunityOwner"
    /// (M Contact.BusinessTitle, as used by CreateOpportunityRequest.OpportunityTeam); a CRM's job title is refused, as
    /// AWS refuses it. Customer contacts share the shape and keep free titles.
    /// </summary>
    private static FieldError? TeamTitleError(IReadOnlyList<Contact>? team) =>
        team?.FirstOrDefault(c => c.BusinessTitle is { } title && title is not (OpportunityTeams.ManagerTitle or OpportunityTeams.OwnerTitle)) is { } member
            ? new FieldError("opportunityTeam.businessTitle",
                $"BusinessTitle '{member.BusinessTitle}' is not a team role; use PartnerAccountManager or OpportunityOwner.", "INVALID_VALUE")
            : null;

    /// <summary>
    /// "Ensure the Target Close Date isn't in the past" (M LifeCycle.TargetCloseDate): a date before today (UTC) is refused
    /// as AWS refuses it, today is not. Only a date the request changes: an opportunity whose date has passed since can
    /// still be updated as read (AWS's rule for that case is not documented; refusing would lock such opportunities).
    /// </summary>
    private static FieldError? PastCloseDateError(string? given, string? stored, DateTimeOffset now)
    {
        if (given is null || given == stored
            || !DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date))
        {
            return null;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return date < today
            ? new FieldError("lifeCycle.targetCloseDate",
                $"TargetCloseDate {given} is in the past; give today ({today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) or a later date.", "INVALID_VALUE")
            : null;
    }

    /// <summary>
    /// The first spend entry in a currency the documentation does not accept (the enum lists every ISO currency; the
    /// documentation of spend and contract value accepts only USD and EUR), as an error on <paramref name="project"/>'s
    /// member, or null. Opportunities and opportunity invitations carry the same spend.
    /// </summary>
    public static FieldError? SpendCurrencyError(IEnumerable<ExpectedCustomerSpend>? spend, string project, bool euroOnly = false) =>
        spend?.FirstOrDefault(s => !IsAcceptedCurrency(s.CurrencyCode, euroOnly)) is { } refused
            ? new FieldError(project + ".expectedCustomerSpend.currencyCode",
                $"Expected customer spend in {refused.CurrencyCode} is not accepted; {AcceptedCurrencies(euroOnly)}.", "INVALID_VALUE")
            : null;

    private static bool IsAcceptedCurrency(CurrencyCode code, bool euroOnly) => code == CurrencyCode.Eur || (!euroOnly && code == CurrencyCode.Usd);

    private static string AcceptedCurrencies(bool euroOnly) => euroOnly ? "use EUR in the aws-eusc partition" : "use USD or EUR";

    /// <summary>Moving to Committed or Launched needs an associated partner solution or AWS Marketplace entity (DG:assoc).</summary>
    public static void CheckStageHasSolution(Stage? from, Stage? to, RelatedEntityIdentifiers related, bool atCreation = false)
    {
        if (to != from && (to == Stage.Committed || to == Stage.Launched) && !HasSolutionOrOffer(related))
        {
            const string What = "an associated partner solution, or an AWS Marketplace offer, offer set, solution or product";
            // At creation "associate one first" cannot be followed: AssociateOpportunity needs the opportunity to exist.
            throw ApiException.Business("lifeCycle.stage", "ACTION_NOT_PERMITTED", atCreation
                ? $"An opportunity is at {to} only with {What}, which AssociateOpportunity adds once it exists: create it at an earlier stage and associate one; once AWS approves it, UpdateOpportunity moves it to {to}."
                : $"An opportunity moves to {to} only with {What}; associate one first.");
        }
    }

    /// <summary>
    /// What an AWS-catalog submission needs as the solution offered: an associated partner solution, or an AWS Marketplace
    /// solution, which AWS's guide to associating opportunities recommends over the legacy S- solutions it means to retire
    /// (partners moved to Partner Central 3.0 have theirs in the Marketplace catalog), or, as AWS's form's "Other" choice,
    /// a description of the solution (Project.OtherSolutionDescription), which a public integration submits with in the
    /// AWS catalog ("associate at least one solution OR provide a description"). Sandbox needs none (06 Q10).
    /// </summary>
    public static bool OffersASolution(OpportunityRecord o) =>
        o.RelatedEntityIdentifiers.Solutions is { Count: > 0 } || o.RelatedEntityIdentifiers.AwsMarketplaceSolutions is { Count: > 0 }
        || !string.IsNullOrWhiteSpace(o.Project?.OtherSolutionDescription);

    /// <summary>The review statuses a submission starts from; SubmitOpportunity refuses others in the service's words.</summary>
    public static bool Submittable(ReviewStatus status) =>
        status == ReviewStatus.PendingSubmission || status == ReviewStatus.ActionRequired;

    public static string NotSubmittableMessage(OpportunityRecord o) =>
        $"Only Pending Submission or action required opportunities can be submitted (opportunity {o.Id} is {o.ReviewStatus}).";

    public static string ClosedLostMessage(string opportunityId) =>
        $"Opportunity {opportunityId} is Closed Lost and cannot be submitted.";

    public static string NoSolutionMessage(string opportunityId) =>
        $"Opportunity {opportunityId} offers no solution; associate a partner solution or an AWS Marketplace solution with AssociateOpportunity, or describe it in Project.OtherSolutionDescription, before submitting.";

    public static bool HasSolutionOrOffer(RelatedEntityIdentifiers related) =>
        related.Solutions is { Count: > 0 } || related.AwsMarketplaceOffers is { Count: > 0 } || related.AwsMarketplaceOfferSets is { Count: > 0 }
        || related.AwsMarketplaceSolutions is { Count: > 0 } || related.AwsMarketplaceProducts is { Count: > 0 };

    /// <summary>
    /// Limited visibility goes with For Visibility Only: the real service refuses a Co-Sell submission with Limited
    /// visibility up front, its answer naming primaryNeedsFromAws (a public HubSpot integration quotes it for
    /// StartEngagementFromOpportunityTask, Sandbox, 2026). Checked on the request, before the opportunity's state.
    /// </summary>
    public static void CheckInvolvement(AwsSubmission submission)
    {
        if (submission.InvolvementType == SalesInvolvementType.CoSell && submission.Visibility == Visibility.Limited)
        {
            throw ApiException.Business("primaryNeedsFromAws", "ACTION_NOT_PERMITTED",
                "Cannot set visibility to limited on a Co-Sell opportunity: submit it with Visibility Full, or with InvolvementType For Visibility Only.");
        }
    }

    /// <summary>
    /// Only a Pending Submission or Action Required opportunity can be submitted (<see cref="Submittable"/>: the real
    /// service's refusal says so, as a public integration quotes it, 2026; spec 03 had inferred Pending Submission
    /// only), and not at Closed Lost (spec 03 §1.2; real Sandbox submissions at Prospect succeeded, so no other stage
    /// rule). In the AWS catalog it must offer a solution (<see cref="OffersASolution"/>); Sandbox accepts submissions
    /// without one (spec 06 Q10). It must carry what AWS receives (<see cref="MissingForSubmission"/>).
    /// StartEngagementFromOpportunityTask checks the same, as FAILED tasks.
    /// </summary>
    public static void CheckSubmittable(OpportunityRecord opportunity)
    {
        if (!Submittable(opportunity.ReviewStatus))
        {
            throw ApiException.Business("identifier", "INVALID_RESOURCE_STATE", NotSubmittableMessage(opportunity));
        }
        if (opportunity.LifeCycle.Stage == Stage.ClosedLost)
        {
            throw ApiException.Business("identifier", "ACTION_NOT_PERMITTED", ClosedLostMessage(opportunity.Id));
        }
        if (opportunity.Catalog == "AWS" && !OffersASolution(opportunity))
        {
            throw ApiException.Business("identifier", "ACTION_NOT_PERMITTED", NoSolutionMessage(opportunity.Id));
        }
        // SubmitOpportunity sends no invitation, so national security's exemptions hold: from a website (the model's
        // documentation) and from a company name (AWS's CRM field table, Opportunity-Fields.csv: AWS redacts both).
        ThrowIfIncomplete(MissingForSubmission(opportunity, nationalSecurity: opportunity.NationalSecurity == NationalSecurity.Yes),
            $"Opportunity {opportunity.Id}", "set it with UpdateOpportunity");
    }

    /// <summary>
    /// What a submission needs: <see cref="MissingForAws"/>, and at least one sales activity. A public integration quotes
    /// the real service refusing a submission with "project.salesActivities is required" (2026) although CreateOpportunity
    /// leaves the member optional; a simulated AWS referral does not need it, as AWS, not the partner, shares it. An
    /// Action Required opportunity passed a submission already and cannot edit the member, so it is not asked of one
    /// (one stored before this rule would otherwise be stuck).
    /// </summary>
    public static IReadOnlyList<(string Field, string Name)> MissingForSubmission(OpportunityRecord o, bool nationalSecurity = false)
    {
        var missing = MissingForAws(o.Customer, o.Project, nationalSecurity);
        return o.Project?.SalesActivities is { Count: > 0 } || o.ReviewStatus == ReviewStatus.ActionRequired
            ? missing
            : [.. missing, (SalesActivitiesField, "at least one entry in Project.SalesActivities")];
    }

    /// <summary>
    /// What an opportunity shared with AWS (a submission, a simulated AWS referral) must carry, as (field, name) pairs:
    /// what an invitation carrying it requires (M EngagementCustomer, ProjectDetails; spec 02 §4 row 1), which
    /// CreateOpportunity leaves optional, and what the model's documentation calls required (Account.Industry;
    /// Account.WebsiteUrl), except that national security (<paramref name="nationalSecurity"/>, where no invitation is
    /// sent) needs neither a website nor a company name.
    /// CustomerBusinessProblem has the invitation's 20-2000 characters in the model already, so presence is enough for
    /// it; CompanyName and Title may be "" in an opportunity but not in an invitation.
    /// </summary>
    public static IReadOnlyList<(string Field, string Name)> MissingForAws(Customer? customer, Project? project, bool nationalSecurity = false)
    {
        var account = customer?.Account;
        var missing = new List<(string, string)>();
        void Require(bool present, string field, string name)
        {
            if (!present)
            {
                missing.Add((field, name));
            }
        }
        Require(!string.IsNullOrEmpty(account?.CompanyName) || nationalSecurity, "customer.account.companyName", "the customer's CompanyName");
        Require(account?.Industry is not null, "customer.account.industry", "the customer's Industry");
        Require(account?.WebsiteUrl is not null || nationalSecurity, "customer.account.websiteUrl", "the customer's WebsiteUrl");
        Require(account?.Address?.CountryCode is not null, "customer.account.address.countryCode", "the customer's CountryCode");
        Require(!string.IsNullOrEmpty(project?.Title), "project.title", "a project Title");
        Require(project?.CustomerBusinessProblem is not null, "project.customerBusinessProblem", "a CustomerBusinessProblem");
        return missing;
    }

    public const string SalesActivitiesField = "project.salesActivities";

    /// <summary>The real service's words for a submission without a sales activity, as public integrations quote them.</summary>
    public const string SalesActivitiesRequired = SalesActivitiesField + " is required";

    /// <summary>
    /// The one message of a FAILED task for what <see cref="MissingForSubmission"/> found: the members in one sentence,
    /// then a missing sales activity in the real task's words, as a public integration records them.
    /// </summary>
    public static string IncompleteMessage(string opportunityId, IReadOnlyList<(string Field, string Name)> missing)
    {
        var others = missing.Where(m => m.Field != SalesActivitiesField).Select(m => m.Name).ToList();
        var parts = new List<string>();
        if (others.Count > 0)
        {
            var listing = others.Count == 1 ? others[0] : string.Join(", ", others[..^1]) + " and " + others[^1];
            parts.Add($"Opportunity {opportunityId} cannot be submitted without {listing}, which AWS requires; set {(others.Count == 1 ? "it" : "them")} with UpdateOpportunity and retry.");
        }
        if (others.Count < missing.Count)
        {
            parts.Add(SalesActivitiesRequired);
        }
        return string.Join(" ", parts);
    }

    /// <summary>
    /// BUSINESS_VALIDATION_FAILED with one REQUIRED_FIELD_MISSING per member <see cref="MissingForSubmission"/> found; the
    /// sales activities in the real service's words, as a public integration quotes them.
    /// </summary>
    public static void ThrowIfIncomplete(IReadOnlyList<(string Field, string Name)> missing, string subject, string fix)
    {
        if (missing.Count > 0)
        {
            var errors = missing.Select(m => new FieldError(m.Field,
                m.Field == SalesActivitiesField ? SalesActivitiesRequired : $"{subject} needs {m.Name}, which AWS requires; {fix}.",
                "REQUIRED_FIELD_MISSING")).ToList();
            throw ApiException.BusinessInvalid(errors);
        }
    }
}
