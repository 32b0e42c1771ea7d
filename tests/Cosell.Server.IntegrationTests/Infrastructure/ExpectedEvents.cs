using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The EventBridge events spec 05 says an action produces, built from the spec and the test's requests (never from the
/// server's code), and the comparison with what arrived. Envelopes are compared whole except for the event <c>id</c>
/// (checked to be a UUID, unique) and timestamps inside <c>detail</c>, which are compared as instants after their
/// format is checked (ISO 8601 UTC, up to 9 fractional digits, ending in Z).
/// </summary>
public static partial class ExpectedEvents
{
    public const string Source = "aws.partnercentral-selling";
    public const string Region = "us-east-1";

    public const string OpportunityCreated = "Opportunity Created";
    public const string OpportunityUpdated = "Opportunity Updated";
    public const string InvitationCreated = "Engagement Invitation Created";
    public const string InvitationAccepted = "Engagement Invitation Accepted";
    public const string InvitationRejected = "Engagement Invitation Rejected";
    public const string InvitationExpired = "Engagement Invitation Expired";
    public const string MemberAdded = "Engagement Member Added";
    public const string SnapshotCreated = "Engagement Resource Snapshot Created";
    public const string EngagementCreated = "Engagement Created";
    public const string EngagementUpdated = "Engagement Updated";

    /// <summary>Detail fields holding timestamps (compared as instants).</summary>
    private static readonly HashSet<string> TimestampFields = ["expirationDate", "CreatedAt", "LastModifiedAt"];

    /// <summary>What a test knows about an invitation it made.</summary>
    public sealed record Invitation(
        string Id, string EngagementId, string SenderAccountId, string SenderCompanyName, string ReceiverAccountId,
        string PayloadType, DateTimeOffset InvitationDate, string Catalog = RequestBodies.Sandbox)
    {
        public string Arn => Wire.InvitationArn(Id, Catalog);

        /// <summary>15 days after it was sent (spec 02 §2).</summary>
        public DateTimeOffset ExpirationDate => InvitationDate + TimeSpan.FromDays(15);

        public static Invitation Between(string id, string engagementId, TestAccount sender, TestAccount receiver, DateTimeOffset at, bool lead = false) =>
            new(id, engagementId, sender.AccountId, sender.CompanyName, receiver.AccountId, lead ? "LeadInvitation" : "OpportunityInvitation", at);
    }

    /// <summary>The envelope's <c>time</c>: whole seconds, UTC, ending in Z (spec 05 §1).</summary>
    public static string Time(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>How timestamps inside detail are compared: the instant, in one canonical form.</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// An envelope (spec 05 §1, with the real events AWS's Postman samples captured): version "0", the recipient as
    /// <c>account</c>, region us-east-1, and <c>detail</c> opening with catalog and schemaVersion, "1" in the captured
    /// opportunity and snapshot events, "1.0" in the captured invitation event (and the engagement events).
    /// </summary>
    public static JsonObject Envelope(string detailType, string recipient, string? resource, JsonObject detail, DateTimeOffset at, string catalog = RequestBodies.Sandbox)
    {
        var captured = detailType.StartsWith("Opportunity ", StringComparison.Ordinal) || detailType == SnapshotCreated;
        var body = new JsonObject { ["catalog"] = catalog, ["schemaVersion"] = captured ? "1" : "1.0" };
        foreach (var (key, value) in detail)
        {
            body[key] = value?.DeepClone();
        }
        return new JsonObject
        {
            ["version"] = "0",
            ["detail-type"] = detailType,
            ["source"] = Source,
            ["account"] = recipient,
            ["time"] = Time(at),
            ["region"] = Region,
            ["resources"] = resource is null ? new JsonArray() : new JsonArray(resource),
            ["detail"] = body,
        };
    }

    /// <summary>
    /// An invitation event for <paramref name="participantType"/>'s copy: to the sender (SENDER) or the receiver
    /// (RECEIVER). Created carries senderCompanyName and expirationDate besides the fields of the other three (spec 05 §2).
    /// </summary>
    public static JsonObject InvitationEvent(string detailType, Invitation i, string participantType, DateTimeOffset at)
    {
        var detail = new JsonObject
        {
            ["arn"] = i.Arn,
            ["id"] = i.Id,
            ["engagementId"] = i.EngagementId,
            ["participantType"] = participantType,
            ["senderAccountId"] = i.SenderAccountId,
            ["receiverAccountId"] = i.ReceiverAccountId,
            ["payloadType"] = i.PayloadType,
        };
        if (detailType == InvitationCreated)
        {
            detail["senderCompanyName"] = i.SenderCompanyName;
            detail["expirationDate"] = Instant(i.ExpirationDate);
        }
        var recipient = participantType == "SENDER" ? i.SenderAccountId : i.ReceiverAccountId;
        return Envelope(detailType, recipient, i.Arn, new JsonObject { ["engagementInvitation"] = detail }, at, i.Catalog);
    }

    /// <summary>The same invitation event to both sides (sender: SENDER, receiver: RECEIVER).</summary>
    public static IEnumerable<JsonObject> ToBoth(string detailType, Invitation i, DateTimeOffset at) =>
        [InvitationEvent(detailType, i, "SENDER", at), InvitationEvent(detailType, i, "RECEIVER", at)];

    public static JsonObject MemberAddedEvent(string recipient, string engagementId, string memberAccountId, string memberCompanyName, DateTimeOffset at) =>
        Envelope(MemberAdded, recipient, Wire.EngagementArn(engagementId), new JsonObject
        {
            ["engagement"] = new JsonObject { ["id"] = engagementId },
            ["engagementMember"] = new JsonObject { ["accountId"] = memberAccountId, ["companyName"] = memberCompanyName },
        }, at);

    /// <summary>Engagement Created / Updated: PascalCase CreatedAt/CreatedBy or LastModifiedAt/LastModifiedBy, ContextTypes (spec 05 §2).</summary>
    public static JsonObject EngagementEvent(
        string detailType, string recipient, string engagementId, DateTimeOffset changedAt, string changedBy, string[] contextTypes, DateTimeOffset at)
    {
        var created = detailType == EngagementCreated;
        var engagement = new JsonObject
        {
            ["engagementArn"] = Wire.EngagementArn(engagementId),
            ["engagementId"] = engagementId,
            [created ? "CreatedAt" : "LastModifiedAt"] = Instant(changedAt),
            [created ? "CreatedBy" : "LastModifiedBy"] = changedBy,
            ["ContextTypes"] = RequestBodies.Array(contextTypes),
        };
        return Envelope(detailType, recipient, Wire.EngagementArn(engagementId), new JsonObject { ["engagement"] = engagement }, at);
    }

    /// <summary>Opportunity Created / Updated, to the owner: <c>opportunity.identifier</c>; no resources, as captured.</summary>
    public static JsonObject OpportunityEvent(string detailType, string owner, string opportunityId, DateTimeOffset at, string catalog = RequestBodies.Sandbox) =>
        Envelope(detailType, owner, null, new JsonObject
        {
            ["opportunity"] = new JsonObject { ["identifier"] = opportunityId },
        }, at, catalog);

    /// <summary>Engagement Resource Snapshot Created, to one of the target accounts (spec 05 §2; ARN of the API, README §4).</summary>
    public static JsonObject SnapshotEvent(
        string recipient, string engagementId, string opportunityId, string createdBy, string template, int revision, string[] targets, DateTimeOffset at) =>
        Envelope(SnapshotCreated, recipient, Wire.EngagementArn(engagementId), new JsonObject
        {
            ["resourceSnapshot"] = new JsonObject
            {
                ["arn"] = $"arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/{engagementId}/resource/Opportunity/{opportunityId}/template/{template}/snapshot/{revision}",
                ["engagementId"] = engagementId,
                ["resourceType"] = "Opportunity",
                ["resourceId"] = opportunityId,
                ["createdBy"] = createdBy,
                ["targetMemberAccounts"] = RequestBodies.Array(targets),
                ["resourceSnapshotTemplateName"] = template,
            },
        }, at);

    // ---- Comparison -------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex WholeSecondsUtc();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")]
    private static partial Regex IsoUtc();

    /// <summary>
    /// Checks what is not compared literally (id a UUID; time whole seconds ending in Z; detail timestamps ISO UTC with up
    /// to 9 fractional digits) and returns a copy without id and with detail timestamps in <see cref="Instant"/> form.
    /// </summary>
    public static JsonObject Normalize(JsonObject actual)
    {
        var copy = actual.DeepClone().AsObject();
        var id = (string?)copy["id"];
        Assert.True(Guid.TryParse(id, out _), $"event id '{id}' is not a UUID: {actual.ToJsonString()}");
        copy.Remove("id");
        var time = (string?)copy["time"];
        Assert.True(time is not null && WholeSecondsUtc().IsMatch(time), $"event time '{time}' is not whole seconds in UTC ending in Z");
        NormalizeTimestamps(copy["detail"]);
        return copy;
    }

    private static void NormalizeTimestamps(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var (key, value) in obj.ToList())
        {
            if (TimestampFields.Contains(key) && value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                Assert.True(IsoUtc().IsMatch(text), $"detail timestamp {key} '{text}' is not ISO 8601 UTC with up to 9 fractional digits");
                var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                obj[key] = Instant(instant);
            }
            else
            {
                NormalizeTimestamps(value);
            }
        }
    }

    /// <summary>
    /// The events that arrived are exactly <paramref name="expected"/> (as a multiset: neither more nor fewer), and each
    /// has its own id.
    /// </summary>
    public static void AssertExactly(IEnumerable<JsonObject> expected, IReadOnlyList<JsonObject> actual)
    {
        var ids = actual.Select(e => (string?)e["id"]).ToList();
        Assert.True(ids.Distinct().Count() == ids.Count, $"every event copy must have its own id:{EventsServer.Describe(actual)}");
        var want = expected.Select(Canonical).Order(StringComparer.Ordinal).ToList();
        var got = actual.Select(e => Canonical(Normalize(e))).Order(StringComparer.Ordinal).ToList();
        var missing = want.Except(got).ToList();
        var extra = got.Except(want).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && want.Count == got.Count,
            $"events differ from spec 05.\nMissing ({missing.Count}):\n  {string.Join("\n  ", missing)}\n" +
            $"Unexpected ({extra.Count}):\n  {string.Join("\n  ", extra)}\nAll that arrived:{EventsServer.Describe(actual)}");
    }

    /// <summary>JSON text with every object's members sorted by name (member order carries no meaning).</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>The events of one detail-type.</summary>
    public static List<JsonObject> OfType(this IEnumerable<JsonObject> events, string detailType) =>
        events.Where(e => (string?)e["detail-type"] == detailType).ToList();

    /// <summary>The events other than those of <paramref name="detailTypes"/>.</summary>
    public static List<JsonObject> Except(this IEnumerable<JsonObject> events, params string[] detailTypes) =>
        events.Where(e => !detailTypes.Contains((string?)e["detail-type"])).ToList();
}
