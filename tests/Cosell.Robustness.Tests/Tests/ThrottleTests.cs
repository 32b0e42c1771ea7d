using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;
using Cosell.Protocol.Pipeline;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §6: the quotas of spec 04 §4 on an injected clock (no sleeps): per-second token buckets for the read and write
/// classes, rolling 24-hour limits, off by default, on with --throttling or per account, ThrottlingException 429.
/// </summary>
public sealed class ThrottleTests
{
    private static readonly Caller Alice = new("111111111111", "AKIAALICE");
    private static readonly Caller Bob = new("222222222222", "AKIABOB");

    private static OperationDescriptor Op(string name) => OperationTable.All[name];

    private static int Admitted(RequestThrottle throttle, Caller caller, OperationDescriptor op, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                throttle.Check(caller, op);
                admitted++;
            }
            catch (ApiException e) when (e.Type == "ThrottlingException")
            {
                Assert.Equal(429, e.StatusCode);
            }
        }
        return admitted;
    }

    [Fact]
    public void Check_Disabled_NeverThrottles()
    {
        var throttle = new RequestThrottle(false, new ManualClock(DateTimeOffset.UnixEpoch));
        Assert.Equal(1000, Admitted(throttle, Alice, Op("RejectEngagementInvitation"), 1000));
    }

    [Fact]
    public void Check_WriteClass_OnePerSecondRefillsWithTheClock()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(100));
        var throttle = new RequestThrottle(true, clock);
        var reject = Op("RejectEngagementInvitation");

        Assert.Equal(1, Admitted(throttle, Alice, reject, 5));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, Admitted(throttle, Alice, reject, 1));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, Admitted(throttle, Alice, reject, 5));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Admitted(throttle, Alice, reject, 5)); // the burst is one second's worth, however long the pause
    }

    [Fact]
    public void Check_ReadClass_TenPerSecondPerAccountPerOperation()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(100));
        var throttle = new RequestThrottle(true, clock);

        Assert.Equal(10, Admitted(throttle, Alice, Op("GetEngagementInvitation"), 15));
        Assert.Equal(10, Admitted(throttle, Bob, Op("GetEngagementInvitation"), 15)); // another account has its own bucket
        Assert.Equal(10, Admitted(throttle, Alice, Op("ListEngagementInvitations"), 15)); // and so has another operation
        clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(3, Admitted(throttle, Alice, Op("GetEngagementInvitation"), 15));
    }

    [Fact]
    public void Check_CreateEngagement_FifteenPerSecond()
    {
        var throttle = new RequestThrottle(true, new ManualClock(DateTimeOffset.UnixEpoch.AddDays(100)));
        Assert.Equal(15, Admitted(throttle, Alice, Op("CreateEngagement"), 40));
    }

    [Fact]
    public void QuotaFor_EveryOperation_DocumentedOrInferredClass()
    {
        foreach (var op in OperationTable.All.Values)
        {
            var quota = RequestThrottle.QuotaFor(op.Name, op.ReadOnly);
            Assert.True(quota.PerSecond > 0, op.Name);
            if (op.Name is "CreateEngagement" or "GetProspectingFromEngagementTask" or "ListProspectingFromEngagementTasks" or "StartProspectingFromEngagementTask")
            {
                Assert.Null(quota.PerDay); // no daily number documented
            }
            else
            {
                Assert.Equal(op.ReadOnly ? RequestThrottle.Quota.Read : RequestThrottle.Quota.Write, quota);
            }
        }
        Assert.Equal(RequestThrottle.Quota.Write, RequestThrottle.QuotaFor("CreateEngagementInvitation", false));
        Assert.Equal(new RequestThrottle.Quota(10, 100_000), RequestThrottle.Quota.Read);
        Assert.Equal(new RequestThrottle.Quota(1, 10_000), RequestThrottle.Quota.Write);
    }

    [Fact]
    public void Check_WriteClass_TenThousandOneWithin24Hours_LastThrottledUntilTheFirstLeavesTheWindow()
    {
        var start = DateTimeOffset.UnixEpoch.AddDays(200);
        var clock = new ManualClock(start);
        var throttle = new RequestThrottle(true, clock);
        var reject = Op("RejectEngagementInvitation");

        // One write a second (the per-second bucket always has its token): 10,000 pass, the 10,001st does not.
        for (var i = 0; i < 10_000; i++)
        {
            throttle.Check(Alice, reject);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var daily = Assert.Throws<ApiException>(() => throttle.Check(Alice, reject));
        Assert.Equal("ThrottlingException", daily.Type);
        Assert.Contains("24 hours", daily.Message, StringComparison.Ordinal);

        // Still refused one second before the first write is 24 hours old; admitted once it is.
        clock.Set(start.AddHours(24).AddSeconds(-1));
        Assert.Throws<ApiException>(() => throttle.Check(Alice, reject));
        clock.Set(start.AddHours(24));
        throttle.Check(Alice, reject);
        Assert.Throws<ApiException>(() => throttle.Check(Alice, reject)); // the next slot opens a second later
        clock.Advance(TimeSpan.FromSeconds(1));
        throttle.Check(Alice, reject);
        Assert.Throws<ApiException>(() => throttle.Check(Alice, reject));
        Assert.Equal(1, Admitted(throttle, Bob, reject, 3)); // other accounts are not affected
    }

    [Fact]
    public void Check_ReadClass_HundredThousandWithin24Hours_ThenThrottled()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(300));
        var throttle = new RequestThrottle(true, clock);
        var get = Op("GetEngagementInvitation");
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(10, Admitted(throttle, Alice, get, 10));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(0, Admitted(throttle, Alice, get, 1));
        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(10, Admitted(throttle, Alice, get, 11));
    }

    [Fact]
    public void Check_ThrottledRequests_DoNotCountTowardTheDailyLimit()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(400));
        var throttle = new RequestThrottle(true, clock);
        var reject = Op("RejectEngagementInvitation");
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(1, Admitted(throttle, Alice, reject, 3)); // two of three refused each second
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(0, Admitted(throttle, Alice, reject, 1));
    }

    [Fact]
    public void Check_PerAccountOverrides_WinOverTheGlobalSwitch()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(100));
        var reject = Op("RejectEngagementInvitation");
        var offByDefault = new RequestThrottle(false, clock, new Dictionary<string, bool> { [Alice.AccountId] = true });
        Assert.Equal(1, Admitted(offByDefault, Alice, reject, 5));
        Assert.Equal(5, Admitted(offByDefault, Bob, reject, 5));

        var onByDefault = new RequestThrottle(true, clock, new Dictionary<string, bool> { [Alice.AccountId] = false });
        Assert.Equal(5, Admitted(onByDefault, Alice, reject, 5));
        Assert.Equal(1, Admitted(onByDefault, Bob, reject, 5));
    }

    [Fact]
    public async Task Serve_ThrottlingOn_EleventhReadInOneSecondIs429ThrottlingExceptionUntilTheClockMoves()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 2, Throttling = true });
        var a = server.Accounts[0];
        var list = new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER" };

        var answers = new List<ApiResponse>();
        for (var i = 0; i < 11; i++)
        {
            answers.Add(await server.Client.CallAsync("ListEngagementInvitations", list, a));
        }

        Assert.All(answers.Take(10), r => Assert.Equal(200, r.Status));
        var body = ProtocolErrors.Assert(answers[10], 429, "ThrottlingException");
        Assert.Contains("ListEngagementInvitations", (string)body["message"]!, StringComparison.Ordinal);
        // Another account is not affected; this one is served again once the (injected) clock has moved.
        Assert.Equal(200, (await server.Client.CallAsync("ListEngagementInvitations", list, server.Accounts[1])).Status);
        server.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(200, (await server.Client.CallAsync("ListEngagementInvitations", list, a)).Status);
        Assert.Equal(429, (await server.Client.CallAsync("ListEngagementInvitations", list, a)).Status);
    }

    [Fact]
    public async Task Serve_ThrottlingOffByDefault_HundredReadsInOneInstantAllServed()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 1 });
        var list = new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER" };
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(200, (await server.Client.CallAsync("ListEngagementInvitations", list, server.Accounts[0])).Status);
        }
    }

    [Fact]
    public async Task Serve_AccountsFileThrottlingOverride_OnlyThatAccountThrottled()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings
        {
            AccountCount = 3, Throttling = false, ThrottlingOverrides = new Dictionary<int, bool> { [0] = true },
        });
        var create = (TestAccount who) => server.Client.CallAsync("CreateEngagement", Bodies.Engagement(), who);

        var throttled = new List<int>();
        var free = new List<int>();
        for (var i = 0; i < 16; i++)
        {
            throttled.Add((await create(server.Accounts[0])).Status);
            free.Add((await create(server.Accounts[1])).Status);
        }

        Assert.Equal(Enumerable.Repeat(200, 15).Append(429), throttled);
        Assert.All(free, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task Serve_AccountsFileThrottlingOff_ExemptFromTheGlobalFlag()
    {
        await using var server = await InProcessServer.StartAsync(new ServerSettings
        {
            AccountCount = 2, Throttling = true, ThrottlingOverrides = new Dictionary<int, bool> { [1] = false },
        });
        var list = new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "SENDER" };
        var statuses = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await server.Client.CallAsync("ListEngagementInvitations", list, server.Accounts[1])).Status);
        }
        Assert.All(statuses, s => Assert.Equal(200, s));
        for (var i = 0; i < 10; i++)
        {
            await server.Client.CallAsync("ListEngagementInvitations", list, server.Accounts[0]);
        }
        Assert.Equal(429, (await server.Client.CallAsync("ListEngagementInvitations", list, server.Accounts[0])).Status);
    }
}
