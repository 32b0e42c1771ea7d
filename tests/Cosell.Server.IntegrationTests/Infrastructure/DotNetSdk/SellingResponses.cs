using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

public sealed class CreateEngagementResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public string? Arn { get; set; }
    public DateTime? ModifiedAt { get; set; }
}

public sealed class CreateEngagementInvitationResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public string? Arn { get; set; }
}

public sealed class GetEngagementInvitationResponse : AmazonWebServiceResponse
{
    public string? Arn { get; set; }
    public string? Id { get; set; }
    public string? Catalog { get; set; }
    public string? PayloadType { get; set; }
    public string? EngagementId { get; set; }
    public string? EngagementTitle { get; set; }
    public string? Status { get; set; }
    public DateTime? InvitationDate { get; set; }
    public DateTime? ExpirationDate { get; set; }
    public string? SenderAwsAccountId { get; set; }
    public string? SenderCompanyName { get; set; }
    public string? ReceiverAwsAccountId { get; set; }
    public string? RejectionReason { get; set; }
    public string? InvitationMessage { get; set; }
}

public sealed class ListEngagementInvitationsResponse : AmazonWebServiceResponse
{
    public List<EngagementInvitationSummary> EngagementInvitationSummaries { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class EngagementInvitationSummary
{
    public string? Id { get; set; }
    public string? Arn { get; set; }
    public string? EngagementId { get; set; }
    public string? Status { get; set; }
    public string? ParticipantType { get; set; }
    public string? SenderAwsAccountId { get; set; }
    public DateTime? InvitationDate { get; set; }
}

public sealed class RejectEngagementInvitationResponse : AmazonWebServiceResponse;

/// <summary>
/// Reads a response the way the SDK's generated unmarshallers do: its streaming reader, one member at a time, the
/// SDK's own readers for strings and timestamps; members it does not know are skipped. Errors go to
/// <see cref="SellingErrors"/>.
/// </summary>
internal abstract class SellingResponseUnmarshaller<TResponse> : JsonResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse, new()
{
    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        var response = new TResponse();
        var reader = new StreamingUtf8JsonReader(context.Stream);
        context.Read(ref reader);
        var depth = context.CurrentDepth;
        while (context.ReadAtDepth(depth, ref reader))
        {
            ReadMember(context, ref reader, depth, response);
        }
        return response;
    }

    protected abstract void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, TResponse response);

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
        SellingErrors.Unmarshall(context, innerException, statusCode);

    protected static string? Text(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader) =>
        StringUnmarshaller.Instance.Unmarshall(context, ref reader);

    protected static DateTime? Time(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader) =>
        NullableDateTimeUnmarshaller.Instance.Unmarshall(context, ref reader);
}

internal sealed class CreateEngagementUnmarshaller : SellingResponseUnmarshaller<CreateEngagementResponse>
{
    public static readonly CreateEngagementUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, CreateEngagementResponse response)
    {
        if (context.TestExpression("Id", depth))
        {
            response.Id = Text(context, ref reader);
        }
        else if (context.TestExpression("Arn", depth))
        {
            response.Arn = Text(context, ref reader);
        }
        else if (context.TestExpression("ModifiedAt", depth))
        {
            response.ModifiedAt = Time(context, ref reader);
        }
    }
}

internal sealed class CreateEngagementInvitationUnmarshaller : SellingResponseUnmarshaller<CreateEngagementInvitationResponse>
{
    public static readonly CreateEngagementInvitationUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, CreateEngagementInvitationResponse response)
    {
        if (context.TestExpression("Id", depth))
        {
            response.Id = Text(context, ref reader);
        }
        else if (context.TestExpression("Arn", depth))
        {
            response.Arn = Text(context, ref reader);
        }
    }
}

internal sealed class GetEngagementInvitationUnmarshaller : SellingResponseUnmarshaller<GetEngagementInvitationResponse>
{
    public static readonly GetEngagementInvitationUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, GetEngagementInvitationResponse r)
    {
        if (context.TestExpression("Arn", depth)) { r.Arn = Text(context, ref reader); }
        else if (context.TestExpression("Id", depth)) { r.Id = Text(context, ref reader); }
        else if (context.TestExpression("Catalog", depth)) { r.Catalog = Text(context, ref reader); }
        else if (context.TestExpression("PayloadType", depth)) { r.PayloadType = Text(context, ref reader); }
        else if (context.TestExpression("EngagementId", depth)) { r.EngagementId = Text(context, ref reader); }
        else if (context.TestExpression("EngagementTitle", depth)) { r.EngagementTitle = Text(context, ref reader); }
        else if (context.TestExpression("Status", depth)) { r.Status = Text(context, ref reader); }
        else if (context.TestExpression("InvitationDate", depth)) { r.InvitationDate = Time(context, ref reader); }
        else if (context.TestExpression("ExpirationDate", depth)) { r.ExpirationDate = Time(context, ref reader); }
        else if (context.TestExpression("SenderAwsAccountId", depth)) { r.SenderAwsAccountId = Text(context, ref reader); }
        else if (context.TestExpression("SenderCompanyName", depth)) { r.SenderCompanyName = Text(context, ref reader); }
        else if (context.TestExpression("Receiver", depth)) { r.ReceiverAwsAccountId = NestedStringUnmarshaller.ReceiverAccountId.Unmarshall(context, ref reader); }
        else if (context.TestExpression("RejectionReason", depth)) { r.RejectionReason = Text(context, ref reader); }
        else if (context.TestExpression("InvitationMessage", depth)) { r.InvitationMessage = Text(context, ref reader); }
    }
}

/// <summary>
/// One string inside nested structures (Receiver → Account → AwsAccountId, say), read one structure at a time as the
/// generated unmarshallers do; the structures' other members are skipped.
/// </summary>
internal sealed class NestedStringUnmarshaller(params string[] path) : IJsonUnmarshaller<string?, JsonUnmarshallerContext>
{
    public static readonly NestedStringUnmarshaller ReceiverAccountId = new("Account", "AwsAccountId");
    public static readonly NestedStringUnmarshaller ProjectTitle = new("Title");

    public string? Unmarshall(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader) => Read(context, ref reader, 0);

    private string? Read(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int level)
    {
        context.Read(ref reader);
        if (context.CurrentTokenType == JsonTokenType.Null)
        {
            return null;
        }
        string? value = null;
        var depth = context.CurrentDepth;
        while (context.ReadAtDepth(depth, ref reader))
        {
            if (context.TestExpression(path[level], depth))
            {
                value = level == path.Length - 1
                    ? StringUnmarshaller.Instance.Unmarshall(context, ref reader)
                    : Read(context, ref reader, level + 1);
            }
        }
        return value;
    }
}

internal sealed class ListEngagementInvitationsUnmarshaller : SellingResponseUnmarshaller<ListEngagementInvitationsResponse>
{
    public static readonly ListEngagementInvitationsUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, ListEngagementInvitationsResponse response)
    {
        if (context.TestExpression("EngagementInvitationSummaries", depth))
        {
            var list = new JsonListUnmarshaller<EngagementInvitationSummary, SummaryUnmarshaller>(SummaryUnmarshaller.Instance);
            response.EngagementInvitationSummaries = list.Unmarshall(context, ref reader) ?? [];
        }
        else if (context.TestExpression("NextToken", depth))
        {
            response.NextToken = Text(context, ref reader);
        }
    }

    internal sealed class SummaryUnmarshaller : IJsonUnmarshaller<EngagementInvitationSummary, JsonUnmarshallerContext>
    {
        public static readonly SummaryUnmarshaller Instance = new();

        public EngagementInvitationSummary Unmarshall(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader)
        {
            var s = new EngagementInvitationSummary();
            context.Read(ref reader);
            var depth = context.CurrentDepth;
            while (context.ReadAtDepth(depth, ref reader))
            {
                if (context.TestExpression("Id", depth)) { s.Id = Text(context, ref reader); }
                else if (context.TestExpression("Arn", depth)) { s.Arn = Text(context, ref reader); }
                else if (context.TestExpression("EngagementId", depth)) { s.EngagementId = Text(context, ref reader); }
                else if (context.TestExpression("Status", depth)) { s.Status = Text(context, ref reader); }
                else if (context.TestExpression("ParticipantType", depth)) { s.ParticipantType = Text(context, ref reader); }
                else if (context.TestExpression("SenderAwsAccountId", depth)) { s.SenderAwsAccountId = Text(context, ref reader); }
                else if (context.TestExpression("InvitationDate", depth)) { s.InvitationDate = Time(context, ref reader); }
            }
            return s;
        }
    }
}

/// <summary>An operation without output: the generated unmarshaller does not read the body at all.</summary>
internal sealed class RejectEngagementInvitationUnmarshaller : SellingResponseUnmarshaller<RejectEngagementInvitationResponse>
{
    public static readonly RejectEngagementInvitationUnmarshaller Instance = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context) => new RejectEngagementInvitationResponse();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, RejectEngagementInvitationResponse response)
    {
    }
}

public sealed class CreateOpportunityResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public string? PartnerOpportunityIdentifier { get; set; }
    public DateTime? LastModifiedDate { get; set; }
}

public sealed class GetOpportunityResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public string? ProjectTitle { get; set; }
    public DateTime? CreatedDate { get; set; }
    public DateTime? LastModifiedDate { get; set; }
}

public sealed class UpdateOpportunityResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public DateTime? LastModifiedDate { get; set; }
}

internal sealed class CreateOpportunityUnmarshaller : SellingResponseUnmarshaller<CreateOpportunityResponse>
{
    public static readonly CreateOpportunityUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, CreateOpportunityResponse r)
    {
        if (context.TestExpression("Id", depth)) { r.Id = Text(context, ref reader); }
        else if (context.TestExpression("PartnerOpportunityIdentifier", depth)) { r.PartnerOpportunityIdentifier = Text(context, ref reader); }
        else if (context.TestExpression("LastModifiedDate", depth)) { r.LastModifiedDate = Time(context, ref reader); }
    }
}

internal sealed class GetOpportunityUnmarshaller : SellingResponseUnmarshaller<GetOpportunityResponse>
{
    public static readonly GetOpportunityUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, GetOpportunityResponse r)
    {
        if (context.TestExpression("Id", depth)) { r.Id = Text(context, ref reader); }
        else if (context.TestExpression("Project", depth)) { r.ProjectTitle = NestedStringUnmarshaller.ProjectTitle.Unmarshall(context, ref reader); }
        else if (context.TestExpression("CreatedDate", depth)) { r.CreatedDate = Time(context, ref reader); }
        else if (context.TestExpression("LastModifiedDate", depth)) { r.LastModifiedDate = Time(context, ref reader); }
    }
}

internal sealed class UpdateOpportunityUnmarshaller : SellingResponseUnmarshaller<UpdateOpportunityResponse>
{
    public static readonly UpdateOpportunityUnmarshaller Instance = new();

    protected override void ReadMember(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, UpdateOpportunityResponse r)
    {
        if (context.TestExpression("Id", depth)) { r.Id = Text(context, ref reader); }
        else if (context.TestExpression("LastModifiedDate", depth)) { r.LastModifiedDate = Time(context, ref reader); }
    }
}
