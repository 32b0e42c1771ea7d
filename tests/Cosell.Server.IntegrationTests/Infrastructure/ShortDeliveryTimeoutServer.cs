namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>A server whose webhook POSTs give up after 200 ms.</summary>
public sealed class ShortDeliveryTimeoutServer : EventsServer
{
    protected override TimeSpan DeliveryTimeout => TimeSpan.FromMilliseconds(200);
}
