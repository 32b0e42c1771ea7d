using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cosell.Server.Hosting;
using Cosell.Server.IntegrationTests.Infrastructure;
using Cosell.Service.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Cosell.Server.IntegrationTests.Infrastructure.ExpectedEvents;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// <c>--clock-control</c>: <c>POST /_cosell/clock</c> moves the server's business time forward while requests stay
/// signed with the wall clock (the fixture's clock, which does not move here). The moves add up over the class: each
/// test compares with the time it read before moving.
/// </summary>
public sealed class ClockControlTests(ClockControlServer server) : IClassFixture<ClockControlServer>
{
    private const string ClockPath = "/_cosell/clock";

    private async Task<HttpResponseMessage> AdvanceAsync(string body) =>
        await server.Http.PostAsync(ClockPath, new StringContent(body));

    private async Task<(DateTimeOffset Now, string Offset)> ReadAsync()
    {
        var report = (await server.Http.GetFromJsonAsync<JsonObject>(ClockPath))!;
        return (Wire.Time(report["now"]), (string)report["offset"]!);
    }

    [Fact]
    public async Task Advance_SixteenDays_PendingInvitationReadsExpiredToASignedRequest()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);
        var before = await ReadAsync();

        using var moved = await AdvanceAsync("""{"advance":"P16D"}""");
        var after = await ReadAsync();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(before.Now + TimeSpan.FromDays(16), after.Now); // the fixture's wall clock stands still
        Assert.Equal("EXPIRED", (string?)(await server.GetInvitationAsync(server.B, invitation))["Status"]);
        (await server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitation), server.B)).AssertError(409, "ConflictException");
    }

    [Fact]
    public async Task Advance_PastTheLifetime_TheSweepSendsExpiredEventsStampedWithTheMovedTime()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var invitation = await server.InviteAsync(server.A, engagement, server.B);
        (await AdvanceAsync("""{"advance":"P15DT1H"}""")).Dispose();
        var now = (await ReadAsync()).Now;

        var events = await server.EventsOfAsync(async () =>
            await server.Services.GetRequiredService<InvitationExpiry>().SweepAsync(CancellationToken.None));

        var expired = events.Where(e => (string?)e["detail"]?["engagementInvitation"]?["id"] == invitation).ToList();
        Assert.Equal(2, expired.Count); // the sender's and the receiver's
        Assert.All(expired, e => Assert.Equal(InvitationExpired, (string?)e["detail-type"]));
        Assert.All(expired, e => Assert.Equal(Time(now), (string?)e["time"]));
    }

    [Fact]
    public async Task Advance_CreatedDatesFollowTheMovedTime()
    {
        var before = (await ReadAsync()).Now;
        (await AdvanceAsync("""{"advance":"PT25H"}""")).Dispose();

        var engagement = await server.GetEngagementAsync(server.A, await server.CreateEngagementAsync(server.A));

        Assert.Equal(before + TimeSpan.FromHours(25), Wire.Time(engagement["CreatedAt"]));
    }

    [Theory]
    [InlineData("""{"advance":"-P1D"}""", "forward only")]
    [InlineData("""{"advance":"16 days"}""", "ISO 8601 duration")]
    [InlineData("""{"advance":"P99999999D"}""", "at most")]
    [InlineData("""{"advance":"P36601D"}""", "at most")]
    [InlineData("""{"by":"P1D"}""", "The body must be")]
    [InlineData("{}", "The body must be")]
    [InlineData("""{"advance":"P1.5D"}""", "whole numbers but for the seconds")]
    [InlineData("""{"advance":null}""", "The body must be")]
    [InlineData("[]", "The body must be")]
    [InlineData("", "The body must be")]
    [InlineData("huge", "at most 1024 bytes")]
    [InlineData("long", "such as P16D or PT25H, not 'P9999")]
    public async Task Advance_NotAForwardDuration_400SayingWhy_TimeUnchanged(string body, string expected)
    {
        // A duration followed by a megabyte of spaces (valid JSON, but no small body); an unreadable duration of 900
        // characters, shown cut short.
        body = body switch
        {
            "huge" => "{\"advance\":\"P1D\"}" + new string(' ', 1 << 20),
            "long" => "{\"advance\":\"P" + new string('9', 900) + "D\"}",
            _ => body,
        };
        var before = await ReadAsync();

        using var refused = await AdvanceAsync(body);
        var message = (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["Message"];

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cosell.", message, StringComparison.Ordinal); // no .NET type names
        Assert.True(message!.Length < 400, $"a short message, not an echo of the body: {message.Length} characters");
        Assert.Equal(before, await ReadAsync());
    }
}

/// <summary>On SQLite even when the suite runs on PostgreSQL: the flag refuses a PostgreSQL store.</summary>
public sealed class ClockControlServer : EventsServer
{
    protected override ServeOptions ConfigureOptions(ServeOptions options) => options with { ClockControl = true, Store = null };
}

/// <summary>A clock-control server on which account A has the documented quotas on.</summary>
public sealed class ClockControlThrottledServer : ThrottledAccountServer
{
    protected override ServeOptions ConfigureOptions(ServeOptions options) => options with { ClockControl = true, Store = null };
}

/// <summary>The quotas count real seconds: moving the business clock does not refill them.</summary>
public sealed class ClockControlThrottlingTests(ClockControlThrottledServer server) : IClassFixture<ClockControlThrottledServer>
{
    [Fact]
    public async Task Advance_ADay_AWriteQuotaSpentThisSecondStaysSpent_TheNextRealSecondAdmits()
    {
        // CreateOpportunity is of the write class, one a second (spec 04 §4); the fixture's wall clock stands still.
        await server.CreateOpportunityAsync(server.A);
        var over = await server.CallAsync("CreateOpportunity", OpportunityBodies.Create(), server.A);
        (await server.Http.PostAsync("/_cosell/clock", new StringContent("""{"advance":"P1D"}"""))).Dispose();

        var afterTheMove = await server.CallAsync("CreateOpportunity", OpportunityBodies.Create(), server.A);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await server.CallAsync("CreateOpportunity", OpportunityBodies.Create(), server.A);

        over.AssertError(429, "ThrottlingException");
        afterTheMove.AssertError(429, "ThrottlingException");
        Assert.Equal(200, nextSecond.Status);
    }
}

/// <summary>Without <c>--clock-control</c> the clock cannot be read or moved, and the answer says how to turn it on.</summary>
public sealed class ClockControlOffTests(CosellServer server) : IClassFixture<CosellServer>
{
    [Fact]
    public async Task Clock_WithoutTheFlag_404NamingTheFlag()
    {
        using var get = await server.Http.GetAsync("/_cosell/clock");
        using var post = await server.Http.PostAsync("/_cosell/clock", new StringContent("""{"advance":"P16D"}"""));

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("--clock-control", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Message"], StringComparison.Ordinal);
        }
    }
}

/// <summary>An EventBridge-forwarding server with the clock control on (SQLite, as <see cref="ClockControlServer"/>).</summary>
public sealed class ClockControlEventBridgeServer : EventBridgeServer
{
    protected override ServeOptions ConfigureOptions(ServeOptions options) => options with { ClockControl = true, Store = null };
}

/// <summary>
/// PutEvents is signed with the wall clock, as the server's own signature check is: EventBridge refuses a signature dated
/// more than five minutes from its own time, whatever the event's moved time says.
/// </summary>
public sealed class ClockControlEventBridgeTests(ClockControlEventBridgeServer server) : IClassFixture<ClockControlEventBridgeServer>
{
    [Fact]
    public async Task Advance_ADay_PutEventsSignedAtTheWallClock_TheEntryDatedInTheMovedTime()
    {
        var account = server.A;
        var wall = server.Clock.GetUtcNow(); // stands still in this class
        (await server.Http.PostAsync("/_cosell/clock", new StringContent("""{"advance":"P1D"}"""))).Dispose();

        await server.CreateEngagementAsync(account);
        var path = EventBridgeServer.BusPath(account);
        var call = (await server.Receiver.WaitUntilAsync(a => a.Any(x => x.Path == path), "a PutEvents call")).First(c => c.Path == path);

        Assert.Equal(wall.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), call.Header("X-Amz-Date"));
        Assert.Contains($"/{wall.UtcDateTime:yyyyMMdd}/us-east-1/events/aws4_request,", call.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal((wall + TimeSpan.FromDays(1)).ToUnixTimeSeconds(), (long)call.Json!["Entries"]![0]!["Time"]!);
    }
}
