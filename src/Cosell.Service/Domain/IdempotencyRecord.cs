namespace Cosell.Service.Domain;

/// <summary>The first response to a ClientToken, replayed for identical retries.</summary>
public sealed record IdempotencyRecord(
    string AccountId, string Catalog, string Operation, string Token,
    string RequestHash, byte[] Response, DateTimeOffset CreatedAt);
