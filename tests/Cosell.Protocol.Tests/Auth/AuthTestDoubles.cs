using Cosell.Protocol.Auth;

namespace Cosell.Protocol.Tests.Auth;

/// <summary>A clock that always answers the same instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>An in-memory credential store; entries can be replaced between calls.</summary>
internal sealed class FakeCredentialStore : ICredentialStore
{
    public const string AccountId = "123456789012";

    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public FakeCredentialStore(string accessKeyId, string secretAccessKey) => _secrets[accessKeyId] = secretAccessKey;

    public void Set(string accessKeyId, string secretAccessKey) => _secrets[accessKeyId] = secretAccessKey;

    public bool TryGetSecret(string accessKeyId, out string secretAccessKey, out string accountId)
    {
        accountId = AccountId;
        return _secrets.TryGetValue(accessKeyId, out secretAccessKey!);
    }
}
