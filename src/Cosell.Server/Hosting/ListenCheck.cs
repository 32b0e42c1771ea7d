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
        foreach (var address in ServeOptions.Addresses(urls))
        {
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
                    : uri.IsLoopback ? [IPAddress.Loopback]
                    : Dns.GetHostAddresses(uri.IdnHost);
            }
            catch (SocketException e)
            {
                return $"cannot listen on {address}: {e.Message}";
            }
            foreach (var ip in ips)
            {
                using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (ip.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }
                try
                {
                    socket.Bind(new IPEndPoint(ip, uri.Port));
                }
                catch (SocketException e)
                {
                    return $"cannot listen on {address}: {e.Message}";
                }
            }
        }
        return null;
    }
}
