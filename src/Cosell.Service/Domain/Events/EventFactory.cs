using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model.Json;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain.Events;

/// <summary>
/// Builds the EventBridge envelopes of spec 05: one event per recipient account, each with its own id; <c>version</c>
/// "0"; <c>time</c> in whole UTC seconds ending in Z; <c>detail.catalog</c> and <c>detail.schemaVersion</c> always
/// present. Where real events were captured they decide over the guide's examples and spec 05's inferences: 16 real
/// opportunity and snapshot events (aws-samples' Postman collection, "Checking EventBridge Events from CloudWatch",
/// Feb 2025) carry version "0" and schemaVersion "1", the opportunity ones with no resources; the real invitation
/// event spec 05 cites carries schemaVersion "1.0", which the engagement events keep too (none was captured).
/// </summary>
public static class EventFactory
{
    public static EventRecord Create(
        string recipient, string catalog, string detailType, DateTimeOffset now, string? resource, JsonObject detail, Guid id)
    {
        const string version = "0";
        var schemaVersion = detailType is EventTypes.OpportunityCreated or EventTypes.OpportunityUpdated or EventTypes.SnapshotCreated
            ? "1"
            : "1.0";
        var time = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var eventId = id.ToString();
        // Written straight to UTF-8 (events are built on the store's writer for every change), with the wire's escaping.
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", version);
            w.WriteString("id", eventId);
            w.WriteString("detail-type", detailType);
            w.WriteString("source", EventTypes.Source);
            w.WriteString("account", recipient);
            w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteString("region", "us-east-1");
            w.WriteStartArray("resources");
            if (resource is not null)
            {
                w.WriteStringValue(resource);
            }
            w.WriteEndArray();
            w.WriteStartObject("detail");
            w.WriteString("catalog", catalog);
            w.WriteString("schemaVersion", schemaVersion);
            foreach (var (key, value) in detail)
            {
                w.WritePropertyName(key);
                if (value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    value.WriteTo(w);
                }
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new EventRecord(eventId, recipient, catalog, detailType, time, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static JsonObject InvitationDetail(InvitationRecord i, string participantType, bool created, IAccountDirectory accounts)
    {
        var detail = new JsonObject
        {
            ["arn"] = Arns.Invitation(i.Catalog, i.Id),
            ["id"] = i.Id,
            ["engagementId"] = i.EngagementId,
            ["participantType"] = participantType,
            ["senderAccountId"] = i.SenderAccountId,
            ["receiverAccountId"] = i.ReceiverAccountId,
            ["payloadType"] = i.PayloadType.Value,
        };
        if (created)
        {
            detail["senderCompanyName"] = i.SenderCompanyName;
            detail["expirationDate"] = AwsDateTimeConverter.ToWire(i.ExpirationDate);
        }
        _ = accounts;
        return new JsonObject { ["engagementInvitation"] = detail };
    }

    public static JsonObject EngagementDetail(EngagementRecord e, bool created) => new()
    {
        ["engagement"] = new JsonObject
        {
            ["engagementArn"] = Arns.Engagement(e.Catalog, e.Id),
            ["engagementId"] = e.Id,
            [created ? "CreatedAt" : "LastModifiedAt"] = AwsDateTimeConverter.ToWire(created ? e.CreatedAt : e.ModifiedAt),
            [created ? "CreatedBy" : "LastModifiedBy"] = created ? e.CreatedBy : e.ModifiedBy,
            // Each type once: JsonNode has no value equality, so the strings are made distinct before they become nodes.
            ["ContextTypes"] = new JsonArray(e.Contexts.Select(c => c.Type.Value).Distinct(StringComparer.Ordinal)
                .Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
        },
    };

    public static JsonObject MemberDetail(EngagementRecord e, string accountId, IAccountDirectory accounts) => new()
    {
        ["engagement"] = new JsonObject { ["id"] = e.Id },
        ["engagementMember"] = new JsonObject
        {
            ["accountId"] = accountId,
            ["companyName"] = Participants.CompanyName(accounts, accountId),
        },
    };

    public static JsonObject OpportunityDetail(OpportunityRecord o) => new()
    {
        ["opportunity"] = new JsonObject { ["identifier"] = o.Id },
    };
}
