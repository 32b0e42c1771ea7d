using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="CosellServer"/> whose accounts deliver their events to a <see cref="WebhookReceiver"/> run by the test:
/// every account has a webhook at <c>hooks/{accountId}</c>, and <see cref="CosellServer.D"/> a second one at
/// <c>filtered/{accountId}</c> taking only <see cref="FilteredTypes"/>. Delivery is made fast (50 ms polls, 20 ms first
/// retry); the background expiry sweep is slowed to once an hour, so tests run it themselves when they move the clock.
/// The receiver outlives restarts (same URLs).
/// </summary>
public class EventsServer : CosellServer
{
    public const string FeedPath = "/_cosell/events";

    public static readonly string[] FilteredTypes = ["Engagement Invitation Created", "Engagement Invitation Accepted"];

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>The path of the account's unfiltered webhook at the receiver.</summary>
    public static string HookPath(TestAccount account) => "hooks/" + account.AccountId;

    public static string FilteredPath(TestAccount account) => "filtered/" + account.AccountId;

    /// <summary>Events per feed page (the server's default is 100).</summary>
    protected virtual int FeedPageSize => 100;

    /// <summary>How often the background expiry sweep runs.</summary>
    protected virtual TimeSpan SweepInterval => TimeSpan.FromHours(1);

    /// <summary>How long a POST may hang: far longer than any test, so a hanging webhook hangs until the test frees it.</summary>
    protected virtual TimeSpan DeliveryTimeout => TimeSpan.FromMinutes(10);

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected override void ConfigureAccount(TestAccount account, JsonObject entry)
    {
        var hooks = new JsonArray(new JsonObject { ["url"] = Receiver.Url(HookPath(account)) });
        if (account == D)
        {
            hooks.Add(new JsonObject
            {
                ["url"] = Receiver.Url(FilteredPath(account)),
                ["detailTypes"] = RequestBodies.Array(FilteredTypes),
            });
        }
        entry["webhooks"] = hooks;
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new EventsOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            FirstRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
            DeliveryTimeout = DeliveryTimeout,
            SweepInterval = SweepInterval,
            FeedPageSize = FeedPageSize,
        });

    // ---- The feed ------------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>GET /_cosell/events?account=…[&amp;after=…]</c> signed as <paramref name="signer"/> the way an SDK signs a GET:
    /// host and x-amz-date, the query in the canonical request, the hash of the empty body.
    /// </summary>
    public HttpRequestMessage FeedRequest(TestAccount signer, string? account, string? after = null, bool sign = true)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (account is not null)
        {
            query.Add(new("account", account));
        }
        if (after is not null)
        {
            query.Add(new("after", after));
        }
        var target = FeedPath + (query.Count == 0 ? "" : "?" + string.Join('&',
            query.Select(p => TestSigner.UriEncode(p.Key) + "=" + TestSigner.UriEncode(p.Value))));
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        var signature = TestSigner.Sign("GET", FeedPath, new Dictionary<string, string> { ["host"] = BaseAddress.Authority }, [],
            signer.AccessKeyId, signer.SecretAccessKey, Clock.GetUtcNow(), query: query);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (sign)
        {
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        }
        return request;
    }

    public async Task<ApiResponse> FeedAsync(TestAccount signer, string? account, string? after = null, bool sign = true)
    {
        using var request = FeedRequest(signer, account, after, sign);
        return await SendAsync(request);
    }

    /// <summary>The account's whole feed, oldest first, following NextToken; also how many pages it took.</summary>
    public async Task<List<JsonObject>> FeedAllAsync(TestAccount account)
    {
        var events = new List<JsonObject>();
        string? after = null;
        for (var pages = 1; pages < 1000; pages++)
        {
            var page = await FeedAsync(account, account.AccountId, after);
            Assert.True(page.Status == 200, $"the feed of {account} should answer 200, got {page}");
            events.AddRange(page.Json!["Events"]!.AsArray().Select(e => e!.AsObject()));
            after = (string?)page.Json["NextToken"];
            if (after is null)
            {
                return events;
            }
        }
        throw new InvalidOperationException("the feed did not end");
    }

    // ---- Observing what an action produces -------------------------------------------------------------------

    /// <summary>
    /// Runs <paramref name="action"/> and returns every event it produced, for every account: what the feeds show as new
    /// once it has returned (the outbox is written in the request's transaction, so that is all of them), each after it
    /// has been delivered to the account's webhook, where it must arrive as exactly the same JSON. Ordered by account
    /// (the fixture's order), then oldest first.
    /// </summary>
    public async Task<List<JsonObject>> EventsOfAsync(Func<Task> action, TimeSpan? timeout = null)
    {
        var before = new Dictionary<TestAccount, int>();
        foreach (var account in Accounts)
        {
            before[account] = (await FeedAllAsync(account)).Count;
        }
        await action();
        var produced = new List<JsonObject>();
        foreach (var account in Accounts)
        {
            var fresh = (await FeedAllAsync(account)).Skip(before[account]).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }
            var delivered = await Receiver.WaitForIdsAsync(HookPath(account), fresh.Select(e => (string)e["id"]!).ToList(), timeout);
            foreach (var e in fresh)
            {
                var arrived = delivered.First(d => (string?)d["id"] == (string?)e["id"]);
                Wire.Same(e, arrived, $"event {(string?)e["id"]} as delivered to the webhook and as in the feed");
                produced.Add(arrived);
            }
        }
        return produced;
    }

    /// <summary>A short description of events for assertion messages.</summary>
    public static string Describe(IEnumerable<JsonObject> events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append("\n  ").Append(e.ToJsonString());
        }
        return sb.ToString();
    }
}

/// <summary>An <see cref="EventsServer"/> with feed pages of <see cref="PageSize"/> events, to page through short feeds.</summary>
public sealed class SmallPageEventsServer : EventsServer
{
    public const int PageSize = 4;

    protected override int FeedPageSize => PageSize;
}

/// <summary>An <see cref="EventsServer"/> whose background expiry sweep runs every 50 ms.</summary>
public sealed class SweepingEventsServer : EventsServer
{
    protected override TimeSpan SweepInterval => TimeSpan.FromMilliseconds(50);
}
