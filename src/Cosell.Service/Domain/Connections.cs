using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>
/// Partner connections (DG:multi step 1: partners must be connected before one invites the other). Enforced only where
/// a graph is configured (spec 06 Q21): two partners are connected when either lists the other; when neither lists
/// any connection at all, every registered partner counts as connected, so a server with no configuration just works.
/// </summary>
public static class Connections
{
    public static bool AreConnected(IAccountDirectory accounts, string a, string b)
    {
        var left = accounts.Find(a)?.Connections;
        var right = accounts.Find(b)?.Connections;
        if (left is null && right is null)
        {
            return true;
        }
        return (left?.Contains(b) ?? false) || (right?.Contains(a) ?? false);
    }
}
