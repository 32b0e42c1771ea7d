using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>
/// The client configuration the AWS SDK for .NET generates for a SigV4 service, with the service's names
/// (ServiceId "PartnerCentral Selling", signing name partnercentral-selling, API version 2022-07-26). A user points it
/// at Cosell with <see cref="ClientConfig.ServiceURL"/>, as they would with the SDK's own package.
/// </summary>
public sealed class SellingConfig : ClientConfig
{
    // The mode the SDK resolves to when nothing is configured, with the values it ships for every service.
    private static readonly IDefaultConfiguration[] Modes =
    [
        new DefaultConfiguration
        {
            Name = DefaultConfigurationMode.Standard,
            RetryMode = RequestRetryMode.Standard,
            ConnectTimeout = TimeSpan.FromMilliseconds(3100),
            TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
        },
    ];

    public SellingConfig()
        : base(new DefaultConfigurationProvider(Modes))
    {
        base.ServiceId = "PartnerCentral Selling";
        AuthenticationServiceName = "partnercentral-selling";
        EndpointProvider = new SellingEndpointProvider();
    }

    public override string RegionEndpointServiceName => "partnercentral-selling";

    public override string ServiceVersion => "2022-07-26";

    public override string UserAgent => "cosell-tests/dotnet-sdk-core";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        throw new NotSupportedException("The tests resolve endpoints only through the request pipeline.");
}
