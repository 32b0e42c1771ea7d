namespace Cosell.Model.Contracts;

/// <summary>The authenticated principal of a request: the partner's AWS account and the key it signed with.</summary>
public sealed record Caller(string AccountId, string AccessKeyId);
