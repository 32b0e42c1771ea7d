using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>What the SDK's pipeline asks of a service: its id and its operations' names.</summary>
internal sealed class SellingMetadata : IServiceMetadata
{
    public static readonly SellingMetadata Instance = new();

    public string ServiceId => "PartnerCentral Selling";

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
}

/// <summary>
/// Resolves the endpoint from <see cref="ClientConfig.ServiceURL"/> and the signing region, as the SDK's generated
/// resolvers do; the SDK's base class then sets the request's endpoint and signing properties.
/// </summary>
internal sealed class SellingEndpointResolver : BaseEndpointResolver
{
    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
    {
        var config = requestContext.ClientConfig;
        var parameters = new EndpointParameters
        {
            ["Endpoint"] = config.ServiceURL,
            ["Region"] = config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName ?? RegionEndpoint.USEast1.SystemName,
            ["UseFIPS"] = config.UseFIPSEndpoint,
        };
        return parameters;
    }
}

/// <summary>A custom endpoint wins, as in every AWS endpoint rule set; there is no other endpoint for these tests.</summary>
internal sealed class SellingEndpointProvider : IEndpointProvider
{
    public Endpoint ResolveEndpoint(EndpointParameters parameters) =>
        parameters["Endpoint"] is string url && url.Length > 0
            ? new Endpoint(url)
            : throw new AmazonClientException("Set ServiceURL: the tests only call Cosell.");
}

/// <summary>The service's modelled auth scheme: SigV4 for every operation.</summary>
internal sealed class SellingAuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
        AuthSchemeOption.DEFAULT_SIGV4;
}
