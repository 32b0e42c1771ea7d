using Cosell.Protocol.Auth;
using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Server.Accounts;

/// <summary>The configured accounts, immutable after start-up: the account registry and the SigV4 secret store.</summary>
public sealed class AccountDirectory : IAccountDirectory, ICredentialStore
{
    private readonly Dictionary<string, AccountRecord> _byId;
    private readonly Dictionary<string, (string Secret, string AccountId)> _byKey;

    public AccountDirectory(IReadOnlyList<AccountRecord> accounts)
    {
        All = accounts;
        HasConnectionGraph = accounts.Any(a => a.Connections is not null);
        _byId = accounts.ToDictionary(a => a.AccountId, StringComparer.Ordinal);
        _byKey = accounts.SelectMany(a => a.AccessKeys.Select(k => (k, a.AccountId)))
            .ToDictionary(x => x.k.AccessKeyId, x => (x.k.SecretAccessKey, x.AccountId), StringComparer.Ordinal);
    }

    public IReadOnlyList<AccountRecord> All { get; }

    // Asked by every invitation: decided once, as the accounts do not change while the server runs. An empty list counts
    // as a list: that account is connected to no one, and the graph holds for every pair.
    public bool HasConnectionGraph { get; }

    public AccountRecord? Find(string accountId) => _byId.GetValueOrDefault(accountId);

    public bool TryGetSecret(string accessKeyId, out string secretAccessKey, out string accountId)
    {
        if (_byKey.TryGetValue(accessKeyId, out var entry))
        {
            (secretAccessKey, accountId) = entry;
            return true;
        }
        secretAccessKey = accountId = "";
        return false;
    }
}
