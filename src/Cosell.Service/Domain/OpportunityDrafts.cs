using System.Globalization;
using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>How the tasks turn engagement data into a partner's opportunity (observed mappings of spec 02 §8 and 03 §1.3).</summary>
public static class OpportunityDrafts
{
    /// <summary>A new lead-converted opportunity closes 90 days after its creation (one observation, spec 03 §1.3).</summary>
    public static readonly TimeSpan LeadCloseHorizon = TimeSpan.FromDays(90);

    public const string LeadProjectTitle = "Converted from Lead";

    /// <summary>The receiver's opportunity from an OpportunityInvitation: the invitation's data, not the sender's opportunity.</summary>
    public static OpportunityDraft FromInvitation(OpportunityInvitationPayload payload, AccountRecord? receiver, string engagementId, IReadOnlyList<Tag>? tags)
    {
        return new OpportunityDraft
        {
            Origin = OpportunityOrigin.PartnerReferral,
            NationalSecurity = NationalSecurity.No,
            OpportunityType = OpportunityType.NetNewBusiness,
            Marketing = new Marketing { Source = MarketingSource.None },
            Customer = new Customer
            {
                Account = new Account
                {
                    CompanyName = payload.Customer.CompanyName,
                    Industry = payload.Customer.Industry,
                    WebsiteUrl = payload.Customer.WebsiteUrl,
                    Address = new Address { CountryCode = payload.Customer.CountryCode },
                },
                Contacts = [],
            },
            Project = new Project
            {
                Title = payload.Project.Title,
                CustomerBusinessProblem = payload.Project.BusinessProblem,
                // The invitation keeps an EstimationUrl as sent (a real invitation showed "www.amazon.com"); the
                // opportunity made from it holds only estimates, as any opportunity does (SpendEstimationUrls), and
                // its amounts as numbers: the real receiver's opportunity read "10000" where the invitation said
                // "10000.00" (AWS's Postman samples).
                ExpectedCustomerSpend = [.. SpendEstimationUrls.Apply(payload.Project.ExpectedCustomerSpend)
                    .Select(s => s with { Amount = PlainAmount(s.Amount) })],
            },
            LifeCycle = new LifeCycle { Stage = Stage.Prospect, TargetCloseDate = payload.Project.TargetCompletionDate },
            OpportunityTeam = OpportunityTeams.WithOwner([], receiver),
            Tags = tags,
            EngagementId = engagementId,
        };
    }

    /// <summary>An amount without the zeros that end its fraction ("10000.00" → "10000", "12.50" → "12.5").</summary>
    public static string? PlainAmount(string? amount) =>
        amount is not null && amount.Contains('.', StringComparison.Ordinal) ? amount.TrimEnd('0').TrimEnd('.') : amount;

    /// <summary>The draft opportunity StartOpportunityFromEngagementTask makes from a Lead context (AWS sample, step 5 and 8).</summary>
    public static OpportunityDraft FromLead(
        LeadContext lead, AccountRecord? account, string engagementId, DateTimeOffset now, IReadOnlyList<Tag>? tags) => new()
    {
        Origin = OpportunityOrigin.PartnerReferral,
        NationalSecurity = NationalSecurity.No,
        OpportunityType = OpportunityType.NetNewBusiness,
        Marketing = new Marketing { Source = MarketingSource.None },
        Customer = new Customer
        {
            Account = new Account
            {
                CompanyName = lead.Customer.CompanyName,
                Industry = LeadCustomers.Industry(lead.Customer.Industry),
                OtherIndustry = LeadCustomers.OtherIndustry(lead.Customer.Industry),
                WebsiteUrl = LeadCustomers.Website(lead.Customer.WebsiteUrl),
                Address = LeadCustomers.Country(lead.Customer.Address?.CountryCode) is { } country ? new Address { CountryCode = country } : null,
            },
            Contacts = [],
        },
        Project = new Project
        {
            Title = LeadProjectTitle,
            CustomerBusinessProblem = BusinessProblemOf(lead),
            ExpectedCustomerSpend = [],
        },
        LifeCycle = new LifeCycle { Stage = Stage.Prospect, TargetCloseDate = Date(now + LeadCloseHorizon) },
        // The account's owner, as a Sandbox conversion in AWS's Postman samples (Dec 2025) reads back; an earlier one in
        // the AWS catalog (the sample's step 8, Nov 2025) had an empty team.
        OpportunityTeam = OpportunityTeams.WithOwner([], account),
        Tags = tags,
        EngagementId = engagementId,
    };

    /// <summary>The CustomerProject context a conversion adds to the lead engagement; members the lead lacks are left out.</summary>
    public static CustomerProjectsContext CustomerProjectFromLead(LeadContext lead, DateTimeOffset now) => new()
    {
        Customer = LeadCustomers.Industry(lead.Customer.Industry) is { } industry
                && LeadCustomers.CompanyWebsite(lead.Customer.WebsiteUrl) is { } website
                && LeadCustomers.Country(lead.Customer.Address?.CountryCode) is { } country
            ? new EngagementCustomer { Industry = industry, CompanyName = lead.Customer.CompanyName, WebsiteUrl = website, CountryCode = country }
            : null,
        Project = new EngagementCustomerProjectDetails
        {
            Title = LeadProjectTitle,
            BusinessProblem = BusinessProblemOf(lead) ?? $"Lead from {lead.Customer.CompanyName} converted to an opportunity.",
            TargetCompletionDate = Date(now + LeadCloseHorizon),
        },
    };

    /// <summary>The CustomerProject context of an engagement made for an opportunity (StartEngagementFromOpportunityTask).</summary>
    public static CustomerProjectsContext CustomerProjectFromOpportunity(OpportunityRecord o, DateTimeOffset now)
    {
        var account = o.Customer?.Account;
        return new CustomerProjectsContext
        {
            Customer = account is { Industry: { } industry, Address.CountryCode: { } country }
                    && LeadCustomers.CompanyWebsite(account.WebsiteUrl) is { } website
                ? new EngagementCustomer { Industry = industry, CompanyName = account.CompanyName, WebsiteUrl = website, CountryCode = country }
                : null,
            Project = o.Project?.Title is { } title && o.Project.CustomerBusinessProblem is { } problem
                ? new EngagementCustomerProjectDetails
                {
                    Title = title,
                    BusinessProblem = problem,
                    TargetCompletionDate = o.LifeCycle.TargetCloseDate ?? Date(now + LeadCloseHorizon),
                }
                : null,
        };
    }

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? BusinessProblemOf(LeadContext lead)
    {
        foreach (var interaction in lead.Interactions)
        {
            if (LeadCustomers.BusinessProblem(interaction.BusinessProblem) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }
}
