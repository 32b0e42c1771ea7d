namespace Cosell.Service.Domain;

/// <summary>
/// The first response to a ClientToken, replayed for identical retries until <paramref name="ReplaysUntil"/> (excluded):
/// the lifetime of the instance that wrote it, which every instance sharing the store honours.
/// </summary>
public sealed record IdempotencyRecord(
    string AccountId, string Catalog, string Operation, string Token,
    string RequestHash, byte[] Response, DateTimeOffset CreatedAt, DateTimeOffset ReplaysUntil);
