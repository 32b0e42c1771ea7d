namespace Cosell.Service.Domain;

/// <summary>A partner account known to this Cosell: its profile and the access keys that sign as it.</summary>
public sealed record AccountRecord
{
    public required string AccountId { get; init; }
    public required string CompanyName { get; init; }
    public string? WebsiteUrl { get; init; }
    public required IReadOnlyList<AccessKeyRecord> AccessKeys { get; init; }
}

public sealed record AccessKeyRecord(string AccessKeyId, string SecretAccessKey);
