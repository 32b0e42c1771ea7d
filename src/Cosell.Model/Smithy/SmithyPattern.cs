using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cosell.Model.Smithy;

/// <summary>How a <see cref="SmithyPattern"/> is evaluated.</summary>
public enum PatternEngine
{
    /// <summary>The whole pattern is <c>^(?s).{m,n}$</c> / <c>^.{m,n}$</c>: a code-point count, no regex.</summary>
    LengthOnly,

    /// <summary>.NET's linear-time engine: no input can make it backtrack.</summary>
    NonBacktracking,

    /// <summary>Backtracking with <c>ECMAScript | CultureInvariant | Compiled</c> and the match timeout (patterns with lookarounds).</summary>
    EcmaScript,

    /// <summary>Backtracking without the ECMAScript option, for a construct that mode rejects; the translation keeps the meaning.</summary>
    Backtracking,
}

/// <summary>
/// One compiled Smithy <c>@pattern</c>. Smithy patterns are ECMA-262 regexes with search semantics (anchored only where the
/// pattern says <c>^</c>/<c>$</c>). <see cref="Translate"/> rewrites a pattern into .NET syntax with the meaning the model
/// intends:
/// <list type="bullet">
/// <item><c>$</c> becomes <c>\z</c> (.NET's <c>$</c> also matches before a final <c>\n</c>; ECMAScript's does not).</item>
/// <item><c>.</c> matches one Unicode code point (a surrogate pair counts once, as in <c>java.util.regex</c>, where the model's
/// <c>(?s)</c> inline flag comes from) and, unless <c>(?s)</c> is in effect, no ECMAScript line terminator
/// (<c>\n \r \u2028 \u2029</c>; .NET's <c>.</c> excludes only <c>\n</c>). So length-style patterns such as
/// <c>^(?s).{1,255}$</c> agree with Smithy's <c>@length</c>, which counts code points.</item>
/// <item>The inline <c>(?s)</c> flag (Java syntax; .NET accepts it only outside ECMAScript semantics) is removed and applied to
/// the dots after it.</item>
/// <item><c>\d</c>/<c>\w</c> are spelled out as ASCII classes (ECMAScript's meaning) so no engine option can widen them.</item>
/// <item><c>[</c> inside a class is escaped (.NET would read <c>-[</c> as class subtraction).</item>
/// <item><c>\p{..}</c> and <c>\P{..}</c> test a whole code point, as in <c>java.util.regex</c>: .NET tests one UTF-16 unit, so a
/// letter outside the Basic Multilingual Plane (𠮷, a surrogate pair) never matched <c>\p{L}</c>. Before such a pattern runs,
/// each surrogate pair in the value is replaced by a stand-in of the same Unicode category from the BMP
/// (<see cref="WithBmpStandIns"/>); lengths are counted on the value itself.</item>
/// </list>
/// Evaluation avoids backtracking where it can: a pattern that is only a length check (<c>^(?s).{1,255}$</c>) is evaluated as
/// one; a leading length lookahead (<c>^(?=.{4,255}$)…</c>) is evaluated as a length check followed by the rest of the pattern;
/// and whatever has no lookaround left runs on <see cref="RegexOptions.NonBacktracking"/>. Several model patterns backtrack
/// catastrophically otherwise (<c>CompanyWebsiteUrl</c>'s nested lazy groups, <c>SenderContactEmail</c>'s unescaped dot: seconds per
/// hostile 80-character value). Anything else falls back to <c>ECMAScript | CultureInvariant | Compiled</c> under
/// <see cref="MatchTimeout"/>, a timeout counting as no match.
/// </summary>
public sealed partial class SmithyPattern
{
    /// <summary>Matching a huge or adversarial value must not pin a request thread.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // One code point: any non-high-surrogate unit, or a high surrogate followed by its low surrogate. The alternatives can
    // never both match at one position, so repeating this group adds no backtracking.
    private const string AnyCodePoint = @"(?:[^\uD800-\uDBFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])";
    private const string AnyCodePointButLineTerminator = @"(?:[^\n\r\u2028\u2029\uD800-\uDBFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])";
    private const string EndOfInput = @"\z";
    private const string AsciiDigit = "0-9";
    private const string AsciiWord = "A-Za-z0-9_";

    private static readonly SearchValues<char> LineTerminators = SearchValues.Create("\n\r\u2028\u2029");

    private static readonly SearchValues<char> Surrogates = SearchValues.Create(CharRange('\uD800', '\uDFFF'));

    // (IndexOfAnyInRange would do, but allocates on every call in this runtime; SearchValues does not.)
    private static readonly SearchValues<char> LowSurrogates = SearchValues.Create(CharRange('\uDC00', '\uDFFF'));

    // Built on first use: a validation plan names every pattern of an operation's input, but most requests carry only a
    // few of those members, and building a regex (NonBacktracking's automaton set-up, Compiled's IL and JIT) is the
    // largest part of an operation's first request. Null when the pattern is a length check only.
    private readonly Lazy<(PatternEngine Engine, Regex Regex)>? _regex;
    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly bool _lengthAllowsLineTerminators;
    private readonly bool _hasPropertyClasses;

    private SmithyPattern(string source, Lazy<(PatternEngine, Regex)>? regex, int minLength, int maxLength, bool allowsLineTerminators)
    {
        Source = source;
        _regex = regex;
        _minLength = minLength;
        _maxLength = maxLength;
        _lengthAllowsLineTerminators = allowsLineTerminators;
        _hasPropertyClasses = source.Contains(@"\p{", StringComparison.Ordinal) || source.Contains(@"\P{", StringComparison.Ordinal);
    }

    /// <summary>The pattern exactly as the model spells it (quoted in error messages).</summary>
    public string Source { get; }

    /// <summary>The engine the pattern runs on (reading it builds the regex).</summary>
    public PatternEngine Engine => _regex?.Value.Engine ?? PatternEngine.LengthOnly;

    /// <summary>The .NET pattern actually compiled (null when the pattern is a length check only; reading it builds the regex).</summary>
    public string? Compiled => _regex?.Value.Regex.ToString();

    // The whole pattern is a length check: ^(?s).{m,n}$ or ^.{m,n}$.
    [GeneratedRegex(@"\A\^(\(\?s\))?\.\{([0-9]{1,9}),([0-9]{1,9})\}\$\z", RegexOptions.CultureInvariant)]
    private static partial Regex LengthOnlyForm();

    // A leading length lookahead: ^(?=.{m,n}$)rest.
    [GeneratedRegex(@"\A\^\(\?=\.\{([0-9]{1,9}),([0-9]{1,9})\}\$\)", RegexOptions.CultureInvariant)]
    private static partial Regex LengthLookaheadForm();

    public static SmithyPattern Compile(string source)
    {
        var whole = LengthOnlyForm().Match(source);
        if (whole.Success)
        {
            return new SmithyPattern(source, null, Int(whole.Groups[2].Value), Int(whole.Groups[3].Value), whole.Groups[1].Success);
        }
        var (min, max, rest) = (0, int.MaxValue, source);
        var lookahead = LengthLookaheadForm().Match(source);
        if (lookahead.Success)
        {
            (min, max, rest) = (Int(lookahead.Groups[1].Value), Int(lookahead.Groups[2].Value), "^" + source[lookahead.Length..]);
        }
        // Translated now, so a pattern the translation cannot read fails when the plan is built, not inside a request.
        var translated = Translate(rest, out var hasLookaround);
        var regex = new Lazy<(PatternEngine, Regex)>(() => Build(translated, hasLookaround), LazyThreadSafetyMode.ExecutionAndPublication);
        return new SmithyPattern(source, regex, min, max, !lookahead.Success);
    }

    private static (PatternEngine, Regex) Build(string translated, bool hasLookaround)
    {
        var (engine, regex) = hasLookaround ? CompileBacktracking(translated) : CompileNonBacktracking(translated);
        // Pay for JIT / first automaton states before the first real match, whose match timeout would otherwise count them.
        try
        {
            regex.IsMatch("");
            regex.IsMatch("warm-up 0123456789 @.:/");
        }
        catch (RegexMatchTimeoutException)
        {
            // A loaded machine can stretch the warm-up past the timeout; warming is an optimisation, never an error.
        }
        return (engine, regex);
    }

    private static (PatternEngine, Regex) CompileNonBacktracking(string translated)
    {
        try
        {
            // Linear in the value's length, so no timeout: a wall-clock timeout on a busy machine (a preempted thread, a GC)
            // turned valid identifiers into ValidationExceptions now and then (found by the robustness crash test).
            return (PatternEngine.NonBacktracking,
                new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout));
        }
        catch (NotSupportedException)
        {
            return CompileBacktracking(translated);
        }
    }

    private static (PatternEngine, Regex) CompileBacktracking(string translated)
    {
        const RegexOptions common = RegexOptions.CultureInvariant | RegexOptions.Compiled;
        try
        {
            return (PatternEngine.EcmaScript, new Regex(translated, common | RegexOptions.ECMAScript, MatchTimeout));
        }
        catch (ArgumentException)
        {
            return (PatternEngine.Backtracking, new Regex(translated, common, MatchTimeout));
        }
    }

    /// <summary>True when the value matches; a match that runs past <see cref="MatchTimeout"/> counts as no match.</summary>
    public bool IsMatch(ReadOnlySpan<char> value)
    {
        if (_minLength > 0 || _maxLength < int.MaxValue)
        {
            if (!_lengthAllowsLineTerminators && value.ContainsAny(LineTerminators))
            {
                return false;
            }
            // Cheap bounds first: the code-point count lies between half the UTF-16 length and the UTF-16 length.
            if (value.Length < _minLength || (value.Length + 1) / 2 > _maxLength)
            {
                return false;
            }
            var length = CodePoints(value);
            if (length < _minLength || length > _maxLength)
            {
                return false;
            }
        }
        if (_regex is null)
        {
            return true;
        }
        try
        {
            return _hasPropertyClasses && value.ContainsAny(Surrogates)
                ? _regex.Value.Regex.IsMatch(WithBmpStandIns(value))
                : _regex.Value.Regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The value with each supplementary code point replaced by a BMP character of the same general category, none of them
    /// ASCII, so a property class (<c>\p{L}</c>, <c>\p{N}</c>, …) judges the code point as Java's engine does, while a
    /// pattern's ASCII or explicit BMP ranges still refuse it. A value that is not well-formed UTF-16 never gets here (the
    /// request parser refuses it).
    /// </summary>
    private static string WithBmpStandIns(ReadOnlySpan<char> value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            sb.Append(rune.IsBmp ? (char)rune.Value : StandIn(Rune.GetUnicodeCategory(rune)));
        }
        return sb.ToString();
    }

    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u00C0',
        UnicodeCategory.LowercaseLetter => '\u00DF',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u00AA',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u0488',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.SpaceSeparator => '\u00A0',
        UnicodeCategory.LineSeparator => '\u2028',
        UnicodeCategory.ParagraphSeparator => '\u2029',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00A1',
        UnicodeCategory.MathSymbol => '\u00AC',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u00A8',
        UnicodeCategory.OtherSymbol => '\u00A6',
        _ => '\u0378', // unassigned (OtherNotAssigned); a control or surrogate code point is never supplementary
    };

    /// <summary>Unicode code points in well-formed UTF-16: each low surrogate closes a pair counted by its high surrogate.</summary>
    public static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        int i;
        while ((i = text.IndexOfAny(LowSurrogates)) >= 0)
        {
            count--;
            text = text[(i + 1)..];
        }
        return count;
    }

    private static string CharRange(char first, char last)
    {
        var chars = new char[last - first + 1];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(first + i);
        }
        return new string(chars);
    }

    /// <summary>Rewrites an ECMAScript (plus Java <c>(?s)</c>) pattern into .NET syntax with the same meaning; see the class remarks.</summary>
    public static string Translate(string pattern) => Translate(pattern, out _);

    /// <param name="pattern">The Smithy pattern.</param>
    /// <param name="hasLookaround">Set when the pattern uses a lookaround or backreference, which NonBacktracking cannot run.</param>
    public static string Translate(string pattern, out bool hasLookaround)
    {
        hasLookaround = false;
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
                    case 'b' or 'B' when !inClass:
                        // Word boundaries are lookarounds in disguise, and .NET's \b is Unicode-aware.
                        throw Unsupported(pattern, $"\\{e}");
                    case (>= '1' and <= '9') or 'k' when !inClass:
                        hasLookaround = true;
                        sb.Append('\\').Append(e);
                        break;
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
                    var named = kind == '<' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!');
                    if (kind is '=' or '!' || (kind == '<' && !named))
                    {
                        hasLookaround = true;
                    }
                    else if (kind != ':' && !named)
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

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static NotSupportedException Unsupported(string pattern, string what) =>
        new($"Smithy pattern {pattern} uses {what}, which the validator cannot translate.");
}
