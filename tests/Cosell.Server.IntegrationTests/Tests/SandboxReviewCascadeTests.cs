using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// What the Sandbox simulations of AWS set off (DG:sandbox): a simulated approval (UpdateOpportunity with ReviewStatus
/// Approved, spec 03 §1.1) makes AWS a member and flips the receivers' mirrored opportunities (02 §8, §10); an AWS referral
/// (CreateOpportunity with Origin "AWS Referral", 02 §11, 06 Q9) is an AWS engagement and invitation whose opportunity
/// stays hidden until the task accepts it. Moves the clock forward (minutes).
/// </summary>
public sealed class SandboxReviewCascadeTests(CosellServer server) : IClassFixture<CosellServer>
{
    private const string ReferralMessage =
        "This invite is for an AWS originated referral. Accepting this invitation will create an AWS originated opportunity in your pipeline.";

    /// <summary>A submits an opportunity by task and invites each receiver, who accepts by task. Returns the ids.</summary>
    private async Task<(string Sender, string Engagement, List<string> Mirrors)> MirroredAsync(params TestAccount[] receivers)
    {
        var (sender, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        var mirrors = new List<string>();
        foreach (var receiver in receivers)
        {
            var invitation = await server.InviteAsync(server.A, engagement, receiver);
            mirrors.Add((string)(await server.AcceptByTaskAsync(receiver, invitation))["OpportunityId"]!);
        }
        return (sender, engagement, mirrors);
    }

    private Task<JsonObject> ApproveAsync(TestAccount owner, string id, string decision = "Approved") =>
        server.UpdateOkAsync(owner, id, b => b["LifeCycle"]!["ReviewStatus"] = decision);

    // ---------------------------------------------------------------- approval cascade

    [Fact]
    public async Task UpdateOpportunity_SandboxApproved_ReceiversMirroredOpportunityApproved()
    {
        var (sender, _, mirrors) = await MirroredAsync(server.B);
        var before = await server.GetOpportunityAsync(server.B, mirrors[0]);
        Assert.Equal("Submitted", (string?)before["LifeCycle"]!["ReviewStatus"]);
        server.Clock.Advance(TimeSpan.FromMinutes(1));

        await ApproveAsync(server.A, sender);

        Assert.Equal("Approved", await server.ReviewStatusAsync(server.A, sender));
        var after = await server.GetOpportunityAsync(server.B, mirrors[0]);
        Assert.Equal("Approved", (string?)after["LifeCycle"]!["ReviewStatus"]);
        Assert.True(Wire.Time(after["LastModifiedDate"]) > Wire.Time(before["LastModifiedDate"]), "the mirrored opportunity changed");
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApproved_EveryReceiverApproved()
    {
        var (sender, _, mirrors) = await MirroredAsync(server.B, server.C);

        await ApproveAsync(server.A, sender);

        Assert.Equal("Approved", await server.ReviewStatusAsync(server.B, mirrors[0]));
        Assert.Equal("Approved", await server.ReviewStatusAsync(server.C, mirrors[1]));
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApproved_AwsJoinsTheEngagement()
    {
        var (sender, engagement, _) = await MirroredAsync(server.B);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var approvedAt = server.Clock.GetUtcNow();

        await ApproveAsync(server.A, sender);

        var members = await server.MembersAsync(server.B, engagement);
        Assert.Equal([server.A.AccountId, server.B.AccountId, "aws"], members.Select(m => (string)m["AccountId"]!));
        Wire.Same(CosellServer.Json("""{"AccountId":"aws","CompanyName":"AWS","WebsiteUrl":"www.aws.com"}"""), members[2], "AWS as a member");
        var e = await server.GetEngagementAsync(server.A, engagement);
        Assert.Equal(3, (int?)e["MemberCount"]);
        Assert.Equal(approvedAt, Wire.Time(e["ModifiedAt"]));
        Assert.Equal("ACCEPTED", await AwsInvitationStatusAsync(server.A, engagement));
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApproved_LaterInviteesSeeAwsAmongExistingMembers()
    {
        var (sender, engagement, _) = await MirroredAsync();
        await ApproveAsync(server.A, sender);

        var invitation = await server.InviteAsync(server.A, engagement, server.D);

        var existing = (await server.GetInvitationAsync(server.D, invitation))["ExistingMembers"]!.AsArray();
        Assert.Contains(existing, m => (string?)m!["CompanyName"] == "AWS" && (string?)m["WebsiteUrl"] == "www.aws.com");
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxActionRequired_MirrorStaysSubmittedAndAwsNotMember()
    {
        var (sender, engagement, mirrors) = await MirroredAsync(server.B);

        await ApproveAsync(server.A, sender, "Action Required");

        Assert.Equal("Action Required", await server.ReviewStatusAsync(server.A, sender));
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.B, mirrors[0]));
        Assert.DoesNotContain("aws", await MemberIdsAsync(server.A, engagement));
        Assert.Equal("PENDING", await AwsInvitationStatusAsync(server.A, engagement));
    }

    [Fact]
    public async Task UpdateOpportunity_ActionRequiredFixedThenApproved_MirrorApproved()
    {
        var (sender, _, mirrors) = await MirroredAsync(server.C);
        await ApproveAsync(server.A, sender, "Action Required");
        await server.UpdateOkAsync(server.A, sender, b => b["Project"]!["CustomerBusinessProblem"] =
            "Legacy on-premises data warehouse cannot keep up with daily reporting demand");
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.A, sender));

        await ApproveAsync(server.A, sender);

        Assert.Equal("Approved", await server.ReviewStatusAsync(server.C, mirrors[0]));
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxApproved_OpportunitiesOfOtherEngagementsUntouched()
    {
        var (sender, _, _) = await MirroredAsync(server.B);
        var (_, _, elsewhere) = await MirroredAsync(server.C);
        var before = await server.GetOpportunityAsync(server.C, elsewhere[0]);

        await ApproveAsync(server.A, sender);

        Wire.Same(before, await server.GetOpportunityAsync(server.C, elsewhere[0]), "an opportunity mirroring another submission");
    }

    [Fact]
    public async Task UpdateOpportunity_ReceiverApprovesItsMirror_SendersSubmissionStaysSubmitted()
    {
        // The cascade runs from the sender's submission to the receivers' mirrors (spec 02 §8, 03 §1.1), never back:
        // a receiver playing AWS on its mirrored opportunity does not decide AWS's review of the sender's submission.
        var (sender, _, mirrors) = await MirroredAsync(server.D);

        var response = await server.UpdateAsync(server.D, mirrors[0], b => b["LifeCycle"]!["ReviewStatus"] = "Approved");

        Assert.True(response.Status is 200 or 400, $"UpdateOpportunity on the mirror: {response}");
        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.A, sender));
    }

    [Fact]
    public async Task SubmitOpportunity_MirrorSentBackForAction_ResubmittedWithoutSalesActivities()
    {
        // A receiver's copy has no sales activity and cannot edit one while Action Required: the resubmission does
        // without it, as the copy never needed a submission of its own to reach review.
        var (_, _, mirrors) = await MirroredAsync(server.B);
        await ApproveAsync(server.B, mirrors[0], "Action Required");

        await server.OkAsync("SubmitOpportunity", OpportunityBodies.Submit(mirrors[0]), server.B);

        Assert.Equal("Submitted", await server.ReviewStatusAsync(server.B, mirrors[0]));
    }

    // ---------------------------------------------------------------- rejection

    [Fact]
    public async Task UpdateOpportunity_SandboxRejected_AwsDeclinesItsInvitationAndTheMirrorFollows()
    {
        // A public integration's notes on the real Sandbox: partners set Approved, Rejected or Action Required.
        var (sender, engagement, mirrors) = await MirroredAsync(server.B);

        await ApproveAsync(server.A, sender, "Rejected");

        Assert.Equal("Rejected", await server.ReviewStatusAsync(server.A, sender));
        Assert.Equal("Rejected", await server.ReviewStatusAsync(server.B, mirrors[0]));
        Assert.Equal("REJECTED", await AwsInvitationStatusAsync(server.A, engagement));
        Assert.Equal([server.A.AccountId, server.B.AccountId], await MemberIdsAsync(server.A, engagement));
    }

    [Fact]
    public async Task UpdateOpportunity_AfterSandboxRejection_NothingChangesAnyMore()
    {
        var (sender, _, _) = await server.SubmittedOpportunityAsync(server.A);
        await ApproveAsync(server.A, sender, "Rejected");

        var edit = await server.UpdateAsync(server.A, sender, b => b["Project"]!["Title"] = "After the rejection");
        var review = await server.UpdateAsync(server.A, sender, b => b["LifeCycle"]!["ReviewStatus"] = "Approved");

        Assert.Equal([(null, "ACTION_NOT_PERMITTED")], edit.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Contains("cannot be modified in Submitted, Rejected or In review status", (string?)edit.Json!["Message"], StringComparison.Ordinal);
        Assert.Equal([("lifeCycle.reviewStatus", "INVALID_RESOURCE_STATE")], review.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("Rejected", await server.ReviewStatusAsync(server.A, sender));
    }

    [Theory]
    [InlineData("Rejected")]
    [InlineData("Pending Submission")]
    public async Task UpdateOpportunity_ReviewStatusAfterApproval_NotEditableAsTheRealSandboxWordsIt(string requested)
    {
        var (sender, _, _) = await server.SubmittedOpportunityAsync(server.A);
        await ApproveAsync(server.A, sender);

        var response = await server.UpdateAsync(server.A, sender, b => b["LifeCycle"]!["ReviewStatus"] = requested);

        Assert.Equal([("lifeCycle.reviewStatus", "INVALID_RESOURCE_STATE")], response.AssertValidation("BUSINESS_VALIDATION_FAILED"));
        Assert.Equal("INVALID_RESOURCE_STATE: reviewStatus is not editable if status is Approved", (string?)response.Json!["Message"]);
        Assert.Equal("Approved", await server.ReviewStatusAsync(server.A, sender));
    }

    [Fact]
    public async Task AcceptingByTask_AfterTheSendersRejection_TheCopyReadsRejected()
    {
        var (sender, engagement, _) = await server.SubmittedOpportunityAsync(server.A);
        await ApproveAsync(server.A, sender, "Rejected");

        var copy = (string)(await server.AcceptByTaskAsync(server.C, await server.InviteAsync(server.A, engagement, server.C)))["OpportunityId"]!;

        Assert.Equal("Rejected", await server.ReviewStatusAsync(server.C, copy));
    }

    [Fact]
    public async Task UpdateOpportunity_SandboxRejectedWhileAnotherSubmissionIsUnderReview_AwsInvitationStaysForTheOther()
    {
        // B's and C's own submissions share AWS's one invitation (C's task sends none while it is pending): rejecting
        // B's leaves it to C's review, whose approval accepts it.
        var engagement = await server.CreateEngagementAsync(server.A);
        var own = new List<string>();
        foreach (var member in new[] { server.B, server.C })
        {
            var id = (string)(await server.AcceptByTaskAsync(member, await server.InviteAsync(server.A, engagement, member)))["OpportunityId"]!;
            await server.AddSalesActivityAsync(member, id);
            TaskSteps.AssertComplete(await server.SubmitByTaskAsync(member, id));
            own.Add(id);
        }

        await ApproveAsync(server.B, own[0], "Rejected");
        var afterRejection = await AwsInvitationStatusAsync(server.B, engagement);
        await ApproveAsync(server.C, own[1]);

        Assert.Equal("PENDING", afterRejection);
        Assert.Equal("ACCEPTED", await AwsInvitationStatusAsync(server.B, engagement));
        Assert.Contains("aws", await MemberIdsAsync(server.A, engagement));
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_CopyOfTheApprovedOfTwoSubmissions_ShowsTheApprovedOne()
    {
        // B's submission is rejected, C's approved; D accepts C's invitation and reads Approved: its summary is the one
        // AWS opportunity that reads so, not the first (rejected) submission of the engagement.
        var engagement = await server.CreateEngagementAsync(server.A);
        var own = new List<string>();
        foreach (var (member, amount) in new[] { (server.B, "111"), (server.C, "222") })
        {
            var id = (string)(await server.AcceptByTaskAsync(member, await server.InviteAsync(server.A, engagement, member)))["OpportunityId"]!;
            await server.UpdateOkAsync(member, id, b => b["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = amount);
            await server.AddSalesActivityAsync(member, id);
            TaskSteps.AssertComplete(await server.SubmitByTaskAsync(member, id));
            own.Add(id);
        }
        await ApproveAsync(server.B, own[0], "Rejected");
        await ApproveAsync(server.C, own[1]);
        var copy = (string)(await server.AcceptByTaskAsync(server.D, await server.InviteAsync(server.C, engagement, server.D)))["OpportunityId"]!;

        var aws = (await server.OkAsync("GetAwsOpportunitySummary",
            new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = copy }, server.D))!;

        Assert.Equal("Approved", await server.ReviewStatusAsync(server.D, copy));
        Assert.Equal("222", (string?)aws["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"]);
        Assert.NotEmpty(aws["OpportunityTeam"]!.AsArray());
    }

    private async Task<string?> AwsInvitationStatusAsync(TestAccount sender, string engagement) =>
        (string?)(await server.SentInvitationsAsync(sender, engagement)).Single(i => (string?)i["Receiver"]!["Account"]!["AwsAccountId"] == "aws")["Status"];

    private async Task<List<string>> MemberIdsAsync(TestAccount caller, string engagement) =>
        (await server.MembersAsync(caller, engagement)).Select(m => (string)m["AccountId"]!).ToList();

    // ---------------------------------------------------------------- AWS referral

    private async Task<(string Opportunity, JsonObject Body, JsonObject Invitation)> ReferralAsync(TestAccount partner, string? title = null)
    {
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        body["Project"]!["Title"] = title ?? $"Referral {Guid.NewGuid():N}"[..30];
        var id = await server.CreateOpportunityAsync(partner, body);
        var expectedTitle = ((string)body["Project"]!["Title"]!) is var t && t.Length > 40 ? t[..40] : t;
        var summary = (await server.ReceivedInvitationsAsync(partner, "aws")).Single(i => (string?)i["EngagementTitle"] == expectedTitle);
        return (id, body, summary);
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferral_PendingInvitationFromAws()
    {
        var title = "AWS referred modernisation of the Acme order platform"; // longer than 40
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = server.Clock.GetUtcNow();

        var (_, body, summary) = await ReferralAsync(server.B, title);

        Assert.Equal("aws", (string?)summary["SenderAwsAccountId"]);
        Assert.Equal("AWS", (string?)summary["SenderCompanyName"]);
        Assert.Equal("PENDING", (string?)summary["Status"]);
        Assert.Equal("RECEIVER", (string?)summary["ParticipantType"]);
        Assert.Equal("OpportunityInvitation", (string?)summary["PayloadType"]);
        Assert.Equal(server.B.AccountId, (string?)summary["Receiver"]!["Account"]!["AwsAccountId"]);
        // AWS names the receiving partner by its company name (real AWS-sent invitations in AWS's Postman samples).
        Assert.Equal(server.B.CompanyName, (string?)summary["Receiver"]!["Account"]!["Alias"]);
        var invitation = await server.GetInvitationAsync(server.B, (string)summary["Id"]!);
        Assert.Equal(title[..40], (string?)invitation["EngagementTitle"]);
        Assert.Equal((string?)body["Project"]!["CustomerBusinessProblem"], (string?)invitation["EngagementDescription"]);
        Assert.Equal(ReferralMessage, (string?)invitation["InvitationMessage"]);
        Assert.Equal(now, Wire.Time(invitation["InvitationDate"]));
        Assert.Equal(now.AddDays(15), Wire.Time(invitation["ExpirationDate"]));
        Wire.Same(JsonNode.Parse("""[{"CompanyName":"AWS","WebsiteUrl":"www.aws.com"}]"""), invitation["ExistingMembers"], "ExistingMembers");
        var payload = invitation["Payload"]!["OpportunityInvitation"]!;
        Wire.Same(RequestBodies.Array("Services Partner", "Software Partner"), payload["ReceiverResponsibilities"], "ReceiverResponsibilities");
        Assert.Equal("Acme Corp", (string?)payload["Customer"]!["CompanyName"]);
        Assert.Equal(title, (string?)payload["Project"]!["Title"]);
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_PartnerInvitedIntoAReferralsEngagement_TheReferralsAwsOpportunity()
    {
        // One AWS opportunity per engagement: the referral made it, so the invited partner's summary shows it.
        var (referral, _, summary) = await ReferralAsync(server.D);
        await server.AcceptByTaskAsync(server.D, (string)summary["Id"]!);
        await server.UpdateOkAsync(server.D, referral, b => b["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"] = "777");
        var engagement = (string)(await server.GetInvitationAsync(server.D, (string)summary["Id"]!))["EngagementId"]!;
        var invitation = await server.InviteAsync(server.D, engagement, server.A); // its payload's spend is 5000.00
        var mirror = (string)(await server.AcceptByTaskAsync(server.A, invitation))["OpportunityId"]!;

        var aws = (await server.OkAsync("GetAwsOpportunitySummary",
            new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = mirror }, server.A))!;

        Assert.Equal(mirror, (string?)aws["RelatedOpportunityId"]);
        Assert.Equal("AWS Referral", (string?)aws["Origin"]);
        Assert.Equal("777", (string?)aws["Project"]!["ExpectedCustomerSpend"]![0]!["Amount"]);
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferral_OpportunityHiddenBeforeAcceptance()
    {
        var (id, _, _) = await ReferralAsync(server.B);

        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.B)).AssertError(404, "ResourceNotFoundException");
        Assert.DoesNotContain(id, await server.OpportunityIdsAsync(server.B));
        (await server.CallAsync("StartEngagementFromOpportunityTask", TaskSteps.SubmitTask(id), server.B))
            .AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_AwsReferral_RevealsTheOpportunityApproved()
    {
        var (id, body, summary) = await ReferralAsync(server.C);

        var task = await server.AcceptByTaskAsync(server.C, (string)summary["Id"]!);

        TaskSteps.AssertComplete(task);
        Assert.Equal(id, (string?)task["OpportunityId"]);
        var o = await server.GetOpportunityAsync(server.C, id);
        Assert.Equal("Approved", (string?)o["LifeCycle"]!["ReviewStatus"]);
        // The full original data, including what the invitation withheld (DG:awsopp).
        Wire.Same(body["Customer"], o["Customer"], "Customer");
        Assert.Equal((string?)body["Project"]!["Title"], (string?)o["Project"]!["Title"]);
        Assert.Contains(id, await server.OpportunityIdsAsync(server.C));
    }

    [Fact]
    public async Task GetAwsOpportunitySummary_AcceptedAwsReferral_AwsReferralOrigin()
    {
        var (id, _, summary) = await ReferralAsync(server.C);
        await server.AcceptByTaskAsync(server.C, (string)summary["Id"]!);

        // Spec 03 §1.3: the AWS-side view exists for accepted AWS referrals.
        var response = await server.CallAsync("GetAwsOpportunitySummary",
            new JsonObject { ["Catalog"] = "Sandbox", ["RelatedOpportunityIdentifier"] = id }, server.C);

        Assert.True(response.Status == 200, $"GetAwsOpportunitySummary of an accepted AWS referral: {response}");
        Assert.Equal(id, (string?)response.Json!["RelatedOpportunityId"]);
        Assert.Equal("AWS Referral", (string?)response.Json!["Origin"]);
    }

    [Fact]
    public async Task StartEngagementByAcceptingInvitationTask_AwsReferral_PartnerJoinsTheEngagementAwsCreated()
    {
        var (_, body, summary) = await ReferralAsync(server.C);

        await server.AcceptByTaskAsync(server.C, (string)summary["Id"]!);

        var engagement = (string)summary["EngagementId"]!;
        var e = await server.GetEngagementAsync(server.C, engagement);
        Assert.Equal("aws", (string?)e["CreatedBy"]);
        Assert.Equal(2, (int?)e["MemberCount"]);
        Assert.Equal((string?)body["Project"]!["CustomerBusinessProblem"], (string?)e["Description"]);
        Assert.Equal(["aws", server.C.AccountId], await MemberIdsAsync(server.C, engagement));
        Assert.Equal("ACCEPTED", (string?)(await server.GetInvitationAsync(server.C, (string)summary["Id"]!))["Status"]);
    }

    [Fact]
    public async Task RejectEngagementInvitation_AwsReferral_OpportunityStaysHidden()
    {
        var (id, _, summary) = await ReferralAsync(server.D);

        await server.OkAsync("RejectEngagementInvitation", RequestBodies.Identify((string)summary["Id"]!), server.D);

        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.D)).AssertError(404, "ResourceNotFoundException");
        Assert.DoesNotContain(id, await server.OpportunityIdsAsync(server.D));
        (await server.CallAsync("StartEngagementByAcceptingInvitationTask", TaskSteps.AcceptTask((string)summary["Id"]!), server.D))
            .AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task AcceptEngagementInvitation_AwsReferral_MembershipOnlyOpportunityStaysHidden()
    {
        // Spec 06 Q4 and Q9: the plain accept gives membership only; the referral's opportunity is revealed by the task.
        var (id, _, summary) = await ReferralAsync(server.D);

        await server.AcceptAsync(server.D, (string)summary["Id"]!);

        Assert.Equal(2, (int?)(await server.GetEngagementAsync(server.D, (string)summary["EngagementId"]!))["MemberCount"]);
        (await server.CallAsync("GetOpportunity", OpportunityBodies.Identify(id), server.D)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferral_LastModifiedDateIsTheCreatedInstantInMilliseconds()
    {
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        body["Project"]!["Title"] = $"Created {Guid.NewGuid():N}"[..30];
        server.Clock.Advance(TimeSpan.FromMilliseconds(321));

        var created = (await server.OkAsync("CreateOpportunity", body, server.B))!;

        // Spec 03 §1.3 and 06 Q17: CreateOpportunity's LastModifiedDate is the creation's instant in milliseconds, and
        // linking the referral's engagement does not move it.
        var invitation = (await server.ReceivedInvitationsAsync(server.B, "aws")).Single(i => (string?)i["EngagementTitle"] == (string?)body["Project"]!["Title"]);
        await server.AcceptByTaskAsync(server.B, (string)invitation["Id"]!);
        var revealed = await server.GetOpportunityAsync(server.B, (string)created["Id"]!);
        var modified = Wire.Time(created["LastModifiedDate"]);
        var now = server.Clock.GetUtcNow();
        Assert.True(now - modified < TimeSpan.FromMilliseconds(1) && modified <= now, $"{modified:O} is not {now:O} in milliseconds");
        Assert.Equal(modified.AddTicks(-(modified.UtcTicks % TimeSpan.TicksPerSecond)), Wire.Time(revealed["CreatedDate"]));
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferralReplayedWithSameClientToken_OneInvitation()
    {
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        body["Project"]!["Title"] = $"Replay {Guid.NewGuid():N}"[..30];

        var first = await server.OkAsync("CreateOpportunity", body, server.D);
        var again = await server.OkAsync("CreateOpportunity", body, server.D);

        Wire.Same(first, again, "the replayed CreateOpportunity");
        Assert.Single(await server.ReceivedInvitationsAsync(server.D, "aws"), i => (string?)i["EngagementTitle"] == (string?)body["Project"]!["Title"]);
    }

    [Fact]
    public async Task CreateOpportunity_AwsReferralWithoutWhatItsInvitationCarries_BusinessValidationAndNothingCreated()
    {
        // CreateOpportunity leaves these optional; the referral's invitation (EngagementCustomer, ProjectDetails) requires them.
        var body = OpportunityBodies.Create();
        body["Origin"] = "AWS Referral";
        body["Customer"]!["Account"]!["CompanyName"] = "";
        body["Customer"]!["Account"]!.AsObject().Remove("WebsiteUrl");
        body["Customer"]!["Account"]!.AsObject().Remove("Industry");
        body["Customer"]!["Account"]!["Address"]!.AsObject().Remove("CountryCode");
        body["Project"]!.AsObject().Remove("Title");
        body["Project"]!.AsObject().Remove("CustomerBusinessProblem");
        var invitationsBefore = (await server.ReceivedInvitationsAsync(server.C, "aws")).Count;
        var opportunitiesBefore = await server.OpportunityIdsAsync(server.C);

        var errors = (await server.CallAsync("CreateOpportunity", body, server.C)).AssertValidation("BUSINESS_VALIDATION_FAILED");

        Assert.Equal(
            [("customer.account.companyName", "REQUIRED_FIELD_MISSING"), ("customer.account.industry", "REQUIRED_FIELD_MISSING"),
             ("customer.account.websiteUrl", "REQUIRED_FIELD_MISSING"), ("customer.account.address.countryCode", "REQUIRED_FIELD_MISSING"),
             ("project.title", "REQUIRED_FIELD_MISSING"), ("project.customerBusinessProblem", "REQUIRED_FIELD_MISSING")],
            errors);
        Assert.Equal(invitationsBefore, (await server.ReceivedInvitationsAsync(server.C, "aws")).Count);
        Assert.Equal(opportunitiesBefore, await server.OpportunityIdsAsync(server.C));
        // The same opportunity as a Partner Referral needs none of them.
        body["Origin"] = "Partner Referral";
        body["ClientToken"] = RequestBodies.NewToken();
        Assert.Equal(200, (await server.CallAsync("CreateOpportunity", body, server.C)).Status);
    }
}
