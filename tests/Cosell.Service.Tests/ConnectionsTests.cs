using Cosell.Service.Domain;
using Cosell.Service.Ports;

namespace Cosell.Service.Tests;

public sealed class ConnectionsTests
{
    private sealed class Directory(params AccountRecord[] accounts) : IAccountDirectory
    {
        public IReadOnlyList<AccountRecord> All => accounts;
        public AccountRecord? Find(string accountId) => accounts.FirstOrDefault(a => a.AccountId == accountId);
        public bool HasConnectionGraph => accounts.Any(a => a.Connections is not null);
    }

    private static AccountRecord Account(string id, params string[]? connections) => new()
    {
        AccountId = id, CompanyName = id, AccessKeys = [], Connections = connections is null ? null : connections,
    };

    [Fact]
    public void AreConnected_NoGraphConfigured_True() =>
        Assert.True(Connections.AreConnected(new Directory(Account("1", null), Account("2", null)), "1", "2"));

    [Fact]
    public void AreConnected_EitherSideLists_TrueBothWays()
    {
        var accounts = new Directory(Account("1", "2"), Account("2", []));
        Assert.True(Connections.AreConnected(accounts, "1", "2"));
        Assert.True(Connections.AreConnected(accounts, "2", "1"));
    }

    [Fact]
    public void AreConnected_GraphOfOtherAccounts_PairWithoutListsNotConnected()
    {
        // Spec 06 Q21: a graph is configured as soon as one account lists connections, and then it holds for every pair.
        var accounts = new Directory(Account("1", null), Account("2", null), Account("3", "1"));
        Assert.False(Connections.AreConnected(accounts, "1", "2"));
        Assert.True(Connections.AreConnected(accounts, "1", "3"));
    }

    [Fact]
    public void AreConnected_GraphWithoutThePair_False()
    {
        var accounts = new Directory(Account("1", "3"), Account("2", null), Account("3", null));
        Assert.False(Connections.AreConnected(accounts, "1", "2"));
        Assert.False(Connections.AreConnected(accounts, "2", "1"));
    }
}
