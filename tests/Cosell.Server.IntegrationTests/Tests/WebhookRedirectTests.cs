using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>
/// A webhook that answers with a redirect (an http-to-https or trailing-slash redirect in front of a receiver) has not
/// received the event: a redirect is not a 2xx. Its own server, so its accounts' events are its own.
/// </summary>
public sealed class WebhookRedirectTests(EventsServer server) : IClassFixture<EventsServer>
{
    [Fact]
    public async Task Webhook_AnsweringARedirect_RetriedUntilA2xx_TheRedirectNeverFollowed()
    {
        var hook = EventsServer.HookPath(server.A);
        // Followed, a 302 turns the POST into a GET of the new place, without the event, and its 200 read as delivered.
        server.Receiver.RedirectNext(hook, 2, "/moved");

        await server.CreateOpportunityAsync(server.A);
        var feed = await server.FeedAllAsync(server.A);

        var delivered = await server.Receiver.WaitForIdsAsync(hook, [(string)Assert.Single(feed)["id"]!]);
        Assert.Equal([302, 302, 200], server.Receiver.Attempts(hook).Select(a => a.Status));
        Assert.Single(delivered);
        Assert.DoesNotContain(server.Receiver.Attempts(), a => a.Method == "GET");
    }
}
