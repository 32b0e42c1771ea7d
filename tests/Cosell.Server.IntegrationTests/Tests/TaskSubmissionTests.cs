using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// StartEngagementFromOpportunityTask (spec 02 §10, 03 §2.1; 06 Q7, Q10, Q28): the opportunity's engagement (made when it
/// has none), an invitation to AWS unless AWS is involved already or the engagement came from a lead, and the submission.
/// Moves the clock forward (minutes).
/// </summary>
public sealed class TaskSubmissionTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string Operation = "StartEngagementFromOpportunityTask";
    private const string LongTitle = "Enterprise data platform migration to AWS for analytics"; // 55 characters

    private Task<ApiResponse> StartAsync(string opportunity, TestAccount caller, string? token = null, string catalog = RequestBodies.Sandbox) =>
        server.CallAsync(Operation, TaskSteps.SubmitTask(opportunity, token, catalog), caller);

    private async Task<List<string>> EngagementIdsAsync(TestAccount caller, string catalog = RequestBodies.Sandbox)
    {
        var (items, _) = await server.ListAllAsync("ListEngagements",
            new JsonObject { ["Catalog"] = catalog, ["MaxResults"] = 100 }, "EngagementSummaryList", caller, maxPages: 200);
        return items.Select(i => (string)i["Id"]!).ToList();
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_PendingSubmission_CompleteWithEngagementAndInvitationIds()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = server.Clock.GetUtcNow();

        var task = await server.SubmitByTaskAsync(server.A, id);

        TaskSteps.AssertComplete(task);
        var taskId = (string)task["TaskId"]!;
        Assert.Matches(TaskSteps.TaskIdPattern, taskId);
        Assert.Equal(TaskSteps.TaskArn(TaskSteps.SubmitKind, taskId), (string?)task["TaskArn"]);
        Assert.Equal(now, Wire.Time(task["StartTime"]));
        Assert.Equal(id, (string?)task["OpportunityId"]);
        Assert.Matches(TaskSteps.EngagementIdPattern, (string)task["EngagementId"]!);
        Assert.Matches(TaskSteps.InvitationIdPattern, (string)task["EngagementInvitationId"]!);
        Assert.Matches(TaskSteps.JobIdPattern, (string)task["ResourceSnapshotJobId"]!);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_PendingSubmission_OpportunitySubmitted()
    {
        var id = await server.CreateOpportunityAsync(server.A);
        var before = await server.GetOpportunityAsync(server.A, id);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await server.SubmitByTaskAsync(server.A, id);

        var after = await server.GetOpportunityAsync(server.A, id);
        Assert.Equal("Submitted", (string?)after["LifeCycle"]!["ReviewStatus"]);
        Assert.True(Wire.Time(after["LastModifiedDate"]) > Wire.Time(before["LastModifiedDate"]));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_NewEngagement_TitleCutTo40WithCustomerProjectContext()
    {
        var body = OpportunityBodies.Create();
        body["Project"]!["Title"] = LongTitle;
        var id = await server.CreateOpportunityAsync(server.A, body);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = server.Clock.GetUtcNow();

        var engagement = (string)(await server.SubmitByTaskAsync(server.A, id))["EngagementId"]!;

        var e = await server.GetEngagementAsync(server.A, engagement);
        Assert.Equal(LongTitle[..40], (string?)e["Title"]);
        Assert.Equal((string?)body["Project"]!["CustomerBusinessProblem"], (string?)e["Description"]);
        Assert.Equal(server.A.AccountId, (string?)e["CreatedBy"]);
        Assert.Equal(now, Wire.Time(e["CreatedAt"]));
        Assert.Equal(1, (int?)e["MemberCount"]); // AWS is invited, not yet a member
        var context = e["Contexts"]!.AsArray().Single()!;
        Assert.Equal("CustomerProject", (string?)context["Type"]);
        Wire.Same(CosellServer.Json($$"""
            {
              "Customer": {
                "Industry": "Software and Internet",
                "CompanyName": "Acme Corp",
                "WebsiteUrl": "https://acme.example.com",
                "CountryCode": "US"
              },
              "Project": {
                "Title": "{{LongTitle}}",
                "BusinessProblem": "{{(string?)body["Project"]!["CustomerBusinessProblem"]}}",
                "TargetCompletionDate": "{{FutureDates.CloseDate}}"
              }
            }
            """), context["Payload"]!["CustomerProject"], "the CustomerProject context made from the opportunity");
        Assert.Equal([server.A.AccountId], (await server.MembersAsync(server.A, engagement)).Select(m => (string)m["AccountId"]!));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_WebsiteNotAUrl_ContextWithoutCustomer()
    {
        // An opportunity's website is any 4 to 255 characters; a context's customer takes only a URL (its model pattern).
        var body = OpportunityBodies.Create();
        body["Customer"]!["Account"]!["WebsiteUrl"] = "acme";
        var id = await server.CreateOpportunityAsync(server.A, body);

        var engagement = (string)(await server.SubmitByTaskAsync(server.A, id))["EngagementId"]!;

        var context = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Single()!;
        Assert.Null(context["Payload"]!["CustomerProject"]!["Customer"]);
        Assert.NotNull(context["Payload"]!["CustomerProject"]!["Project"]);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_NewEngagement_InvitationToAwsInTheSendersList()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        var task = await server.SubmitByTaskAsync(server.A, id);

        var engagement = (string)task["EngagementId"]!;
        var invitationId = (string)task["EngagementInvitationId"]!;
        var sent = (await server.SentInvitationsAsync(server.A, engagement)).Single();
        Assert.Equal(invitationId, (string?)sent["Id"]);
        Assert.Equal(Wire.InvitationArn(invitationId), (string?)sent["Arn"]);
        Assert.Equal("aws", (string?)sent["Receiver"]!["Account"]!["AwsAccountId"]);
        Assert.Equal("PENDING", (string?)sent["Status"]);
        Assert.Equal("SENDER", (string?)sent["ParticipantType"]);
        Assert.Equal("OpportunityInvitation", (string?)sent["PayloadType"]);
        Assert.Equal(engagement, (string?)sent["EngagementId"]);
        Assert.Equal(server.A.AccountId, (string?)sent["SenderAwsAccountId"]);
        Assert.Equal(server.A.CompanyName, (string?)sent["SenderCompanyName"]);
        var invitation = await server.GetInvitationAsync(server.A, invitationId);
        Assert.Equal("Data platform migration", (string?)invitation["Payload"]!["OpportunityInvitation"]!["Project"]!["Title"]);
        Assert.Equal("Acme Corp", (string?)invitation["Payload"]!["OpportunityInvitation"]!["Customer"]!["CompanyName"]);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_LeadEngagementAPartnerMade_ReusedAndAwsInvited()
    {
        // A lead engagement a partner made has no AWS in it: the submission invites AWS, as a Sandbox capture in AWS's
        // Postman samples shows (a lead AWS sent, with AWS a member, is submitted without one: the sample's step 10).
        var engagement = await server.CreateEngagementAsync(server.B, contexts: "Lead");
        var converted = await server.ConvertByTaskAsync(server.B, engagement);
        var id = (string)converted["OpportunityId"]!;
        await server.AddSalesActivityAsync(server.B, id);
        var engagementsBefore = await EngagementIdsAsync(server.B);

        var task = await server.SubmitByTaskAsync(server.B, id);

        TaskSteps.AssertComplete(task);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        var toAws = (await server.SentInvitationsAsync(server.B, engagement)).Single();
        Assert.Equal((string?)task["EngagementInvitationId"], (string?)toAws["Id"]);
        Assert.Equal("aws", (string?)toAws["Receiver"]!["Account"]!["AwsAccountId"]);
        Assert.Equal(engagementsBefore, await EngagementIdsAsync(server.B));
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.B, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_OpportunityFromInvitation_ReusesItsEngagementAndInvitesAws()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.C);
        var id = (string)(await server.AcceptByTaskAsync(server.C, invitation))["OpportunityId"]!;
        await server.AddSalesActivityAsync(server.C, id);

        var task = await server.SubmitByTaskAsync(server.C, id);

        TaskSteps.AssertComplete(task);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        var toAws = (await server.SentInvitationsAsync(server.C, engagement)).Single();
        Assert.Equal((string?)task["EngagementInvitationId"], (string?)toAws["Id"]);
        Assert.Equal("aws", (string?)toAws["Receiver"]!["Account"]!["AwsAccountId"]);
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.C, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_SecondSubmission_FailedOpportunitySubmissionFailedAndNothingNew()
    {
        var (id, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        var engagementsBefore = await EngagementIdsAsync(server.A);

        var task = (await server.OkAsync(Operation, TaskSteps.SubmitTask(id), server.A))!.AsObject();

        TaskSteps.AssertFailed(task, "OpportunitySubmissionFailed");
        // The message names both states the task submits from (an Action Required opportunity goes back to review).
        Assert.Contains("only a Pending Submission or Action Required opportunity", (string?)task["Message"], StringComparison.Ordinal);
        Assert.Equal(id, (string?)task["OpportunityId"]);
        Assert.Null(task["EngagementInvitationId"]);
        // "Only populated if TaskStatus is COMPLETE" (model doc), although the opportunity has an engagement.
        Assert.Null(task["EngagementId"]);
        var listed = await server.OkAsync("ListEngagementFromOpportunityTasks", new JsonObject
        {
            ["Catalog"] = RequestBodies.Sandbox,
            ["TaskIdentifier"] = RequestBodies.Array((string)task["TaskId"]!),
        }, server.A);
        Assert.Null(listed!["TaskSummaries"]![0]!["EngagementId"]);
        Assert.Single(await server.SentInvitationsAsync(server.A, engagement));
        Assert.Equal(engagementsBefore, await EngagementIdsAsync(server.A));
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.A, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_AwsCatalogWithoutSolution_FailedOpportunitySubmissionFailed()
    {
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.Create(catalog: "AWS"));
        var engagementsBefore = await EngagementIdsAsync(server.A, "AWS");

        var response = await StartAsync(id, server.A, catalog: "AWS");

        Assert.True(response.Status == 200, $"a missing solution is a FAILED task (06 Q10): {response}");
        var task = response.Json!.AsObject();
        TaskSteps.AssertFailed(task, "OpportunitySubmissionFailed");
        Assert.Equal(TaskSteps.TaskArn(TaskSteps.SubmitKind, (string)task["TaskId"]!, "AWS"), (string?)task["TaskArn"]);
        Assert.Null(task["EngagementId"]);
        Assert.Null(task["EngagementInvitationId"]);
        Assert.Equal("Pending Submission", (string?)(await server.GetOpportunityAsync(server.A, id, "AWS"))["LifeCycle"]!["ReviewStatus"]);
        Assert.Equal(engagementsBefore, await EngagementIdsAsync(server.A, "AWS"));
        Assert.Empty(await server.SentInvitationsAsync(server.A, catalog: "AWS"));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_WithoutWhatAwsReceives_FailedOpportunityValidationFailedAndNothingNew()
    {
        // Its invitation to AWS would lack the customer and project it must carry (spec 02 §4 row 1).
        var id = await server.CreateOpportunityAsync(server.A,
            CosellServer.Json($$$"""{"Catalog":"Sandbox","ClientToken":"{{{RequestBodies.NewToken()}}}","Project":{"Title":"Untitled deal"}}"""));
        var engagementsBefore = await EngagementIdsAsync(server.A);

        var task = (await server.OkAsync(Operation, TaskSteps.SubmitTask(id), server.A))!.AsObject();

        TaskSteps.AssertFailed(task, "OpportunityValidationFailed");
        Assert.Contains("the customer's CompanyName", (string?)task["Message"]);
        Assert.DoesNotContain("a project Title", (string?)task["Message"]);
        Assert.Null(task["EngagementId"]);
        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.A, id));
        Assert.Equal(engagementsBefore, await EngagementIdsAsync(server.A));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_NationalSecurityWithoutWebsite_FailedItsInvitationToAwsNeedsOne()
    {
        // SubmitOpportunity takes it (the documented exemption), but the task's invitation carries the customer's website.
        var id = await server.CreateOpportunityAsync(server.A, OpportunityBodies.NationalSecurityWithoutWebsite());

        var task = (await server.OkAsync(Operation, TaskSteps.SubmitTask(id), server.A))!.AsObject();

        TaskSteps.AssertFailed(task, "OpportunityValidationFailed");
        Assert.Contains("the customer's WebsiteUrl", (string?)task["Message"]);
        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.A, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_AwsCatalogWithSolution_Complete()
    {
        var id = await server.CreateOpportunityAsync(server.D, OpportunityBodies.Create(catalog: "AWS"));
        await server.OkAsync("AssociateOpportunity", OpportunityBodies.Associate(id, "Solutions", "S-" + server.D.AccountId, "AWS"), server.D);

        var task = await server.SubmitByTaskAsync(server.D, id, "AWS");

        TaskSteps.AssertComplete(task);
        Assert.Equal(TaskSteps.TaskArn(TaskSteps.SubmitKind, (string)task["TaskId"]!, "AWS"), (string?)task["TaskArn"]);
        Assert.Equal("Submitted", (string?)(await server.GetOpportunityAsync(server.D, id, "AWS"))["LifeCycle"]!["ReviewStatus"]);
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_SandboxWithoutSolution_Complete()
    {
        // Spec 06 Q10: Sandbox accepted a submission with no solutions.
        var id = await server.CreateOpportunityAsync(server.D);

        TaskSteps.AssertComplete(await server.SubmitByTaskAsync(server.D, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_ClosedLost_FailedOpportunitySubmissionFailed()
    {
        var id = await server.CreateOpportunityAsync(server.D, OpportunityBodies.ClosedLost()); // the stage given at creation stays

        var task = (await server.OkAsync(Operation, TaskSteps.SubmitTask(id), server.D))!.AsObject();

        TaskSteps.AssertFailed(task, "OpportunitySubmissionFailed");
        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.D, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_ActionRequired_ResubmittedWithoutSecondInvitation()
    {
        // Spec 03 §2.1: Pending Submission or Action Required may be submitted. AWS is still invited, so no new invitation.
        var (id, engagement, _) = await server.SubmittedOpportunityAsync(server.D);
        await server.ReviewAsync(server.D, id, "Action Required");

        var response = await StartAsync(id, server.D);

        Assert.True(response.Status == 200, $"an Action Required opportunity can be submitted again: {response}");
        var task = response.Json!.AsObject();
        TaskSteps.AssertComplete(task);
        Assert.Equal(engagement, (string?)task["EngagementId"]);
        Assert.Null(task["EngagementInvitationId"]);
        Assert.Single(await server.SentInvitationsAsync(server.D, engagement));
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.D, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_OtherAccountsOpportunity_404ResourceNotFound()
    {
        var id = await server.CreateOpportunityAsync(server.A);

        (await StartAsync(id, server.B)).AssertError(404, "ResourceNotFoundException");

        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.A, id));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_UnknownOpportunity_404ResourceNotFound()
    {
        (await StartAsync("O9999999", server.A)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_SameClientTokenSameBody_SameTaskAndOneEngagement()
    {
        var id = await server.CreateOpportunityAsync(server.C);
        var token = RequestBodies.NewToken();
        var before = await EngagementIdsAsync(server.C);

        var first = await StartAsync(id, server.C, token);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await StartAsync(id, server.C, token);

        Assert.Equal(200, first.Status);
        Assert.Equal("COMPLETE", (string?)first.Json!["TaskStatus"]);
        Wire.Same(first.Json, again.Json, "the replayed task");
        Assert.Equal([(string)first.Json!["EngagementId"]!], (await EngagementIdsAsync(server.C)).Except(before));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_SameClientTokenOtherOpportunity_409Conflict()
    {
        var first = await server.CreateOpportunityAsync(server.C);
        var second = await server.CreateOpportunityAsync(server.C);
        var token = RequestBodies.NewToken();
        Assert.Equal(200, (await StartAsync(first, server.C, token)).Status);

        (await StartAsync(second, server.C, token)).AssertError(409, "ConflictException");

        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.C, second));
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_CoSellWithLimitedVisibility_RefusedUpFrontNoTaskNothingNew()
    {
        var id = await server.CreateOpportunityAsync(server.C);
        var engagementsBefore = await EngagementIdsAsync(server.C);

        var response = await server.CallAsync(Operation, TaskSteps.SubmitTask(id, involvement: "Co-Sell", visibility: "Limited"), server.C);

        // The real service's answer, as a public integration quotes it, names primaryNeedsFromAws and says why.
        Assert.Equal([("primaryNeedsFromAws", "ACTION_NOT_PERMITTED")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("Cannot set visibility to limited on a Co-Sell opportunity", (string?)response.Json!["Message"], StringComparison.Ordinal);
        Assert.Equal("Pending Submission", await server.ReviewStatusAsync(server.C, id));
        Assert.Equal(engagementsBefore, await EngagementIdsAsync(server.C));
        var tasks = await server.OkAsync("ListEngagementFromOpportunityTasks", new JsonObject
        {
            ["Catalog"] = RequestBodies.Sandbox,
            ["OpportunityIdentifier"] = RequestBodies.Array(id),
        }, server.C);
        Assert.Empty(tasks!["TaskSummaries"]!.AsArray());
        // The same opportunity with Full visibility (or For Visibility Only with Limited) goes through.
        TaskSteps.AssertComplete((await server.OkAsync(Operation, TaskSteps.SubmitTask(id, involvement: "Co-Sell", visibility: "Full"), server.C))!.AsObject());
    }

    [Fact]
    public async Task StartEngagementFromOpportunityTask_Complete_AwsSubmissionKept()
    {
        var id = await server.CreateOpportunityAsync(server.C);

        await server.OkAsync(Operation, TaskSteps.SubmitTask(id, involvement: "For Visibility Only", visibility: null), server.C);

        var summary = await server.CallAsync("GetAwsOpportunitySummary",
            new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.C);
        Assert.True(summary.Status == 200, $"GetAwsOpportunitySummary after the submission: {summary}");
        Assert.Equal("For Visibility Only", (string?)summary.Json!["InvolvementType"]);
        Assert.Equal("Full", (string?)summary.Json!["Visibility"]);
    }
}
