using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Cosell.Bench.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection on a plain socket: write a request, read one response (status, Content-Length or
/// chunked body). Far lighter than HttpClient, so that on a 2-core machine the load generator takes as little CPU from
/// the server as it can (the same client drives the baseline, so what it costs is in both sides of every ratio).
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly IPEndPoint _endpoint;
    private Socket? _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public RawHttpConnection(IPEndPoint endpoint) => _endpoint = endpoint;

    /// <summary>The body of the last response (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken ct)
    {
        if (_socket is null)
        {
            await ConnectAsync(ct).ConfigureAwait(false);
        }
        try
        {
            var sent = 0;
            while (sent < request.Length)
            {
                sent += await _socket!.SendAsync(request[sent..], SocketFlags.None, ct).ConfigureAwait(false);
            }
            return await ReadResponseAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Close();
            throw;
        }
    }

    public async ValueTask ConnectAsync(CancellationToken ct)
    {
        Close();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endpoint, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _start = _end = 0;
    }

    private async ValueTask<int> ReadResponseAsync(CancellationToken ct)
    {
        // Headers
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(ct).ConfigureAwait(false);
        }
        var headers = _buffer.AsSpan(_start, headerEnd);
        var status = ParseStatus(headers);
        var contentLength = FindContentLength(headers, out var chunked, out var close);
        _start += headerEnd + 4;

        if (chunked)
        {
            await ReadChunkedAsync(ct).ConfigureAwait(false);
        }
        else
        {
            while (_end - _start < contentLength)
            {
                await FillAsync(ct).ConfigureAwait(false);
            }
            Body = _buffer.AsMemory(_start, contentLength);
            _start += contentLength;
        }
        if (close)
        {
            Close();
        }
        return status;
    }

    private async ValueTask ReadChunkedAsync(CancellationToken ct)
    {
        var body = new MemoryStream();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(ct).ConfigureAwait(false);
            }
            var sizeText = _buffer.AsSpan(_start, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }
            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
            {
                throw new IOException("Bad chunk size.");
            }
            _start += lineEnd + 2;
            while (_end - _start < size + 2)
            {
                await FillAsync(ct).ConfigureAwait(false);
            }
            body.Write(_buffer, _start, size);
            _start += size + 2;
            if (size == 0)
            {
                Body = body.ToArray();
                return;
            }
        }
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }
        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> headers)
    {
        // "HTTP/1.1 200 OK"
        if (headers.Length < 12 || !Utf8Parser.TryParse(headers.Slice(9, 3), out int status, out _))
        {
            throw new IOException("Malformed status line.");
        }
        return status;
    }

    private static int FindContentLength(ReadOnlySpan<byte> headers, out bool chunked, out bool close)
    {
        chunked = false;
        close = false;
        var length = 0;
        foreach (var range in headers.Split("\r\n"u8))
        {
            var line = headers[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out length, out _))
                {
                    throw new IOException("Malformed Content-Length.");
                }
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = System.Text.Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }
        return length;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();
}
