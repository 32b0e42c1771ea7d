using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>
/// A request of the hand-written client: the SDK's generated request classes hold typed members and one marshaller
/// each; here every request writes its own members and <see cref="SellingRequestMarshaller"/> does the rest the way
/// the generated marshallers do (target header, content type, API version header, a new ClientToken when unset).
/// </summary>
public abstract class SellingRequest : AmazonWebServiceRequest
{
    internal abstract string Operation { get; }

    internal abstract void WriteMembers(Utf8JsonWriter writer);

    /// <summary>The idempotency token member, filled with a new GUID when unset, as the generated marshallers do.</summary>
    protected static void WriteClientToken(Utf8JsonWriter writer, string? token) =>
        writer.WriteString("ClientToken", token ?? Guid.NewGuid().ToString());

    /// <summary>Writes the members of <paramref name="members"/> except those the request writes itself.</summary>
    protected static void WriteJsonMembers(Utf8JsonWriter writer, JsonObject members, params string[] except)
    {
        foreach (var (name, value) in members)
        {
            if (!except.Contains(name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }
        }
    }

    protected static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

internal sealed class SellingRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static readonly SellingRequestMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var publicRequest = (SellingRequest)input;
        IRequest request = new DefaultRequest(publicRequest, "Amazon.PartnerCentralSelling");
        request.Headers["X-Amz-Target"] = "AWSPartnerCentralSelling." + publicRequest.Operation;
        request.Headers["Content-Type"] = "application/x-amz-json-1.0";
        request.Headers[Amazon.Util.HeaderKeys.XAmzApiVersion] = "2022-07-26";
        request.HttpMethod = "POST";
        request.ResourcePath = "/";
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            publicRequest.WriteMembers(writer);
            writer.WriteEndObject();
        }
        request.Content = body.ToArray();
        return request;
    }
}

public sealed class CreateEngagementRequest : SellingRequest
{
    public string? Catalog { get; set; }
    public string? ClientToken { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }

    /// <summary>The Contexts list as JSON (the tests build it from the captured SDK requests).</summary>
    public JsonArray? Contexts { get; set; }

    internal override string Operation => "CreateEngagement";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        WriteIfSet(writer, "Catalog", Catalog);
        WriteClientToken(writer, ClientToken);
        WriteIfSet(writer, "Title", Title);
        WriteIfSet(writer, "Description", Description);
        if (Contexts is not null)
        {
            writer.WritePropertyName(nameof(Contexts));
            Contexts.WriteTo(writer);
        }
    }
}

public sealed class CreateEngagementInvitationRequest : SellingRequest
{
    public string? Catalog { get; set; }
    public string? ClientToken { get; set; }
    public string? EngagementIdentifier { get; set; }

    /// <summary>The Invitation structure (message, receiver, payload) as JSON: the tests build it from the captured SDK requests.</summary>
    public JsonObject? Invitation { get; set; }

    internal override string Operation => "CreateEngagementInvitation";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        WriteIfSet(writer, "Catalog", Catalog);
        WriteClientToken(writer, ClientToken);
        WriteIfSet(writer, nameof(EngagementIdentifier), EngagementIdentifier);
        if (Invitation is not null)
        {
            writer.WritePropertyName(nameof(Invitation));
            Invitation.WriteTo(writer);
        }
    }
}

/// <summary>The requests that name one resource: <c>Catalog</c> and <c>Identifier</c>, then their own members.</summary>
public abstract class IdentifiedRequest : SellingRequest
{
    public string? Catalog { get; set; }
    public string? Identifier { get; set; }

    internal sealed override void WriteMembers(Utf8JsonWriter writer)
    {
        WriteIfSet(writer, "Catalog", Catalog);
        WriteIfSet(writer, "Identifier", Identifier);
        WriteOwnMembers(writer);
    }

    private protected virtual void WriteOwnMembers(Utf8JsonWriter writer)
    {
    }
}

public sealed class GetEngagementInvitationRequest : IdentifiedRequest
{
    internal override string Operation => "GetEngagementInvitation";
}

public sealed class ListEngagementInvitationsRequest : SellingRequest
{
    public string? Catalog { get; set; }
    public string? ParticipantType { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public List<string>? EngagementIdentifier { get; set; }

    internal override string Operation => "ListEngagementInvitations";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        WriteIfSet(writer, "Catalog", Catalog);
        WriteIfSet(writer, "ParticipantType", ParticipantType);
        if (MaxResults is { } max)
        {
            writer.WriteNumber(nameof(MaxResults), max);
        }
        WriteIfSet(writer, "NextToken", NextToken);
        if (EngagementIdentifier is not null)
        {
            writer.WriteStartArray(nameof(EngagementIdentifier));
            foreach (var id in EngagementIdentifier)
            {
                writer.WriteStringValue(id);
            }
            writer.WriteEndArray();
        }
    }
}

public sealed class RejectEngagementInvitationRequest : IdentifiedRequest
{
    public string? RejectionReason { get; set; }

    internal override string Operation => "RejectEngagementInvitation";

    private protected override void WriteOwnMembers(Utf8JsonWriter writer) => WriteIfSet(writer, "RejectionReason", RejectionReason);
}

/// <summary>
/// CreateOpportunity with its many structures given as JSON (<see cref="Members"/>: Catalog, Customer, Project, ...);
/// only the idempotency token is the marshaller's.
/// </summary>
public sealed class CreateOpportunityRequest : SellingRequest
{
    public string? ClientToken { get; set; }
    public JsonObject Members { get; set; } = [];

    internal override string Operation => "CreateOpportunity";

    internal override void WriteMembers(Utf8JsonWriter writer)
    {
        WriteClientToken(writer, ClientToken);
        WriteJsonMembers(writer, Members, "ClientToken");
    }
}

public sealed class GetOpportunityRequest : IdentifiedRequest
{
    internal override string Operation => "GetOpportunity";
}

/// <summary>
/// UpdateOpportunity: <see cref="LastModifiedDate"/> is a .NET DateTime written by the SDK's own formatter for
/// <c>date-time</c> members (whole seconds, or milliseconds when there are any), the rest as JSON.
/// </summary>
public sealed class UpdateOpportunityRequest : IdentifiedRequest
{
    public DateTime? LastModifiedDate { get; set; }
    public JsonObject Members { get; set; } = [];

    internal override string Operation => "UpdateOpportunity";

    private protected override void WriteOwnMembers(Utf8JsonWriter writer)
    {
        if (LastModifiedDate is { } modified)
        {
            writer.WriteString(nameof(LastModifiedDate), StringUtils.FromDateTimeToISO8601WithOptionalMs(modified));
        }
        WriteJsonMembers(writer, Members, "Catalog", "Identifier", "LastModifiedDate");
    }
}
