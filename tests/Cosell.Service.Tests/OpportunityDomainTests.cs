using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;

namespace Cosell.Service.Tests;

public sealed class OpportunityDomainTests
{
    private static readonly DateTimeOffset T = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static OpportunityRecord Record(string status = "Pending Submission") => new()
    {
        Catalog = "Sandbox",
        Id = "O5000001",
        OwnerAccountId = "111111111111",
        Origin = OpportunityOrigin.PartnerReferral,
        PartnerOpportunityIdentifier = "CRM-1",
        Customer = new Customer
        {
            Account = new Account
            {
                CompanyName = "Acme",
                Industry = new Industry("Software and Internet"),
                Address = new Address { City = "Seattle", CountryCode = new CountryCode("US") },
            },
        },
        Project = new Project
        {
            Title = "Migration",
            ExpectedCustomerSpend = [new ExpectedCustomerSpend
            {
                Amount = "10", CurrencyCode = new CurrencyCode("USD"), Frequency = new PaymentFrequency("Monthly"), TargetCompany = "AWS",
            }],
        },
        PrimaryNeedsFromAws = [],
        LifeCycle = new LifeCycle
        {
            Stage = Stage.Prospect,
            ReviewStatus = new ReviewStatus(status),
            NextSteps = "Call",
            NextStepsHistory = [new NextStepsHistory { Value = "Call", Time = T }],
        },
        RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities,
        CreatedDate = Opportunities.WholeSeconds(T),
        LastModifiedDate = Opportunities.WholeSeconds(T),
    };

    [Fact]
    public void OpportunityUpdated_TwoOpportunitiesWhoseIdsShareAPrefix_OneEventEach()
    {
        var ctx = new OperationContext
        {
            Caller = new Caller("111111111111", "test"),
            Operation = "UpdateOpportunity",
            Store = null!,
            Now = T,
            Ids = new RandomIdGenerator(),
            Accounts = null!,
        };

        Emit.OpportunityUpdated(ctx, Record() with { Id = "O50000010" });
        Emit.OpportunityUpdated(ctx, Record() with { Id = "O5000001" });
        Emit.OpportunityUpdated(ctx, Record() with { Id = "O50000010" });

        Assert.Equal(2, ctx.Events.Count);
    }

    [Fact]
    public void UsStateOrRegion_StoredBeforeTheRuleAndSentBackAsRead_NotAnError()
    {
        var stored = new Address { CountryCode = CountryCode.Us, StateOrRegion = "WA" };

        Assert.Null(UsStatesAndRegions.Error(stored with { }, stored));
        Assert.Equal("customer.account.address.stateOrRegion",
            UsStatesAndRegions.Error(stored with { StateOrRegion = "NY" }, stored)?.FieldName);
        Assert.NotNull(UsStatesAndRegions.Error(stored, null));
    }

    [Theory]
    [InlineData("10000.00", "10000")]
    [InlineData("12.50", "12.5")]
    [InlineData("100", "100")]
    [InlineData("0.00", "0")]
    [InlineData("", "")]
    public void PlainAmount_TrailingFractionZeros_Dropped(string given, string expected) =>
        Assert.Equal(expected, OpportunityDrafts.PlainAmount(given));

    [Fact]
    public void IdFor_CounterPlusBase_SevenDigits() => Assert.Equal("O5000001", Opportunities.IdFor(1));

    [Fact]
    public void Number_OfId_TheDigits() => Assert.Equal(5_000_001, Record().Number);

    [Fact]
    public void NextModified_LaterInstant_ThatInstantInMilliseconds() =>
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 5, 123, TimeSpan.Zero),
            Opportunities.NextModified(T, new DateTimeOffset(2026, 3, 1, 10, 0, 5, 123, TimeSpan.Zero).AddTicks(4_567)));

    [Fact]
    public void NextModified_SameMillisecond_OneMillisecondLater() =>
        Assert.Equal(ChangeTimes.Milliseconds(T).AddMilliseconds(1), Opportunities.NextModified(T, T));

    [Fact]
    public void NextModified_ClockBehind_StillIncreases() =>
        Assert.Equal(ChangeTimes.Milliseconds(T).AddMilliseconds(1), Opportunities.NextModified(T, T.AddHours(-1)));

    [Fact]
    public void ChangedFields_EchoOfTheRecord_None() =>
        Assert.Empty(OpportunityEdits.ChangedFields(Record(), OpportunityEdits.AsUpdate(Record())));

    [Fact]
    public void ChangedFields_EmptyListsAndReviewMembers_NotChanges()
    {
        var update = OpportunityEdits.AsUpdate(Record()) with
        {
            PrimaryNeedsFromAws = null,
            LifeCycle = Record().LifeCycle with { ReviewStatus = ReviewStatus.Approved, ReviewComments = "x", NextStepsHistory = null },
        };

        Assert.Empty(OpportunityEdits.ChangedFields(Record(), update));
    }

    [Fact]
    public void ChangedFields_NestedAndListMembers_DottedLowerCamelPathsWithoutIndexes()
    {
        var stored = Record();
        var update = OpportunityEdits.AsUpdate(stored) with
        {
            Customer = stored.Customer! with { Account = stored.Customer.Account! with { Address = stored.Customer.Account.Address! with { PostalCode = "98101" } } },
            Project = stored.Project! with { ExpectedCustomerSpend = [stored.Project.ExpectedCustomerSpend![0] with { Amount = "20" }] },
            LifeCycle = null,
        };

        Assert.Equal(
            ["customer.account.address.postalCode", "lifeCycle.nextSteps", "lifeCycle.stage", "project.expectedCustomerSpend.amount"],
            OpportunityEdits.ChangedFields(stored, update).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ChangedFields_TheDefaultsGivenToARecordAnOlderBuildStoredWithout_NotChanges_OtherValuesAre()
    {
        var stored = Record("Action Required") with { NationalSecurity = null, OpportunityType = null };
        var defaulted = OpportunityEdits.AsUpdate(stored) with { NationalSecurity = NationalSecurity.No, OpportunityType = OpportunityType.NetNewBusiness };
        var other = defaulted with { OpportunityType = OpportunityType.Expansion };

        Assert.Empty(OpportunityEdits.ChangedFields(stored, defaulted));
        Assert.Equal(["opportunityType"], OpportunityEdits.ChangedFields(stored, other));
    }

    [Theory]
    [InlineData("0.00", "0", false)] // a zero an older build stored (an invitation's, say) goes back in any writing
    [InlineData("0", null, true)]
    [InlineData("0", "5", true)]
    [InlineData("0.01", null, false)]
    public void ZeroSpendError_ZeroRefusedUnlessTheStoredSpendHasOne(string given, string? stored, bool refused)
    {
        static List<ExpectedCustomerSpend> Spend(string amount) =>
            [new ExpectedCustomerSpend { Amount = amount, CurrencyCode = CurrencyCode.Usd, Frequency = PaymentFrequency.Monthly, TargetCompany = "AWS" }];

        var error = OpportunityRules.ZeroSpendError(Spend(given), stored is null ? null : Spend(stored));

        Assert.Equal(refused ? ("project.expectedCustomerSpend.amount", "INVALID_VALUE") : default, error is null ? default : (error.FieldName, error.Code));
    }

    [Fact]
    public void CheckAllowed_ActionRequired_ExpectedSpendAllowedTitleNot()
    {
        var stored = Record("Action Required");

        OpportunityEdits.CheckAllowed(stored, ["project.expectedCustomerSpend.amount", "customer.account.websiteUrl"], reviewSimulation: false);
        var e = Assert.Throws<ApiException>(() => OpportunityEdits.CheckAllowed(stored, ["project.title"], reviewSimulation: false));
        Assert.Equal("ACTION_NOT_PERMITTED", Assert.Single(e.ErrorList!).Code);
    }

    [Theory]
    [InlineData("Submitted", true, true)]
    [InlineData("Submitted", false, false)]
    [InlineData("In review", true, true)]
    [InlineData("Rejected", true, false)]
    public void CheckAllowed_NoChanges_OnlyASimulationMayTouchAnOpportunityUnderReview(string status, bool simulation, bool allowed)
    {
        var stored = Record(status);

        if (allowed)
        {
            OpportunityEdits.CheckAllowed(stored, [], simulation);
        }
        else
        {
            Assert.Throws<ApiException>(() => OpportunityEdits.CheckAllowed(stored, [], simulation));
        }
    }

    [Fact]
    public void WithNextSteps_SameAsLatest_Unchanged()
    {
        var history = Record().LifeCycle.NextStepsHistory;

        Assert.Same(history, Opportunities.WithNextSteps(history, "Other", "Call", T));
        Assert.Same(history, Opportunities.WithNextSteps(history, "Call", "Call", T));
        Assert.Same(history, Opportunities.WithNextSteps(history, "Call", null, T));
        Assert.Equal(2, Opportunities.WithNextSteps(history, "Call", "Demo", T)!.Count);
    }

    [Fact]
    public void WithNextSteps_BeyondFifty_OldestDropped()
    {
        IReadOnlyList<NextStepsHistory>? history = null;
        for (var i = 0; i < 55; i++)
        {
            history = Opportunities.WithNextSteps(history, null, $"step {i}", T.AddMinutes(i));
        }

        Assert.Equal(Opportunities.MaxNextStepsHistory, history!.Count);
        Assert.Equal("step 5", history[0].Value);
        Assert.Equal("step 54", history[^1].Value);
    }

    [Fact]
    public void Arns_OpportunityAndSolution_CarryTheOwner()
    {
        Assert.Equal("arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/O5000001",
            Arns.Opportunity("Sandbox", "111111111111", "O5000001"));
        Assert.Equal("arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/solution/S-0052021",
            Arns.Solution("AWS", "111111111111", "S-0052021"));
    }

    [Fact]
    public void AccountProfiles_NoConfiguration_OwnerUserAndDefaultSolutions()
    {
        var account = new AccountRecord
        {
            AccountId = "111111111111", CompanyName = "Demo Partner One", WebsiteUrl = "https://www.partner-one.example.com", AccessKeys = [],
        };

        Assert.Equal(new AccountUserRecord("admin@partner-one.example.com", "Demo", "Admin", "PartnerAccountManager"),
            Assert.Single(AccountProfiles.Users(account)));
        Assert.Equal("S-1234567", Assert.Single(AccountProfiles.Solutions(account, "Sandbox")).Id);
        Assert.Equal("S-111111111111", Assert.Single(AccountProfiles.Solutions(account, "AWS")).Id);
    }

    [Fact]
    public void AccountProfiles_ConfiguredSolutionWithDefaultId_ReplacesTheDefault()
    {
        var account = new AccountRecord
        {
            AccountId = "111111111111", CompanyName = "P", AccessKeys = [],
            Solutions = [new SolutionRecord
            {
                Id = "S-1234567", Name = "Mine", Status = SolutionStatus.Create("Inactive"), Category = "Training Service",
                CreatedDate = T, Catalog = "Sandbox",
            }],
        };

        Assert.Equal("Mine", Assert.Single(AccountProfiles.Solutions(account, "Sandbox")).Name);
        Assert.Equal("admin@111111111111.partners.example.com", AccountProfiles.Users(account)[0].Email);
    }
}
