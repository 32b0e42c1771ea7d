using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>HTTP/1.1 by hand, for what HttpClient will not send: half a body, broken chunked framing.</summary>
public static class RawHttp
{
    /// <summary>The request line and headers (Content-Length or chunked) of a signed request, ending in the blank line.</summary>
    public static byte[] Head(ApiClient signer, string operation, byte[] body, TestAccount caller, RequestShape? shape = null,
        bool chunked = false, bool expectContinue = false)
    {
        using var request = signer.Build(operation, body, caller, shape);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{request.Method} {shape?.Path ?? "/"} HTTP/1.1\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Host: {request.Headers.Host ?? signer.BaseAddress.Authority}\r\n");
        foreach (var (name, values) in request.Headers.Concat(request.Content!.Headers))
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }
        text.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n");
        if (expectContinue)
        {
            text.Append("Expect: 100-continue\r\n");
        }
        text.Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public ApiResponse ToApiResponse() => new(Status, Headers, Body);
    }

    /// <summary>Sends <paramref name="bytes"/> on a new connection and reads one response (null if the server closed without one).</summary>
    public static async Task<Response?> ExchangeAsync(Uri server, byte[] bytes, bool halfClose = false, CancellationToken ct = default)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
            if (halfClose)
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // the server may answer and close before it read everything
        }
        try
        {
            return await ReadResponseAsync(stream, ct);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads an interim <c>100 Continue</c>: the server's application has started reading the body.</summary>
    public static async Task ExpectContinueAsync(Stream stream, CancellationToken ct = default)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (IndexOf(head, "\r\n\r\n"u8) < 0)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("connection closed before 100 Continue");
            }
            head.Add(one[0]);
        }
        var text = Encoding.ASCII.GetString(head.ToArray());
        if (!text.StartsWith("HTTP/1.1 100", StringComparison.Ordinal))
        {
            throw new IOException("expected 100 Continue, got " + text);
        }
    }

    /// <summary>Reads one HTTP/1.1 response (Content-Length, chunked, or until close).</summary>
    public static async Task<Response> ReadResponseAsync(Stream stream, CancellationToken ct = default)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headEnd;
        string[] head;
        int status;
        while (true)
        {
            while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
            {
                var n = await stream.ReadAsync(chunk, ct);
                if (n == 0)
                {
                    throw new IOException($"connection closed before a response head ({buffer.Count} bytes read)");
                }
                buffer.AddRange(chunk.AsSpan(0, n));
            }
            head = Encoding.ASCII.GetString(buffer.GetRange(0, headEnd).ToArray()).Split("\r\n");
            status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
            if (status is >= 100 and < 200 and not 101)
            {
                buffer.RemoveRange(0, headEnd + 4); // an interim answer (100 Continue): the final one follows
                continue;
            }
            break;
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var prior) ? prior + ", " + value : value;
        }
        var body = buffer.Skip(headEnd + 4).ToList();
        if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            var length = int.Parse(lengthText, CultureInfo.InvariantCulture);
            while (body.Count < length)
            {
                var n = await stream.ReadAsync(chunk, ct);
                if (n == 0)
                {
                    break;
                }
                body.AddRange(chunk.AsSpan(0, n));
            }
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (IndexOf(body, "0\r\n\r\n"u8) < 0)
            {
                var n = await stream.ReadAsync(chunk, ct);
                if (n == 0)
                {
                    break;
                }
                body.AddRange(chunk.AsSpan(0, n));
            }
            body = Dechunk(body);
        }
        else if (status is not (204 or 304 or 101))
        {
            int n;
            while ((n = await stream.ReadAsync(chunk, ct)) > 0)
            {
                body.AddRange(chunk.AsSpan(0, n));
            }
        }
        return new Response(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static List<byte> Dechunk(List<byte> raw)
    {
        var result = new List<byte>();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOf(raw, "\r\n"u8, position);
            if (lineEnd < 0)
            {
                return result;
            }
            var size = int.Parse(Encoding.ASCII.GetString(raw.GetRange(position, lineEnd - position).ToArray()).Split(';')[0],
                NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return result;
            }
            result.AddRange(raw.GetRange(lineEnd + 2, size));
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOf(List<byte> haystack, ReadOnlySpan<byte> needle, int start = 0)
    {
        for (var i = start; i <= haystack.Count - needle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }
}
