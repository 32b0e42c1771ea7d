namespace Cosell.Server.Events;

public sealed class EventsOptions
{
    /// <summary>How often PENDING invitations past their ExpirationDate are turned into Expired events.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often webhooks look for new events (delivery is within about this delay of the commit).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retry backoff of a failing webhook: doubles from the first value up to the cap.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one POST to a webhook may go unanswered before it counts as failed (and is retried).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Page size of the event feed.</summary>
    public int FeedPageSize { get; set; } = 100;
}
