using Cosell.Model;
using Cosell.Service.Domain;

namespace Cosell.Storage.Tests;

/// <summary>Records for the contract tests; timestamps carry sub-millisecond ticks on purpose.</summary>
internal static class TestData
{
    public const string Aws = "AWS";
    public const string Sandbox = "Sandbox";

    /// <summary>2025-03-14T09:26:53.5358979Z: seven fractional digits, so a lossy store shows.</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_358_979);

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static EngagementRecord Engagement(
        string id,
        string createdBy,
        DateTimeOffset createdAt,
        string[]? members = null,
        string[]? contextTypes = null,
        string catalog = Aws) =>
        new()
        {
            Catalog = catalog,
            Id = id,
            Title = $"Engagement {id}",
            Description = $"Description of {id}",
            CreatedAt = createdAt,
            CreatedBy = createdBy,
            ModifiedAt = createdAt,
            ModifiedBy = createdBy,
            Members = [.. (members ?? [createdBy]).Select((m, i) => new EngagementMemberRecord(m, createdAt.AddSeconds(i)))],
            Contexts = [.. (contextTypes ?? []).Select((t, i) => new EngagementContextDetails
            {
                Id = $"c-{id}-{i}",
                Type = new EngagementContextType(t),
                Payload = t == "Lead" ? new EngagementContextPayload { Lead = LeadContext() } : CustomerProjectPayload(),
            })],
        };

    public static LeadContext LeadContext() => new()
    {
        QualificationStatus = "Qualified",
        Customer = new LeadCustomer
        {
            Industry = "Software and Internet",
            CompanyName = "Example Corp",
            WebsiteUrl = "https://example.com",
            Address = new LeadAddress
            {
                City = "Zürich",
                PostalCode = "8001",
                StateOrRegion = "ZH",
                CountryCode = "CH",
            },
            AwsMaturity = "Advanced",
            MarketSegment = "Enterprise",
        },
        Interactions =
        [
            new LeadInteraction
            {
                SourceType = "Event",
                SourceId = "evt-1",
                SourceName = "re:Invent \"2024\" \u2013 booth",
                Usecase = "Migration",
                InteractionDate = T0.AddTicks(-1),
                CustomerAction = "Requested a call",
                BusinessProblem = "Legacy data centre",
                Contact = new LeadContact
                {
                    BusinessTitle = "CTO",
                    Email = "cto@example.com",
                    FirstName = "Ada",
                    LastName = "Lovelace",
                    Phone = "+41000000000",
                },
            },
        ],
    };

    private static EngagementContextPayload CustomerProjectPayload() => new()
    {
        CustomerProject = new CustomerProjectsContext
        {
            Customer = new EngagementCustomer
            {
                Industry = new Industry("Healthcare"),
                CompanyName = "Hospital",
                WebsiteUrl = "https://hospital.example",
                CountryCode = new CountryCode("US"),
            },
            Project = new EngagementCustomerProjectDetails
            {
                Title = "Imaging",
                BusinessProblem = "Storage costs",
                TargetCompletionDate = "2026-01-31",
            },
        },
    };

    public static InvitationRecord Invitation(
        string id,
        string engagementId,
        string sender,
        string receiver,
        DateTimeOffset invitationDate,
        string payloadType = "OpportunityInvitation",
        string status = "PENDING",
        DateTimeOffset? expirationDate = null,
        string catalog = Aws) =>
        new()
        {
            Catalog = catalog,
            Id = id,
            EngagementId = engagementId,
            SenderAccountId = sender,
            SenderCompanyName = $"Company {sender}",
            ReceiverAccountId = receiver,
            Receiver = new Receiver { Account = new AccountReceiver { AwsAccountId = receiver, Alias = $"alias-{receiver}" } },
            PayloadType = new EngagementInvitationPayloadType(payloadType),
            Payload = payloadType == "LeadInvitation" ? LeadPayload() : OpportunityPayload(),
            Message = $"Please join {engagementId}",
            Status = new InvitationStatus(status),
            InvitationDate = invitationDate,
            ExpirationDate = expirationDate ?? invitationDate.AddDays(15),
        };

    private static Payload LeadPayload() => new()
    {
        LeadInvitation = new LeadInvitationPayload
        {
            Customer = new LeadInvitationCustomer
            {
                Industry = "Retail",
                CompanyName = "Shop",
                CountryCode = "DE",
                MarketSegment = "Small",
            },
            Interaction = new LeadInvitationInteraction
            {
                SourceType = "Web",
                SourceId = "form-7",
                SourceName = "Contact form",
                ContactBusinessTitle = "Buyer",
            },
        },
    };

    private static Payload OpportunityPayload() => new()
    {
        OpportunityInvitation = new OpportunityInvitationPayload
        {
            SenderContacts = [new SenderContact { Email = "seller@example.com", FirstName = "Sam" }],
            ReceiverResponsibilities = [new ReceiverResponsibility("Reseller")],
            Customer = new EngagementCustomer
            {
                Industry = new Industry("Financial Services"),
                CompanyName = "Bank",
                WebsiteUrl = "https://bank.example",
                CountryCode = new CountryCode("GB"),
            },
            Project = new ProjectDetails
            {
                BusinessProblem = "Fraud detection at scale",
                Title = "Fraud ML",
                TargetCompletionDate = "2025-12-31",
                ExpectedCustomerSpend =
                [
                    new ExpectedCustomerSpend
                    {
                        Amount = "1000.50",
                        CurrencyCode = new CurrencyCode("USD"),
                        Frequency = new PaymentFrequency("Monthly"),
                        TargetCompany = "AWS",
                    },
                ],
            },
        },
    };

    public static AccountRecord Account(string accountId, params string[] keyIds) => new()
    {
        AccountId = accountId,
        CompanyName = $"Company {accountId}",
        WebsiteUrl = $"https://{accountId}.example",
        AccessKeys = [.. keyIds.Select(k => new AccessKeyRecord(k, $"secret-{k}"))],
    };

    public static ResourceSnapshotRecord Snapshot(
        string engagement, string opportunity, int revision, string createdBy = "A", string template = "OpportunitySummaryView",
        bool ownerOnly = false, string catalog = Aws, string nextSteps = "Kick-off") =>
        new()
        {
            Catalog = catalog,
            EngagementId = engagement,
            ResourceType = "Opportunity",
            ResourceId = opportunity,
            TemplateName = template,
            Revision = revision,
            CreatedBy = createdBy,
            CreatedAt = T0.AddMinutes(revision),
            Payload = new ResourceSnapshotPayload
            {
                OpportunitySummary = new OpportunitySummaryView
                {
                    Lifecycle = new LifeCycleForView { NextSteps = nextSteps, Stage = Stage.Qualified },
                    Customer = new Customer { Account = new Account { CompanyName = "Zürich Ünïcode AG" } },
                },
            },
            TargetMemberAccounts = ownerOnly ? [createdBy] : [createdBy, "B", "aws"],
            OwnerOnly = ownerOnly,
        };
}
