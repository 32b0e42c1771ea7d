using System.Net;
using System.Net.Sockets;

namespace Cosell.Server.Hosting;

/// <summary>
/// Tries to bind each address of <c>--urls</c> before anything starts, so that a port in use (a second server, most
/// often) is one line and exit 1, and the store, the sweeper and the webhooks of a server that cannot listen never run.
/// Kestrel's own failure would come after them, wrapped in the host's error log. A port taken in between still fails
/// in Kestrel, as before.
/// </summary>
public static class ListenCheck
{
    /// <summary>Why one of the (already well-formed) addresses cannot be listened on, or null.</summary>
    public static string? Problem(string urls)
    {
        // Every socket stays bound and listening until all are checked, so two addresses of the list that clash (the same
        // one twice, or a port on 127.0.0.1 and on 0.0.0.0) are found too, not only ports other processes hold.
        var held = new List<(int Index, string Address, IPEndPoint EndPoint, Socket Socket)>();
        var index = 0;
        try
        {
            foreach (var address in ServeOptions.Addresses(urls))
            {
                index++;
                var uri = ServeOptions.ParseAddress(address, out var wildcard)!;
                if (uri.Port == 0)
                {
                    continue;
                }
                IPAddress[] ips;
                try
                {
                    // Kestrel listens on "*" and "+" as [::] in dual mode where the system has IPv6, as 0.0.0.0 elsewhere.
                    ips = wildcard ? [Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any]
                        : IPAddress.TryParse(uri.IdnHost, out var ip) ? [ip]
                        : uri.IsLoopback ? LoopbackAddresses
                        : Dns.GetHostAddresses(uri.IdnHost);
                }
                catch (SocketException e)
                {
                    return $"cannot listen on {address}: {e.Message}";
                }
                foreach (var ip in ips)
                {
                    var endPoint = new IPEndPoint(ip, uri.Port);
                    var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    held.Add((index, address, endPoint, socket));
                    if (ip.Equals(IPAddress.IPv6Any))
                    {
                        socket.DualMode = true;
                    }
                    try
                    {
                        socket.Bind(endPoint);
                        socket.Listen(1);
                    }
                    catch (SocketException e) when (ip.Equals(IPAddress.IPv6Loopback) && !wildcard && !IPAddress.TryParse(uri.IdnHost, out _)
                        && e.SocketErrorCode != SocketError.AddressAlreadyInUse)
                    {
                        // A system without an IPv6 loopback: Kestrel listens on localhost's IPv4 address alone.
                    }
                    catch (SocketException e)
                    {
                        var earlier = held.FirstOrDefault(h => h.Index != index && Overlap(h.EndPoint, endPoint)).Address;
                        return earlier is null
                            ? $"cannot listen on {address}: {e.Message}"
                            : $"cannot listen on {address}: its port is taken by {earlier}, given before it in --urls";
                    }
                }
            }
            return null;
        }
        finally
        {
            foreach (var (_, _, _, socket) in held)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Kestrel listens on a loopback name (localhost) at both loopback addresses, and fails if either is taken.</summary>
    private static IPAddress[] LoopbackAddresses =>
        Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback];

    /// <summary>Whether one listening end point takes the other's: the same port on the same address, or on every address.</summary>
    private static bool Overlap(IPEndPoint a, IPEndPoint b) =>
        a.Port == b.Port && (a.Address.Equals(b.Address) || IsAny(a.Address) || IsAny(b.Address));

    private static bool IsAny(IPAddress ip) => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);
}
