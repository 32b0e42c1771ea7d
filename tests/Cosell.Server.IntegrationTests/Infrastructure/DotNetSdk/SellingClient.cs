using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>
/// A PartnerCentral Selling client on the AWS SDK for .NET's runtime (AWSSDK.Core): its request pipeline, SigV4 signer,
/// HTTP handler, retry policy, clock-skew correction and error parsing are the SDK's; only what the SDK generates per
/// service (configuration, endpoint and auth-scheme resolution, one marshaller and unmarshaller per operation) is
/// written here, following the generated code's shape, because the service's own package
/// (AWSSDK.PartnerCentralSelling) is not available to this build.
/// </summary>
public sealed class SellingClient(string accessKeyId, string secretAccessKey, SellingConfig config)
    : AmazonServiceClient(accessKeyId, secretAccessKey, config)
{
    protected override IServiceMetadata ServiceMetadata => SellingMetadata.Instance;

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new SellingEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SellingAuthSchemeHandler());
    }

    public Task<CreateEngagementResponse> CreateEngagementAsync(CreateEngagementRequest request, CancellationToken ct = default) =>
        Send<CreateEngagementResponse>(request, CreateEngagementUnmarshaller.Instance, ct);

    public Task<CreateEngagementInvitationResponse> CreateEngagementInvitationAsync(CreateEngagementInvitationRequest request, CancellationToken ct = default) =>
        Send<CreateEngagementInvitationResponse>(request, CreateEngagementInvitationUnmarshaller.Instance, ct);

    public Task<GetEngagementInvitationResponse> GetEngagementInvitationAsync(GetEngagementInvitationRequest request, CancellationToken ct = default) =>
        Send<GetEngagementInvitationResponse>(request, GetEngagementInvitationUnmarshaller.Instance, ct);

    public Task<ListEngagementInvitationsResponse> ListEngagementInvitationsAsync(ListEngagementInvitationsRequest request, CancellationToken ct = default) =>
        Send<ListEngagementInvitationsResponse>(request, ListEngagementInvitationsUnmarshaller.Instance, ct);

    public Task<RejectEngagementInvitationResponse> RejectEngagementInvitationAsync(RejectEngagementInvitationRequest request, CancellationToken ct = default) =>
        Send<RejectEngagementInvitationResponse>(request, RejectEngagementInvitationUnmarshaller.Instance, ct);

    public Task<CreateOpportunityResponse> CreateOpportunityAsync(CreateOpportunityRequest request, CancellationToken ct = default) =>
        Send<CreateOpportunityResponse>(request, CreateOpportunityUnmarshaller.Instance, ct);

    public Task<GetOpportunityResponse> GetOpportunityAsync(GetOpportunityRequest request, CancellationToken ct = default) =>
        Send<GetOpportunityResponse>(request, GetOpportunityUnmarshaller.Instance, ct);

    public Task<UpdateOpportunityResponse> UpdateOpportunityAsync(UpdateOpportunityRequest request, CancellationToken ct = default) =>
        Send<UpdateOpportunityResponse>(request, UpdateOpportunityUnmarshaller.Instance, ct);

    private Task<T> Send<T>(SellingRequest request, Amazon.Runtime.Internal.Transform.ResponseUnmarshaller unmarshaller, CancellationToken ct)
        where T : AmazonWebServiceResponse, new() =>
        InvokeAsync<T>(request, new InvokeOptions { RequestMarshaller = SellingRequestMarshaller.Instance, ResponseUnmarshaller = unmarshaller }, ct);
}
