using Amazon.Runtime;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>Clients for one test server, configured as a user would: the server's URL, us-east-1, the account's key.</summary>
public static class DotNetSdkClients
{
    public static SellingClient For(CosellServer server, TestAccount account, int retries = 0, AttemptCounter? attempts = null)
    {
        var config = new SellingConfig
        {
            ServiceURL = server.BaseAddress.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = retries,
        };
        if (attempts is not null)
        {
            config.HttpClientFactory = attempts;
        }
        return new SellingClient(account.AccessKeyId, account.SecretAccessKey, config);
    }
}

/// <summary>
/// Counts the HTTP requests the SDK sends (first attempts and retries), through the SDK's own hook for supplying
/// its HttpClient.
/// </summary>
public sealed class AttemptCounter : HttpClientFactory
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class CountingHandler(AttemptCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
