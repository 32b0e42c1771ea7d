namespace Cosell.Protocol.Validation;

/// <summary>
/// Recognises the Smithy <c>date-time</c> timestamp format: RFC 3339 <c>date-time</c> with a mandatory zone,
/// <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c> (<c>t</c>/<c>z</c> accepted in lower case as RFC 3339 allows).
/// Allocation-free; checks the calendar (days per month, leap years) but not leap seconds, which .NET cannot represent.
/// </summary>
public static class Rfc3339
{
    /// <summary>Epoch seconds DateTimeOffset can hold (0001-01-01 to 9999-12-31T23:59:59).</summary>
    public const double MinEpochSeconds = -62135596800d;
    public const double MaxEpochSeconds = 253402300799d;

    public static bool IsDateTime(ReadOnlySpan<char> s)
    {
        // 2026-04-01T12:00:00Z is the shortest form (20 characters).
        if (s.Length < 20 || s.Length > 64)
        {
            return false;
        }
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || s[10] is not ('T' or 't')
            || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute) || s[16] != ':'
            || !Digits(s, 17, 2, out var second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var i = 19;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        if (i >= s.Length)
        {
            return false;
        }
        if (s[i] is 'Z' or 'z')
        {
            return i + 1 == s.Length;
        }
        if (s[i] is not ('+' or '-') || s.Length - i != 6 || s[i + 3] != ':')
        {
            return false;
        }
        if (!Digits(s, i + 1, 2, out var offsetHour) || !Digits(s, i + 4, 2, out var offsetMinute) || offsetMinute > 59)
        {
            return false;
        }
        // .NET (and so the model's JSON converter) caps offsets at 14 hours and needs the UTC instant in years 1-9999.
        var offset = (offsetHour * 60) + offsetMinute;
        if (offset > 14 * 60)
        {
            return false;
        }
        if (year is 1 or 9999)
        {
            var utcTicks = new DateTime(year, month, day, hour, minute, second).Ticks
                - ((s[i] == '-' ? -offset : offset) * TimeSpan.TicksPerMinute);
            return utcTicks >= 0 && utcTicks <= DateTime.MaxValue.Ticks - TimeSpan.TicksPerSecond + 1;
        }
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = (value * 10) + (s[i] - '0');
        }
        return true;
    }
}
