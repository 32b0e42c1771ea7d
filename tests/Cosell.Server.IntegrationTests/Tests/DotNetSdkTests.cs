using System.Net;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// The AWS SDK for .NET against a real server: requests signed, sent, retried and decoded by AWSSDK.Core's own runtime
/// (<see cref="SellingClient"/>). What these show that the hand-signed tests cannot: the .NET signer's headers are
/// accepted, the SDK finds each error's code, message and request id and maps it to the modelled exception, it decodes
/// our timestamps, and it does not retry what it must not.
/// </summary>
public sealed class DotNetSdkTests : IClassFixture<CosellServer>
{
    private readonly CosellServer server;

    public DotNetSdkTests(CosellServer server)
    {
        this.server = server;
        // The SDK signs with the machine's clock; the server's stands still from the fixture's start. Brought up to now
        // (never back) for each test, so the 15-minute signature window and the skew test do not depend on how long the
        // class has run.
        var now = DateTimeOffset.UtcNow;
        if (now > server.Clock.GetUtcNow())
        {
            server.Clock.Set(now);
        }
    }

    [Fact]
    public async Task InvitationLifecycle_CreateGetListReject_DecodedByTheSdk()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        using var b = DotNetSdkClients.For(server, server.B);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var sentAt = server.Clock.GetUtcNow();

        var engagement = await a.CreateEngagementAsync(NewEngagement());
        var created = await a.CreateEngagementInvitationAsync(NewInvitation(engagement.Id!, server.B));
        var received = await b.GetEngagementInvitationAsync(new() { Catalog = "Sandbox", Identifier = created.Id });
        var listed = await b.ListEngagementInvitationsAsync(new()
        {
            Catalog = "Sandbox", ParticipantType = "RECEIVER", EngagementIdentifier = [engagement.Id!],
        });
        await b.RejectEngagementInvitationAsync(new() { Catalog = "Sandbox", Identifier = created.Id, RejectionReason = "Customer has another partner" });
        var afterReject = await a.GetEngagementInvitationAsync(new() { Catalog = "Sandbox", Identifier = created.Id });

        Assert.Matches("^eng-[0-9a-z]{14}$", engagement.Id);
        Assert.Equal(sentAt.UtcDateTime, engagement.ModifiedAt?.ToUniversalTime());
        Assert.Matches("^engi-[0-9a-z]{13}$", created.Id);
        Assert.Equal(Wire.InvitationArn(created.Id!), created.Arn);
        Assert.Equal(HttpStatusCode.OK, created.HttpStatusCode);
        Assert.False(string.IsNullOrEmpty(created.ResponseMetadata.RequestId), "the SDK found no x-amzn-RequestId");

        Assert.Equal(created.Id, received.Id);
        Assert.Equal("PENDING", received.Status);
        Assert.Equal("OpportunityInvitation", received.PayloadType);
        Assert.Equal(engagement.Id, received.EngagementId);
        Assert.Equal(server.A.AccountId, received.SenderAwsAccountId);
        Assert.Equal(server.B.AccountId, received.ReceiverAwsAccountId);
        Assert.Equal(sentAt.UtcDateTime, received.InvitationDate?.ToUniversalTime());
        Assert.Equal(sentAt.UtcDateTime.AddDays(15), received.ExpirationDate?.ToUniversalTime());

        var summary = Assert.Single(listed.EngagementInvitationSummaries);
        Assert.Equal((created.Id, "PENDING", "RECEIVER"), (summary.Id, summary.Status, summary.ParticipantType));
        Assert.Equal(sentAt.UtcDateTime, summary.InvitationDate?.ToUniversalTime());
        Assert.Null(listed.NextToken);

        Assert.Equal("REJECTED", afterReject.Status);
        Assert.Equal("Customer has another partner", afterReject.RejectionReason);
    }

    [Fact]
    public async Task ListEngagementInvitations_OnePerPage_NextTokenLeadsThroughAllAndEnds()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        var engagement = await a.CreateEngagementAsync(NewEngagement());
        var sent = new List<string>();
        foreach (var receiver in new[] { server.B, server.C, server.D })
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            sent.Add((await a.CreateEngagementInvitationAsync(NewInvitation(engagement.Id!, receiver))).Id!);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await a.ListEngagementInvitationsAsync(new()
            {
                Catalog = "Sandbox", ParticipantType = "SENDER", EngagementIdentifier = [engagement.Id!], MaxResults = 1, NextToken = token,
            });
            pages++;
            seen.AddRange(page.EngagementInvitationSummaries.Select(s => s.Id!));
            token = page.NextToken;
        }
        while (token is not null && pages < 10);

        Assert.Equal(sent.Order(), seen.Order());
        Assert.InRange(pages, 3, 4); // the last page may come back empty
    }

    [Fact]
    public async Task ClientToken_SameBodyReplays_OtherBodyIsConflictException()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        var token = Guid.NewGuid().ToString();

        var first = await a.CreateEngagementAsync(NewEngagement(token));
        var replay = await a.CreateEngagementAsync(NewEngagement(token));
        var other = NewEngagement(token);
        other.Title = "Another title";
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => a.CreateEngagementAsync(other));

        Assert.Equal(first.Id, replay.Id);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("ConflictException", conflict.ErrorCode);
        Assert.False(string.IsNullOrEmpty(conflict.Message));
    }

    [Fact]
    public async Task MissingRequiredMember_ValidationExceptionWithReasonAndErrorList()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        var request = NewEngagement();
        request.Title = null;

        var e = await Assert.ThrowsAsync<ValidationException>(() => a.CreateEngagementAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal("REQUEST_VALIDATION_FAILED", e.Reason);
        var entry = Assert.Single(e.ErrorList);
        Assert.Equal(("title", "REQUIRED_FIELD_MISSING"), (entry.FieldName, entry.Code));
        Assert.False(string.IsNullOrEmpty(entry.Message));
        Assert.False(string.IsNullOrEmpty(e.RequestId), "the SDK found no request id on the error");
    }

    [Fact]
    public async Task UnknownInvitation_ResourceNotFoundException_ThirdAccount_AccessDeniedException()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        using var c = DotNetSdkClients.For(server, server.C);
        var engagement = await a.CreateEngagementAsync(NewEngagement());
        var created = await a.CreateEngagementInvitationAsync(NewInvitation(engagement.Id!, server.B));

        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            a.GetEngagementInvitationAsync(new() { Catalog = "Sandbox", Identifier = "engi-zzzzzzzzzzzzz" }));
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            c.GetEngagementInvitationAsync(new() { Catalog = "Sandbox", Identifier = created.Id }));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains(server.C.AccountId, denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_InvalidSignatureException_NotRetried()
    {
        var attempts = new AttemptCounter();
        using var client = DotNetSdkClients.For(server, server.A with { SecretAccessKey = server.B.SecretAccessKey }, retries: 3, attempts);

        var e = await Assert.ThrowsAsync<SellingServiceException>(() => client.CreateEngagementAsync(NewEngagement()));

        Assert.Equal("InvalidSignatureException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        // The SDK retries a signature error only when the server's Date header shows a skewed clock.
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task UnknownAccessKey_UnrecognizedClientException()
    {
        using var client = DotNetSdkClients.For(server, server.A with { AccessKeyId = "AKIAZZZZZZZZZZZZZZZZ" });

        var e = await Assert.ThrowsAsync<SellingServiceException>(() => client.CreateEngagementAsync(NewEngagement()));

        Assert.Equal("UnrecognizedClientException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }

    [Fact]
    public async Task SkewedClientClock_RefusedAsExpired_SdkLearnsTheServerTimeAndTheNextCallSucceeds()
    {
        var attempts = new AttemptCounter();
        using var a = DotNetSdkClients.For(server, server.A, retries: 2, attempts);
        var endpoint = server.BaseAddress.ToString();
        SdkClockSkew.Set(endpoint, TimeSpan.FromMinutes(-20)); // the client's clock runs 20 minutes slow

        var expired = await Assert.ThrowsAsync<SellingServiceException>(() => a.CreateEngagementAsync(NewEngagement()));
        var learned = Amazon.Runtime.CorrectClockSkew.GetClockCorrectionForEndpoint(endpoint);
        var created = await a.CreateEngagementAsync(NewEngagement());

        Assert.Equal(("InvalidSignatureException", HttpStatusCode.Forbidden), (expired.ErrorCode, expired.StatusCode));
        Assert.StartsWith("Signature expired: ", expired.Message, StringComparison.Ordinal);
        // AWSSDK.Core 4.1 takes the server's time from the refusal but does not retry an
        // InvalidSignatureException by itself; the correction holds for the next call.
        Assert.InRange(learned, TimeSpan.FromMinutes(-1), TimeSpan.FromMinutes(1));
        Assert.NotNull(created.Id);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task UpdateOpportunity_LastModifiedDateAsTheSdkWritesIt_AcceptedOnce_ThenConflictException()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        var members = OpportunityBodies.Create();
        members.Remove("ClientToken");
        var created = await a.CreateOpportunityAsync(new() { Members = members });
        var read = await a.GetOpportunityAsync(new() { Catalog = "Sandbox", Identifier = created.Id });

        var changed = (JsonObject)members.DeepClone();
        foreach (var createOnly in new[] { "Origin", "OpportunityTeam", "Tags" })
        {
            changed.Remove(createOnly);
        }
        changed["Project"]!["Title"] = "Renamed by the .NET SDK";
        UpdateOpportunityRequest Update(DateTime? lastModified) => new()
        {
            Catalog = "Sandbox", Identifier = created.Id, LastModifiedDate = lastModified, Members = changed,
        };
        var updated = await a.UpdateOpportunityAsync(Update(read.LastModifiedDate));
        var stale = await Assert.ThrowsAsync<ConflictException>(() => a.UpdateOpportunityAsync(Update(read.LastModifiedDate)));
        var reread = await a.GetOpportunityAsync(new() { Catalog = "Sandbox", Identifier = created.Id });

        Assert.Equal(created.LastModifiedDate, read.LastModifiedDate);
        Assert.True(updated.LastModifiedDate > read.LastModifiedDate, $"{updated.LastModifiedDate:O} after {read.LastModifiedDate:O}");
        Assert.Equal(updated.LastModifiedDate, reread.LastModifiedDate);
        Assert.Equal("Renamed by the .NET SDK", reread.ProjectTitle);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    internal static CreateEngagementRequest NewEngagement(string? token = null) => new()
    {
        Catalog = "Sandbox",
        ClientToken = token,
        Title = "Acme data platform migration",
        Description = "Joint engagement for Acme Corp's move of its data warehouse to AWS",
        Contexts = [RequestBodies.CustomerProjectContext()],
    };

    internal static CreateEngagementInvitationRequest NewInvitation(string engagementId, TestAccount receiver) => new()
    {
        Catalog = "Sandbox",
        EngagementIdentifier = engagementId,
        Invitation = (JsonObject)RequestBodies.OpportunityInvitation(engagementId, receiver.AccountId)["Invitation"]!.DeepClone(),
    };
}

/// <summary>A server on which account A has the documented quotas on (accounts file <c>"throttling": true</c>).</summary>
public class ThrottledAccountServer : CosellServer
{
    protected override void ConfigureAccount(TestAccount account, JsonObject entry)
    {
        if (account == A)
        {
            entry["throttling"] = true;
        }
    }
}

public sealed class DotNetSdkThrottlingTests(ThrottledAccountServer server) : IClassFixture<ThrottledAccountServer>
{
    [Fact]
    public async Task OverTheQuota_SdkRetriesThrottlingExceptionThenGivesUp_NextSecondAdmits()
    {
        using var a = DotNetSdkClients.For(server, server.A);
        var attempts = new AttemptCounter();
        using var retrying = DotNetSdkClients.For(server, server.A, retries: 2, attempts);
        // CreateEngagement allows 15 per second (spec 04 §4); the server's clock stands still, so the 16th is over.
        for (var i = 0; i < 15; i++)
        {
            await a.CreateEngagementAsync(DotNetSdkTests.NewEngagement());
        }

        var e = await Assert.ThrowsAsync<ThrottlingException>(() => retrying.CreateEngagementAsync(DotNetSdkTests.NewEngagement()));
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var admitted = await a.CreateEngagementAsync(DotNetSdkTests.NewEngagement());

        Assert.Equal((HttpStatusCode)429, e.StatusCode);
        Assert.Equal(3, attempts.Count); // the SDK counts ThrottlingException as retryable: the first attempt and two retries
        Assert.NotNull(admitted.Id);
    }
}
