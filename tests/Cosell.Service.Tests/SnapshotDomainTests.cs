using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Domain;

namespace Cosell.Service.Tests;

/// <summary>Snapshot templates and ARNs, tag merging, role normalisation and the synthetic prospecting result.</summary>
public sealed class SnapshotDomainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private static OpportunityRecord Opportunity(string nextSteps = "Discovery", string title = "Migration") => new()
    {
        Catalog = "Sandbox",
        Id = "O5000001",
        OwnerAccountId = "111111111111",
        Origin = OpportunityOrigin.PartnerReferral,
        Customer = new Customer { Account = new Account { CompanyName = "Acme" } },
        Project = new Project { Title = title, CustomerUseCase = "Migration / Database Migration" },
        LifeCycle = new LifeCycle { Stage = Stage.Prospect, ReviewStatus = ReviewStatus.PendingSubmission, NextSteps = nextSteps },
        RelatedEntityIdentifiers = Opportunities.EmptyRelatedEntities,
        CreatedDate = T0,
        LastModifiedDate = T0,
    };

    [Fact]
    public void SamePayload_StoredByAnOlderBuildWithoutTheEmptyContacts_Current()
    {
        // Builds before Contacts read as [] stored the customer without it; the upgrade must not take a new revision.
        var now = ResourceSnapshots.Payload(Opportunity(), ResourceSnapshots.OpportunitySummaryView);
        var older = now with { OpportunitySummary = now.OpportunitySummary! with { Customer = now.OpportunitySummary.Customer! with { Contacts = null } } };

        Assert.Equal([], now.OpportunitySummary!.Customer!.Contacts);
        Assert.True(ResourceSnapshots.SamePayload(older, now));
        Assert.False(ResourceSnapshots.SamePayload(older, ResourceSnapshots.Payload(Opportunity(nextSteps: "Proposal"), ResourceSnapshots.OpportunitySummaryView)));
    }

    [Theory]
    [InlineData("""{"a":[],"b":{}}""", """{}""", true)]
    [InlineData("""{"a":null}""", """{"b":[{}]}""", false)] // a list holding an (empty) element says something
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""", false)]
    [InlineData("""{"a":"x","b":{"c":[]}}""", """{"b":null,"a":"x"}""", true)]
    [InlineData("""{"a":"x"}""", """{"a":"y"}""", false)]
    public void JsonContent_Same_EmptyEqualsAbsent(string a, string b, bool same) =>
        Assert.Equal(same, JsonContent.Same(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b)));

    private static EngagementRecord Engagement(string id, EngagementContextPayload? payload = null) => new()
    {
        Catalog = "Sandbox",
        Id = id,
        Title = "t",
        Description = "d",
        CreatedAt = T0,
        CreatedBy = "111111111111",
        ModifiedAt = T0,
        ModifiedBy = "111111111111",
        Members = [new EngagementMemberRecord("111111111111", T0)],
        Contexts = payload is null ? [] : [new EngagementContextDetails { Id = "1", Type = EngagementContextType.CustomerProject, Payload = payload }],
    };

    [Fact]
    public void SnapshotArn_ObservedForm()
    {
        Assert.Equal(
            "arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-abcdefgh123456/resource/Opportunity/O5000001/template/OpportunitySummaryView/snapshot/3",
            ResourceSnapshots.Arn("Sandbox", "eng-abcdefgh123456", "Opportunity", "O5000001", "OpportunitySummaryView", 3));
    }

    [Fact]
    public void JobArn_CarriesTheOwner() =>
        Assert.Equal("arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/resource-snapshot-job/job-abcdefgh12345",
            ResourceSnapshotJobs.Arn("AWS", "111111111111", "job-abcdefgh12345"));

    [Fact]
    public void SummaryView_CopiesTheTemplateFieldsOnly()
    {
        var view = ResourceSnapshots.SummaryView(Opportunity());

        Assert.Equal("Discovery", view.Lifecycle?.NextSteps);
        Assert.Equal("Migration / Database Migration", view.Project?.CustomerUseCase);
        Assert.Equal("Acme", view.Customer?.Account?.CompanyName);
        Assert.NotNull(view.RelatedEntityIdentifiers?.AwsMarketplaceProducts);
    }

    [Fact]
    public void SamePayload_TemplateFieldChanged_Differs_OtherFieldChanged_Same()
    {
        var before = ResourceSnapshots.Payload(Opportunity(), ResourceSnapshots.OpportunitySummaryView);

        Assert.False(ResourceSnapshots.SamePayload(before, ResourceSnapshots.Payload(Opportunity(nextSteps: "Proposal"), ResourceSnapshots.OpportunitySummaryView)));
        Assert.True(ResourceSnapshots.SamePayload(before, ResourceSnapshots.Payload(Opportunity(title: "Other title"), ResourceSnapshots.OpportunitySummaryView)));
    }

    [Theory]
    [InlineData("Opportunity")]
    [InlineData("OpportunitySummary")]
    public void CheckTemplate_Unknown_BusinessInvalidValue(string template)
    {
        var e = Assert.Throws<ApiException>(() => ResourceSnapshots.CheckTemplate(template));
        Assert.Equal(ApiException.BusinessValidationFailed, e.Reason);
        Assert.Equal("INVALID_VALUE", Assert.Single(e.ErrorList!).Code);
    }

    [Fact]
    public void TagMerge_SameKeyReplaced_OrderKept_LimitEnforced()
    {
        var current = new[] { new Tag { Key = "a", Value = "1" }, new Tag { Key = "b", Value = "2" } };

        var merged = TaggableResources.Merge(current, [new Tag { Key = "b", Value = "3" }, new Tag { Key = "c", Value = "4" }]);

        Assert.Equal(["a=1", "b=3", "c=4"], merged.Select(t => $"{t.Key}={t.Value}"));
        var many = Enumerable.Range(0, 200).Select(i => new Tag { Key = $"k{i}", Value = "v" }).ToList();
        Assert.Equal("TOO_MANY_VALUES", Assert.Single(Assert.Throws<ApiException>(() => TaggableResources.Merge(many, [new Tag { Key = "x", Value = "y" }])).ErrorList!).Code);
        Assert.Equal(["a=1"], TaggableResources.Remove(merged, ["b", "c", "zz"]).Select(t => $"{t.Key}={t.Value}"));
    }

    [Theory]
    [InlineData("SnapshotRole", "arn:aws:iam::111111111111:role/SnapshotRole")]
    [InlineData("arn:aws:iam::222222222222:role/path/SnapshotRole", "arn:aws:iam::222222222222:role/path/SnapshotRole")]
    public void RoleArn_NameOrArn(string identifier, string expected) =>
        Assert.Equal(expected, SellingSystemSettings.RoleArn(identifier, "111111111111"));

    [Fact]
    public void ProspectingResult_SameEngagement_SameResult_MarkedSynthetic()
    {
        var customer = new EngagementContextPayload
        {
            CustomerProject = new CustomerProjectsContext
            {
                Customer = new EngagementCustomer { CompanyName = "Initech", Industry = Industry.Agriculture, WebsiteUrl = "https://initech.example.com", CountryCode = CountryCode.Us },
            },
        };
        var task = new ProspectingTaskRecord
        {
            Catalog = "Sandbox", Id = "task-abcdefgh12345", InitiatorAccountId = "111111111111", TaskName = "n", StartTime = T0,
            Status = ProspectingTaskStatus.InProgress, Identifiers = [], Engagements = [],
        };

        var first = Prospecting.Result(Engagement("eng-abcdefgh123456", customer), task);
        var again = Prospecting.Result(Engagement("eng-abcdefgh123456", customer), task with { Id = "task-zzzzzzzz99999" });

        string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => System.Text.Json.JsonSerializer.Serialize(value, type);
        Assert.Equal(Json(first.Customer!, ModelJsonContext.Default.ProspectingResultCustomer), Json(again.Customer!, ModelJsonContext.Default.ProspectingResultCustomer));
        Assert.Equal(first.Insights, again.Insights);
        Assert.Equal("Initech", first.Customer!.AccountName);
        Assert.Equal(("AMER", "North America"), (first.Customer.Geo, first.Customer.Region));
        Assert.StartsWith(Prospecting.SyntheticMarker, first.Customer.PublicProfileSummary);
        Assert.Equal(2, first.Customer.EligiblePrograms!.Distinct().Count());
        Assert.Equal("task-zzzzzzzz99999", again.TaskId);
    }

    [Fact]
    public void ProspectingFinish_AllFailed_TaskFailedWithTheirReason_OtherwiseCompleted()
    {
        var task = new ProspectingTaskRecord
        {
            Catalog = "Sandbox", Id = "task-abcdefgh12345", InitiatorAccountId = "a", TaskName = "n", StartTime = T0,
            Status = ProspectingTaskStatus.InProgress, Identifiers = [], Engagements = [],
        };
        var failed = new EngagementProspectingResult { EngagementIdentifier = "eng-1", Status = ProspectingTaskStatus.Failed, ReasonCode = "EngagementAccessDenied", Message = "no" };
        var done = new EngagementProspectingResult { EngagementIdentifier = "eng-2", Status = ProspectingTaskStatus.Completed, EngagementContextId = "2" };

        var allFailed = Prospecting.Finish(task, [failed], T0);
        var mixed = Prospecting.Finish(task, [failed, done], T0);
        var empty = Prospecting.Finish(task, [], T0);

        Assert.Equal((ProspectingTaskStatus.Failed, "EngagementAccessDenied"), (allFailed.Status, allFailed.ReasonCode));
        Assert.Equal((ProspectingTaskStatus.Completed, null), (mixed.Status, mixed.ReasonCode));
        Assert.Equal((1, 1, 2), (mixed.CompletedEngagementCount, mixed.FailedEngagementCount, mixed.TotalEngagementCount));
        Assert.Equal(ProspectingTaskStatus.Completed, empty.Status);
    }
}
