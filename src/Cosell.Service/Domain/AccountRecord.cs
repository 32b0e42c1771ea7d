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

    /// <summary>Where this account's events are POSTed (EventBridge-shaped JSON), each with an optional detail-type filter.</summary>
    public IReadOnlyList<WebhookRecord>? Webhooks { get; init; }

    /// <summary>Partner accounts this one is connected to (Partner Central connections); null = not configured.</summary>
    public IReadOnlyList<string>? Connections { get; init; }
}

public sealed record WebhookRecord(string Url, IReadOnlyList<string>? DetailTypes);

public sealed record AccessKeyRecord(string AccessKeyId, string SecretAccessKey);
