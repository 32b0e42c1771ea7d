using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Ports;
using Xunit;
using static Cosell.Storage.Tests.TestData;

namespace Cosell.Storage.Tests;

public abstract partial class StoreContract
{
    private static OpportunityRecord Opportunity(
        long number,
        string owner = "A",
        DateTimeOffset? modified = null,
        DateTimeOffset? created = null,
        string stage = "Prospect",
        string status = "Pending Submission",
        string? company = "Example Corp",
        string? targetClose = "2026-06-30",
        bool hidden = false,
        string? engagementId = null,
        string catalog = Aws) =>
        new()
        {
            Catalog = catalog,
            Id = "O" + number,
            OwnerAccountId = owner,
            Origin = OpportunityOrigin.PartnerReferral,
            Customer = company is null ? null : new Customer { Account = new Account { CompanyName = company } },
            LifeCycle = new LifeCycle
            {
                Stage = new Stage(stage),
                ReviewStatus = new ReviewStatus(status),
                TargetCloseDate = targetClose,
            },
            RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities,
            CreatedDate = created ?? modified ?? T0,
            LastModifiedDate = modified ?? T0,
            Hidden = hidden,
            EngagementId = engagementId,
        };

    private static OpportunityQuery Owned(
        string owner = "A",
        IReadOnlyList<string>? ids = null,
        IReadOnlyList<string>? stages = null,
        IReadOnlyList<string>? statuses = null,
        IReadOnlyList<string>? names = null,
        DateTimeOffset? modifiedFrom = null,
        DateTimeOffset? modifiedBefore = null,
        DateTimeOffset? createdFrom = null,
        DateTimeOffset? createdBefore = null,
        string? closeFrom = null,
        string? closeBefore = null,
        OpportunitySortKey sortBy = OpportunitySortKey.LastModifiedDate,
        bool ascending = true,
        OpportunityPosition? after = null,
        int limit = 100,
        string catalog = Aws) =>
        new(catalog, owner, ids, stages, statuses, names, modifiedFrom, modifiedBefore, createdFrom, createdBefore,
            closeFrom, closeBefore, sortBy, ascending, after, limit);

    private Task InsertAsync(params OpportunityRecord[] opportunities) => WriteAsync(async s =>
    {
        foreach (var o in opportunities)
        {
            await s.InsertOpportunityAsync(o, Ct);
        }
    });

    private Task<OpportunityRecord?> GetOpportunityAsync(string catalog, string owner, string id) =>
        ReadAsync(s => s.GetOpportunityAsync(catalog, owner, id, Ct));

    private async Task<List<string>> ListIdsAsync(OpportunityQuery query) =>
        [.. (await ReadAsync(s => s.ListOpportunitiesAsync(query, Ct))).Items.Select(o => o.Id)];

    private static OpportunityRecord FullOpportunity() => Opportunity(5_000_042, "111111111111", T0.AddTicks(7), T0) with
    {
        PrimaryNeedsFromAws = [new PrimaryNeedFromAws("Co-Sell - Technical Consultation")],
        NationalSecurity = NationalSecurity.No,
        PartnerOpportunityIdentifier = "CRM-42 \"quoted\" ✓",
        Customer = new Customer
        {
            Account = new Account
            {
                CompanyName = "Zürich Data AG",
                Industry = new Industry("Financial Services"),
                WebsiteUrl = "https://zuerich.example.com",
                Address = new Address { City = "Zürich", CountryCode = new CountryCode("CH"), PostalCode = "8001" },
                Duns = "123456789",
            },
            Contacts = [new Contact { Email = "cfo@zuerich.example.com", FirstName = "Ada", LastName = "Lovelace", BusinessTitle = "CFO" }],
        },
        Project = new Project
        {
            Title = "Core banking analytics",
            CustomerBusinessProblem = "Reporting takes days because the warehouse cannot scale",
            DeliveryModels = [new DeliveryModel("SaaS or PaaS")],
            ExpectedCustomerSpend = [new ExpectedCustomerSpend
            {
                Amount = "1200.50", CurrencyCode = new CurrencyCode("EUR"), Frequency = new PaymentFrequency("Monthly"), TargetCompany = "AWS",
            }],
            SalesActivities = [new SalesActivity("Initialized discussions with customer")],
        },
        OpportunityType = OpportunityType.NetNewBusiness,
        Marketing = new Marketing { Source = MarketingSource.None },
        LifeCycle = new LifeCycle
        {
            Stage = new Stage("Qualified"),
            ReviewStatus = ReviewStatus.Submitted,
            TargetCloseDate = "2026-12-31",
            NextSteps = "Workshop",
            NextStepsHistory = [new NextStepsHistory { Value = "Workshop", Time = T0.AddTicks(3) }],
        },
        OpportunityTeam = [new Contact { Email = "owner@partner.example.com", FirstName = "Grace", LastName = "Hopper", BusinessTitle = "OpportunityOwner" }],
        RelatedEntityIdentifiers = new RelatedEntityIdentifiers
        {
            Solutions = ["S-1234567"], AwsProducts = ["AmazonRedshift"], AwsMarketplaceOffers = [], AwsMarketplaceOfferSets = [],
        },
        Tags = [new Tag { Key = "team", Value = "emea" }],
        AwsSubmission = new AwsSubmission { InvolvementType = SalesInvolvementType.CoSell, Visibility = Visibility.Full },
        SubmittedAt = T0.AddTicks(5),
        EngagementId = "eng-abcdefghijklmn",
    };

    [Fact]
    public async Task Opportunity_InsertThenGet_RoundTripsEveryField()
    {
        var opportunity = FullOpportunity();
        await InsertAsync(opportunity);

        var stored = await GetOpportunityAsync(Aws, "111111111111", "O5000042");

        Assert.NotNull(stored);
        AssertSameJson(opportunity with { Version = 1 }, stored, StoreJsonContext.Default.OpportunityRecord);
        AssertSameInstant(opportunity.LastModifiedDate, stored.LastModifiedDate);
        AssertSameInstant(opportunity.CreatedDate, stored.CreatedDate);
        Assert.Equal(1, stored.Version);
        Assert.Equal(5_000_042, stored.Number);
    }

    [Fact]
    public async Task Opportunity_Get_OtherOwnerOrCatalogOrId_IsNull()
    {
        await InsertAsync(Opportunity(1, "A"));

        Assert.NotNull(await GetOpportunityAsync(Aws, "A", "O1"));
        Assert.Null(await GetOpportunityAsync(Aws, "B", "O1"));
        Assert.Null(await GetOpportunityAsync(Sandbox, "A", "O1"));
        Assert.Null(await GetOpportunityAsync(Aws, "A", "O2"));
    }

    [Fact]
    public async Task Opportunity_Get_Hidden_IsReturnedWithTheFlag()
    {
        await InsertAsync(Opportunity(1, hidden: true));

        Assert.True((await GetOpportunityAsync(Aws, "A", "O1"))!.Hidden);
    }

    [Fact]
    public async Task Opportunity_Insert_StoresVersionOneWhateverTheRecordSays()
    {
        await InsertAsync(Opportunity(1) with { Version = 9 });

        Assert.Equal(1, (await GetOpportunityAsync(Aws, "A", "O1"))!.Version);
    }

    [Fact]
    public async Task Opportunity_Update_ExpectedVersion_ReplacesDocumentAndBumpsVersion()
    {
        await InsertAsync(Opportunity(1));
        var changed = Opportunity(1, modified: T0.AddMinutes(1), created: T0, status: "Submitted", company: "Renamed Inc") with
        {
            EngagementId = "eng-1", Hidden = true,
        };

        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(changed, 1, Ct)));

        var stored = await GetOpportunityAsync(Aws, "A", "O1");
        AssertSameJson(changed with { Version = 2 }, stored!, StoreJsonContext.Default.OpportunityRecord);
        Assert.Equal(2, stored!.Version);
        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(changed with { Hidden = false }, 2, Ct)));
        Assert.Equal(3, (await GetOpportunityAsync(Aws, "A", "O1"))!.Version);
    }

    [Fact]
    public async Task Opportunity_Update_StaleVersionOrOtherOwner_ReturnsFalseAndChangesNothing()
    {
        await InsertAsync(Opportunity(1));
        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(Opportunity(1, company: "v2"), 1, Ct)));

        Assert.False(await WriteAsync(s => s.UpdateOpportunityAsync(Opportunity(1, company: "stale"), 1, Ct)));
        Assert.False(await WriteAsync(s => s.UpdateOpportunityAsync(Opportunity(1, owner: "B", company: "theirs"), 2, Ct)));
        Assert.False(await WriteAsync(s => s.UpdateOpportunityAsync(Opportunity(1, company: "sandbox", catalog: Sandbox), 2, Ct)));
        Assert.False(await WriteAsync(s => s.UpdateOpportunityAsync(Opportunity(2), 1, Ct)));

        var stored = await GetOpportunityAsync(Aws, "A", "O1");
        Assert.Equal("v2", stored!.Customer!.Account!.CompanyName);
        Assert.Equal(2, stored.Version);
        Assert.Empty(await ListIdsAsync(Owned("B")));
    }

    [Fact]
    public async Task Opportunity_Update_RewritesTheListedColumns()
    {
        await InsertAsync(Opportunity(1, stage: "Prospect", status: "Pending Submission", company: "Old", targetClose: "2026-01-01"));

        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(
            Opportunity(1, modified: At(5), stage: "Qualified", status: "Submitted", company: "New", targetClose: null, engagementId: "eng-9"), 1, Ct)));

        Assert.Equal(["O1"], await ListIdsAsync(Owned(stages: ["Qualified"], statuses: ["Submitted"], names: ["new"])));
        Assert.Empty(await ListIdsAsync(Owned(stages: ["Prospect"])));
        Assert.Empty(await ListIdsAsync(Owned(names: ["old"])));
        Assert.Empty(await ListIdsAsync(Owned(closeFrom: "2000-01-01")));
        Assert.Equal(["O1"], await ListIdsAsync(Owned(modifiedFrom: At(5))));
        Assert.Equal(["O1"], (await ReadAsync(s => s.ListOpportunitiesByEngagementAsync(Aws, "eng-9", Ct))).Select(o => o.Id));
    }

    [Fact]
    public async Task NextOpportunityNumber_PerCatalog_CountsFromOneAndSurvivesRestart()
    {
        Assert.Equal(1, await WriteAsync(s => s.NextOpportunityNumberAsync(Aws, Ct)));
        Assert.Equal(2, await WriteAsync(s => s.NextOpportunityNumberAsync(Aws, Ct)));
        Assert.Equal(1, await WriteAsync(s => s.NextOpportunityNumberAsync(Sandbox, Ct)));
        Assert.Equal(3, await WriteAsync(s => s.NextOpportunityNumberAsync(Aws, Ct)));

        await ReopenAsync();

        Assert.Equal(4, await WriteAsync(s => s.NextOpportunityNumberAsync(Aws, Ct)));
        Assert.Equal(2, await WriteAsync(s => s.NextOpportunityNumberAsync(Sandbox, Ct)));
    }

    [Fact]
    public async Task NextOpportunityNumber_RolledBack_IsHandedOutAgain()
    {
        await using (var session = await Store.BeginAsync(write: true, Ct))
        {
            Assert.Equal(1, await session.NextOpportunityNumberAsync(Aws, Ct));
            Assert.Equal(2, await session.NextOpportunityNumberAsync(Aws, Ct));
        }

        Assert.Equal(1, await WriteAsync(s => s.NextOpportunityNumberAsync(Aws, Ct)));
    }

    [Fact]
    public async Task ListOpportunities_OnlyTheOwnersVisibleOnesInTheCatalog()
    {
        await InsertAsync(
            Opportunity(1, "A"),
            Opportunity(2, "B"),
            Opportunity(3, "A", hidden: true),
            Opportunity(4, "A", catalog: Sandbox),
            Opportunity(5, "A", modified: At(1)));

        Assert.Equal(["O1", "O5"], await ListIdsAsync(Owned("A")));
        Assert.Equal(["O2"], await ListIdsAsync(Owned("B")));
        Assert.Equal(["O4"], await ListIdsAsync(Owned("A", catalog: Sandbox)));
        Assert.Empty(await ListIdsAsync(Owned("C")));
    }

    /// <summary>Five of A's opportunities with distinct stages, statuses, companies, dates; B's O9 matches everything.</summary>
    private Task SeedOpportunitiesAsync() => InsertAsync(
        Opportunity(1, modified: At(10), created: At(1), stage: "Prospect", status: "Pending Submission", company: "Acme", targetClose: "2026-01-15"),
        Opportunity(2, modified: At(20), created: At(2), stage: "Qualified", status: "Submitted", company: "acme", targetClose: "2026-02-15"),
        Opportunity(3, modified: At(30), created: At(3), stage: "Committed", status: "Approved", company: "Globex", targetClose: "2026-03-15"),
        Opportunity(4, modified: At(40), created: At(4), stage: "Closed Lost", status: "Rejected", company: null, targetClose: null),
        Opportunity(5, modified: At(50), created: At(5), stage: "Qualified", status: "Action Required", company: "Initech", targetClose: "2026-05-15"),
        Opportunity(9, owner: "B", modified: At(30), created: At(3), stage: "Qualified", status: "Submitted", company: "Acme", targetClose: "2026-02-15"));

    [Fact]
    public async Task ListOpportunities_ListFilters_MatchAnyValue()
    {
        await SeedOpportunitiesAsync();

        Assert.Equal(["O1", "O3"], await ListIdsAsync(Owned(ids: ["O3", "O1", "O9", "O77"])));
        Assert.Equal(["O2", "O5"], await ListIdsAsync(Owned(stages: ["Qualified"])));
        Assert.Equal(["O1", "O2", "O5"], await ListIdsAsync(Owned(stages: ["Prospect", "Qualified"])));
        Assert.Equal(["O3", "O4"], await ListIdsAsync(Owned(statuses: ["Approved", "Rejected"])));
        Assert.Equal(["O1", "O2"], await ListIdsAsync(Owned(names: [OpportunityRecord.CompanyNameKey("ACME")])));
        Assert.Equal(["O3", "O5"], await ListIdsAsync(Owned(names: ["globex", "initech"])));
        Assert.Empty(await ListIdsAsync(Owned(ids: [])));
    }

    [Fact]
    public async Task ListOpportunities_DateBounds_FromIsInclusiveBeforeIsExclusive()
    {
        await SeedOpportunitiesAsync();

        Assert.Equal(["O2", "O3", "O4"], await ListIdsAsync(Owned(modifiedFrom: At(20), modifiedBefore: At(50))));
        Assert.Equal(["O3", "O4", "O5"], await ListIdsAsync(Owned(createdFrom: At(3))));
        Assert.Equal(["O1", "O2"], await ListIdsAsync(Owned(createdBefore: At(3))));
        Assert.Equal(["O2", "O3"], await ListIdsAsync(Owned(closeFrom: "2026-02-15", closeBefore: "2026-05-15")));
        Assert.Equal(["O1", "O2"], await ListIdsAsync(Owned(closeBefore: "2026-03-01")));
        Assert.Equal(["O2", "O3", "O5"], await ListIdsAsync(Owned(closeFrom: "2026-02-01")));
    }

    [Fact]
    public async Task ListOpportunities_FiltersCombineWithAnd()
    {
        await SeedOpportunitiesAsync();

        Assert.Equal(["O2"], await ListIdsAsync(Owned(stages: ["Qualified"], statuses: ["Submitted", "Approved"])));
        Assert.Equal(["O5"], await ListIdsAsync(Owned(stages: ["Qualified"], modifiedFrom: At(21), closeFrom: "2026-01-01")));
        Assert.Empty(await ListIdsAsync(Owned(ids: ["O1"], stages: ["Qualified"])));
    }

    public static TheoryData<OpportunitySortKey, bool, string[]> Sorts() => new()
    {
        { OpportunitySortKey.LastModifiedDate, true, ["O1", "O2", "O3", "O4", "O5"] },
        { OpportunitySortKey.LastModifiedDate, false, ["O5", "O4", "O3", "O2", "O1"] },
        { OpportunitySortKey.CreatedDate, true, ["O1", "O2", "O3", "O4", "O5"] },
        { OpportunitySortKey.Identifier, false, ["O5", "O4", "O3", "O2", "O1"] },
        // Company names ignore case ("Acme" = "acme", ties by number); no company sorts first ascending.
        { OpportunitySortKey.CustomerCompanyName, true, ["O4", "O1", "O2", "O3", "O5"] },
        { OpportunitySortKey.CustomerCompanyName, false, ["O5", "O3", "O2", "O1", "O4"] },
        { OpportunitySortKey.TargetCloseDate, true, ["O4", "O1", "O2", "O3", "O5"] },
        { OpportunitySortKey.TargetCloseDate, false, ["O5", "O3", "O2", "O1", "O4"] },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task ListOpportunities_Sorts_BreakTiesByNumber(OpportunitySortKey sortBy, bool ascending, string[] expected)
    {
        await SeedOpportunitiesAsync();

        Assert.Equal(expected, await ListIdsAsync(Owned(sortBy: sortBy, ascending: ascending)));
    }

    [Fact]
    public async Task ListOpportunities_IdentifierSort_IsNumericNotTextual()
    {
        await InsertAsync(Opportunity(999_999), Opportunity(10_000_000), Opportunity(5_000_001));

        Assert.Equal(["O999999", "O5000001", "O10000000"], await ListIdsAsync(Owned(sortBy: OpportunitySortKey.Identifier)));
    }

    public static TheoryData<OpportunitySortKey, bool> EverySort()
    {
        var data = new TheoryData<OpportunitySortKey, bool>();
        foreach (var key in Enum.GetValues<OpportunitySortKey>())
        {
            data.Add(key, true);
            data.Add(key, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EverySort))]
    public async Task ListOpportunities_Paginates_WithoutDuplicatesOrGaps(OpportunitySortKey sortBy, bool ascending)
    {
        // 23 opportunities whose sort keys repeat, so the number must break ties across page boundaries.
        var all = Enumerable.Range(1, 23).Select(i => Opportunity(i,
            modified: At(i / 4), created: At(i / 5),
            company: i % 3 == 0 ? null : $"Company {(char)('A' + i % 4)}",
            targetClose: i % 5 == 0 ? null : $"2026-0{1 + i % 3}-01")).ToArray();
        await InsertAsync(all);
        var expected = await ListIdsAsync(Owned(sortBy: sortBy, ascending: ascending));
        Assert.Equal(23, expected.Count);

        var seen = new List<string>();
        OpportunityPosition? after = null;
        var pages = 0;
        do
        {
            var page = await ReadAsync(s => s.ListOpportunitiesAsync(Owned(sortBy: sortBy, ascending: ascending, after: after, limit: 5), Ct));
            seen.AddRange(page.Items.Select(o => o.Id));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListOpportunities_LastPage_HasNoNext()
    {
        await InsertAsync(Opportunity(1), Opportunity(2));

        var page = await ReadAsync(s => s.ListOpportunitiesAsync(Owned(limit: 2), Ct));

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task FindOpportunityWithOffer_TheOwnersFirstByNumberInTheCatalog_HiddenIncluded()
    {
        const string offer = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-one";
        const string other = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-two";
        static OpportunityRecord With(OpportunityRecord o, params string[] offers) =>
            o with { RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities with { AwsMarketplaceOffers = offers } };
        await InsertAsync(
            With(Opportunity(1, "A")),
            With(Opportunity(2, "A"), other),
            With(Opportunity(3, "B"), offer),
            With(Opportunity(4, "A", catalog: Sandbox), offer),
            With(Opportunity(6, "A"), offer),
            With(Opportunity(5, "A", hidden: true), offer));

        Assert.Equal("O5", await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "A", offer, Ct)));
        Assert.Equal("O2", await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "A", other, Ct)));
        Assert.Equal("O4", await ReadAsync(s => s.FindOpportunityWithOfferAsync(Sandbox, "A", offer, Ct)));
        Assert.Null(await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "C", offer, Ct)));
        Assert.Null(await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "A", offer + "x", Ct)));

        // An update associates or disassociates the offer.
        const string third = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-three";
        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(With(Opportunity(1, "A"), third), 1, Ct)));
        Assert.Equal("O1", await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "A", third, Ct)));
        Assert.True(await WriteAsync(s => s.UpdateOpportunityAsync(With(Opportunity(1, "A")), 2, Ct)));
        Assert.Null(await ReadAsync(s => s.FindOpportunityWithOfferAsync(Aws, "A", third, Ct)));
    }

    [Fact]
    public async Task ListOpportunitiesByEngagement_EveryOwnerHiddenIncluded_ByNumber()
    {
        await InsertAsync(
            Opportunity(3, "B", engagementId: "eng-1", hidden: true),
            Opportunity(1, "A", engagementId: "eng-1"),
            Opportunity(2, "A", engagementId: "eng-2"),
            Opportunity(4, "C", engagementId: "eng-1", catalog: Sandbox),
            Opportunity(5, "C"));

        var linked = await ReadAsync(s => s.ListOpportunitiesByEngagementAsync(Aws, "eng-1", Ct));

        Assert.Equal(["O1", "O3"], linked.Select(o => o.Id));
        Assert.Equal(["A", "B"], linked.Select(o => o.OwnerAccountId));
        Assert.Empty(await ReadAsync(s => s.ListOpportunitiesByEngagementAsync(Aws, "eng-none", Ct)));
    }
}
