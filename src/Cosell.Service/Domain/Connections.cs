using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>
/// Partner connections (DG:multi step 1: partners must be connected before one invites the other). Enforced only when
/// a graph is configured (spec 06 Q21), that is when any account lists connections: then two partners are connected
/// when either lists the other, accounts without a list included; when no account lists any, every registered partner
/// counts as connected, so a server with no configuration just works.
/// </summary>
public static class Connections
{
    public static bool AreConnected(IAccountDirectory accounts, string a, string b)
    {
        if (!accounts.HasConnectionGraph)
        {
            return true;
        }
        return (accounts.Find(a)?.Connections?.Contains(b) ?? false) || (accounts.Find(b)?.Connections?.Contains(a) ?? false);
    }
}
