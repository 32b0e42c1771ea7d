using System.Text;
using System.Text.RegularExpressions;

namespace Cosell.Protocol.Validation;

/// <summary>
/// One compiled Smithy <c>@pattern</c>. Smithy patterns are ECMA-262 regexes with search semantics (anchored only where the
/// pattern says <c>^</c>/<c>$</c>). .NET's <see cref="RegexOptions.ECMAScript"/> mode gets most of the way; <see cref="Translate"/>
/// closes the remaining gaps so every pattern means what the model's author meant:
/// <list type="bullet">
/// <item><c>$</c> becomes end-of-input (.NET's <c>$</c> also matches before a final <c>\n</c>; ECMAScript's does not).</item>
/// <item><c>.</c> matches one Unicode code point (a surrogate pair counts once, as in <c>java.util.regex</c>, which the
/// model's <c>(?s)</c> inline flag comes from) and, unless <c>(?s)</c> is in effect, no ECMAScript line terminator
/// (<c>\n \r \u2028 \u2029</c>; .NET's <c>.</c> excludes only <c>\n</c>). This keeps length-style patterns such as
/// <c>^(?s).{1,255}$</c> in agreement with Smithy's <c>@length</c>, which counts code points.</item>
/// <item>The inline <c>(?s)</c> flag (Java syntax, not ECMAScript) is removed and applied to the dots after it.</item>
/// <item><c>\d</c>/<c>\w</c> are spelled out as ASCII classes so they stay ASCII should the ECMAScript option have to be dropped.</item>
/// <item><c>[</c> inside a class is escaped (.NET would read <c>-[</c> as class subtraction).</item>
/// </list>
/// The translated text is compiled with <c>ECMAScript | CultureInvariant | Compiled</c>; if .NET rejects it in that mode
/// (e.g. for a construct the mode does not know), it is compiled without <c>ECMAScript</c>, which the translation makes equivalent.
/// </summary>
internal sealed class SmithyPattern
{
    /// <summary>Matching a huge or adversarial value must not pin a request thread.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // One code point: any non-high-surrogate unit, or a high surrogate followed by its low surrogate. The two alternatives
    // can never both match at one position, so repeating this group adds no backtracking.
    private const string AnyCodePoint = @"(?:[^\uD800-\uDBFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])";
    private const string AnyCodePointButLineTerminator = @"(?:[^\n\r\u2028\u2029\uD800-\uDBFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])";
    private const string EndOfInput = @"(?![\s\S])";
    private const string AsciiDigit = "0-9";
    private const string AsciiWord = "A-Za-z0-9_";

    private readonly Regex _regex;

    private SmithyPattern(string source, Regex regex, bool ecmaScript)
    {
        Source = source;
        _regex = regex;
        UsesEcmaScriptOption = ecmaScript;
    }

    /// <summary>The pattern exactly as the model spells it (quoted in error messages).</summary>
    public string Source { get; }

    /// <summary>The .NET pattern actually compiled.</summary>
    public string Compiled => _regex.ToString();

    /// <summary>False when .NET's ECMAScript mode rejected the translated pattern and it was compiled without that option.</summary>
    public bool UsesEcmaScriptOption { get; }

    public static SmithyPattern Compile(string source)
    {
        var translated = Translate(source);
        const RegexOptions common = RegexOptions.CultureInvariant | RegexOptions.Compiled;
        try
        {
            return new SmithyPattern(source, new Regex(translated, common | RegexOptions.ECMAScript, MatchTimeout), true);
        }
        catch (ArgumentException)
        {
            return new SmithyPattern(source, new Regex(translated, common, MatchTimeout), false);
        }
    }

    /// <summary>True when the value matches; a match that runs past <see cref="MatchTimeout"/> counts as no match.</summary>
    public bool IsMatch(ReadOnlySpan<char> value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Rewrites an ECMAScript (plus Java <c>(?s)</c>) pattern into .NET syntax with the same meaning; see the class remarks.</summary>
    public static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 32);
        var inClass = false;
        var dotAll = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw Unsupported(pattern, "a trailing backslash");
                }
                var e = pattern[++i];
                switch (e)
                {
                    case 'd':
                        sb.Append(inClass ? AsciiDigit : "[" + AsciiDigit + "]");
                        break;
                    case 'w':
                        sb.Append(inClass ? AsciiWord : "[" + AsciiWord + "]");
                        break;
                    case 'D' when !inClass:
                        sb.Append("[^" + AsciiDigit + "]");
                        break;
                    case 'W' when !inClass:
                        sb.Append("[^" + AsciiWord + "]");
                        break;
                    case 'D' or 'W':
                        throw Unsupported(pattern, $"\\{e} inside a character class");
                    default:
                        // \uXXXX, \p{..}, \., \-, \\ ... mean the same in .NET; the characters after the escape letter
                        // (hex digits, {L}) are copied verbatim by the following iterations.
                        sb.Append('\\').Append(e);
                        break;
                }
                continue;
            }
            if (inClass)
            {
                switch (c)
                {
                    case ']':
                        inClass = false;
                        sb.Append(c);
                        break;
                    case '[':
                        sb.Append(@"\[");
                        break;
                    default:
                        sb.Append(c);
                        break;
                }
                continue;
            }
            switch (c)
            {
                case '[':
                    // ECMAScript's [] (matches nothing) and [^] (matches anything) have no .NET spelling; the model has neither.
                    var next = i + 1 < pattern.Length && pattern[i + 1] == '^' ? i + 2 : i + 1;
                    if (next < pattern.Length && pattern[next] == ']')
                    {
                        throw Unsupported(pattern, "an empty character class");
                    }
                    inClass = true;
                    sb.Append(c);
                    break;
                case '.':
                    sb.Append(dotAll ? AnyCodePoint : AnyCodePointButLineTerminator);
                    break;
                case '$':
                    sb.Append(EndOfInput);
                    break;
                case '(' when i + 1 < pattern.Length && pattern[i + 1] == '?':
                    if (string.CompareOrdinal(pattern, i, "(?s)", 0, 4) == 0)
                    {
                        dotAll = true;
                        i += 3;
                        break;
                    }
                    var kind = i + 2 < pattern.Length ? pattern[i + 2] : '\0';
                    if (kind is not (':' or '=' or '!' or '<'))
                    {
                        throw Unsupported(pattern, "an inline group or flag other than (?s)");
                    }
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        if (inClass)
        {
            throw Unsupported(pattern, "an unterminated character class");
        }
        return sb.ToString();
    }

    private static NotSupportedException Unsupported(string pattern, string what) =>
        new($"Smithy pattern {pattern} uses {what}, which the validator cannot translate.");
}
