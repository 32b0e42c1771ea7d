namespace Cosell.Service.Domain;

/// <summary>A partner account known to this Cosell: its profile and the access keys that sign as it.</summary>
public sealed record AccountRecord
{
    public required string AccountId { get; init; }
    public required string CompanyName { get; init; }
    public string? WebsiteUrl { get; init; }
    public required IReadOnlyList<AccessKeyRecord> AccessKeys { get; init; }

    /// <summary>Partner Central users (AssignOpportunity assignees); none configured means one derived from the company (<see cref="AccountProfiles.Users"/>).</summary>
    public IReadOnlyList<AccountUserRecord>? Users { get; init; }

    /// <summary>Registered solutions besides the defaults every account has (<see cref="AccountProfiles.Solutions"/>).</summary>
    public IReadOnlyList<SolutionRecord>? Solutions { get; init; }

    /// <summary>
    /// Where this account's events go, each target with an optional detail-type filter: POSTed as they are, or, for a
    /// target with <see cref="WebhookRecord.EventBridge"/>, put on an EventBridge-compatible endpoint with <c>PutEvents</c>.
    /// </summary>
    public IReadOnlyList<WebhookRecord>? Webhooks { get; init; }

    /// <summary>Partner accounts this one is connected to (Partner Central connections); null = not configured.</summary>
    public IReadOnlyList<string>? Connections { get; init; }
}

public sealed record WebhookRecord(string Url, IReadOnlyList<string>? DetailTypes, EventBridgeTarget? EventBridge = null)
{
    /// <summary>
    /// What the store keeps this target's delivery position under: the URL for a plain webhook (as it always was, so
    /// stored positions stay valid), the URL with region, bus and key id for an EventBridge one, so that several buses
    /// behind one endpoint each get every event. Two webhooks of one account may not share it.
    /// </summary>
    public string DeliveryKey => EventBridge is { } eb
        ? $"{Url}#eventbridge:{eb.Region}:{eb.EventBusName}:{eb.Credentials.AccessKeyId}"
        : Url;
}

/// <summary>
/// An EventBridge-compatible endpoint (LocalStack, say) that gets the account's events through <c>PutEvents</c>, signed
/// with <paramref name="Credentials"/> for <paramref name="Region"/>, onto the bus <paramref name="EventBusName"/>.
/// </summary>
public sealed record EventBridgeTarget(string Region, string EventBusName, AccessKeyRecord Credentials);

public sealed record AccessKeyRecord(string AccessKeyId, string SecretAccessKey);
