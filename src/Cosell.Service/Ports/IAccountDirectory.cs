using Cosell.Service.Domain;

namespace Cosell.Service.Ports;

/// <summary>The partner accounts this Cosell serves (configuration, loaded at start-up).</summary>
public interface IAccountDirectory
{
    AccountRecord? Find(string accountId);
    IReadOnlyList<AccountRecord> All { get; }
}
