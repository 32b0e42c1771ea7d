using System.Buffers;

namespace Cosell.Protocol.Auth;

/// <summary>A growable char buffer that starts on the stack and spills into <see cref="ArrayPool{T}"/>.</summary>
internal ref struct CharBuffer
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _rented = null;
        _chars = initial;
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>Appends a percent-escape of one byte, upper-case hex as SigV4 requires.</summary>
    public void AppendEscaped(byte b)
    {
        Append('%');
        Append("0123456789ABCDEF"[b >> 4]);
        Append("0123456789ABCDEF"[b & 0xF]);
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int extra)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + extra));
        _chars[.._length].CopyTo(bigger);
        var old = _rented;
        _rented = bigger;
        _chars = bigger;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
