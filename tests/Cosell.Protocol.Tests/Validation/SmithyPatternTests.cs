using System.Text.Json;
using Cosell.Model.Smithy;
using Cosell.Protocol.Validation;
using Xunit;

namespace Cosell.Protocol.Tests.Validation;

public sealed class SmithyPatternTests
{
    private const string EngagementId = "^eng-[0-9a-z]{14}$";
    private const string AwsAccount = @"^([0-9]{12}|\w{1,12})$";
    private const string Phone = @"^\+[1-9]\d{1,14}$";
    private const string RejectionReason = @"^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$";
    private const string Email =
        "^(?=.{0,80}$)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";
    private const string SenderContactEmail = "^(?=.{1,80}$)[a-zA-Z0-9.!#$%&'*+/=?^_{|}~-]+@[a-zA-Z0-9-]+(?:.[a-zA-Z0-9-]+)*$";
    private const string WebsiteUrl =
        "^(?=.{4,255}$)((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?$";
    private const string TagValue = @"^(?=.{0,256}$)([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";

    /// <summary>Every <c>smithy.api#pattern</c> in the raw model file (shape traits, member traits, list members).</summary>
    public static TheoryData<string> ModelPatterns()
    {
        var data = new TheoryData<string>();
        foreach (var pattern in ReadModelPatterns())
        {
            data.Add(pattern);
        }
        return data;
    }

    private static SortedSet<string> ReadModelPatterns()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ValidationFixture.ModelPath));
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var shape in doc.RootElement.GetProperty("shapes").EnumerateObject())
        {
            Collect(shape.Value, found);
            if (shape.Value.TryGetProperty("members", out var members))
            {
                foreach (var member in members.EnumerateObject())
                {
                    Collect(member.Value, found);
                }
            }
            if (shape.Value.TryGetProperty("member", out var listMember))
            {
                Collect(listMember, found);
            }
        }
        return found;

        static void Collect(JsonElement holder, SortedSet<string> into)
        {
            if (holder.TryGetProperty("traits", out var traits) && traits.TryGetProperty("smithy.api#pattern", out var p))
            {
                into.Add(p.GetString()!);
            }
        }
    }

    [Fact]
    public void ModelPatterns_RawModel_HasTheKnownPatterns()
    {
        var patterns = ReadModelPatterns();

        Assert.True(patterns.Count >= 40, $"only {patterns.Count} patterns found");
        Assert.Contains(EngagementId, patterns);
        Assert.Contains(AwsAccount, patterns);
        Assert.Contains(Phone, patterns);
        Assert.Contains(RejectionReason, patterns);
        Assert.Contains(Email, patterns);
        Assert.Contains(SenderContactEmail, patterns);
        Assert.Contains(WebsiteUrl, patterns);
        Assert.Contains(TagValue, patterns);
    }

    [Theory]
    [MemberData(nameof(ModelPatterns))]
    public void ModelPattern_Compile_LinearTimeEngineAndRunsOnAnyInput(string source)
    {
        var pattern = SmithyPattern.Compile(source);

        Assert.Equal(source, pattern.Source);
        Assert.True(pattern.Engine is PatternEngine.LengthOnly or PatternEngine.NonBacktracking,
            $"{source} runs on {pattern.Engine}: {pattern.Compiled}");
        // Matching must run (no engine error) on ordinary and hostile inputs alike.
        pattern.IsMatch("");
        pattern.IsMatch("arn:aws:partnercentral:us-east-1::catalog/AWS/engagement/eng-xhyvbgfeme4xh4");
        pattern.IsMatch(new string('a', 10_000) + "\n");
    }

    [Theory]
    [InlineData("^(?s).{1,255}$", nameof(PatternEngine.LengthOnly))]
    [InlineData("^.{1,255}$", nameof(PatternEngine.LengthOnly))]
    [InlineData(EngagementId, nameof(PatternEngine.NonBacktracking))]
    [InlineData(WebsiteUrl, nameof(PatternEngine.NonBacktracking))]
    [InlineData("^a(?=b)", nameof(PatternEngine.EcmaScript))]
    [InlineData("^(a)\\1$", nameof(PatternEngine.EcmaScript))]
    public void Compile_PatternShape_PicksEngine(string source, string engine)
    {
        Assert.Equal(engine, SmithyPattern.Compile(source).Engine.ToString());
    }

    [Theory]
    [InlineData("^a(?=b)", "ab", true)]
    [InlineData("^a(?=b)", "ac", false)]
    [InlineData("^(a)\\1$", "aa", true)]
    [InlineData("^(a)\\1$", "aa\n", false)]
    public void Compile_BacktrackingFallback_KeepsSmithySemantics(string source, string value, bool expected)
    {
        Assert.Equal(expected, SmithyPattern.Compile(source).IsMatch(value));
    }

    [Fact]
    public void ModelPatterns_ValidatorCompiledSet_IsSubsetOfModelPatterns()
    {
        var model = ReadModelPatterns();

        // The model patches (model/patches/*.json) add members with patterns of their own; read them as text.
        var patchDir = Path.Combine(Path.GetDirectoryName(ValidationFixture.ModelPath)!, "patches");
        foreach (var patch in Directory.Exists(patchDir) ? Directory.GetFiles(patchDir, "*.json") : [])
        {
            CollectAll(JsonDocument.Parse(File.ReadAllText(patch)).RootElement, model);
        }

        Assert.All(ValidationFixture.Validator.Patterns, p => Assert.Contains(p.Source, model));

        static void CollectAll(JsonElement e, SortedSet<string> into)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "smithy.api#pattern" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        into.Add(p.Value.GetString()!);
                    }
                    CollectAll(p.Value, into);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    CollectAll(item, into);
                }
            }
        }
    }

    [Theory]
    [InlineData(EngagementId, "eng-xhyvbgfeme4xh4", true)]
    [InlineData(EngagementId, "eng-xhyvbgfeme4xh", false)]
    [InlineData(EngagementId, "eng-XHYVBGFEME4XH4", false)]
    [InlineData(EngagementId, "eng-xhyvbgfeme4xh4\n", false)]
    [InlineData(EngagementId, "xeng-xhyvbgfeme4xh4", false)]
    [InlineData(AwsAccount, "aws", true)]
    [InlineData(AwsAccount, "123456789012", true)]
    [InlineData(AwsAccount, "abc_DEF_1234", true)]
    [InlineData(AwsAccount, "1234567890123", false)]
    [InlineData(AwsAccount, "aws-account", false)]
    [InlineData(AwsAccount, "café", false)]
    [InlineData(AwsAccount, "", false)]
    [InlineData(Phone, "+14155550100", true)]
    [InlineData(Phone, "+442071234567", true)]
    [InlineData(Phone, "+0155550100", false)]
    [InlineData(Phone, "14155550100", false)]
    [InlineData(Phone, "+1415555010012345", false)]
    [InlineData(Phone, "+1٤١٥٥٥٥٠١٠٠", false)]
    [InlineData(Phone, "+1 415 555 0100", false)]
    [InlineData(RejectionReason, "Customer problem unclear", true)]
    [InlineData(RejectionReason, "Déjà vu — 日本語", true)]
    [InlineData(RejectionReason, "tab\there", false)]
    [InlineData(RejectionReason, "emoji 😀", false)]
    [InlineData(RejectionReason, "", false)]
    [InlineData(Email, "jane.doe@example.com", true)]
    [InlineData(Email, "o'brien+tag@mail.example.co.uk", true)]
    [InlineData(Email, "Jane.Doe@example.com", false)]
    [InlineData(Email, "jane@localhost", false)]
    [InlineData(Email, "jane..doe@example.com", false)]
    [InlineData(Email, "not-an-email", false)]
    [InlineData(SenderContactEmail, "Jane.Doe@Example.com", true)]
    [InlineData(SenderContactEmail, "jane@localhost", true)]
    [InlineData(SenderContactEmail, "jane@exa mple.com", true)]                 // the model's unescaped '.' matches any character
    [InlineData(SenderContactEmail, "jane@example..com", false)]
    [InlineData(SenderContactEmail, "@example.com", false)]
    [InlineData(SenderContactEmail, "not-an-email", false)]
    [InlineData(WebsiteUrl, "https://acme.example.com", true)]
    [InlineData(WebsiteUrl, "www.example.com", true)]
    [InlineData(WebsiteUrl, "example", false)]
    [InlineData(TagValue, "Team: Data/Platform @ 2026", true)]
    [InlineData(TagValue, "naïve 東京", true)]
    [InlineData(TagValue, "semi;colon", false)]
    // Property classes judge whole code points, as java.util.regex does: U+20BB7 is a letter, U+1D7D8 a digit,
    // U+1F600 (an emoji) a symbol, U+1D11E a symbol too.
    [InlineData(TagValue, "\U00020BB7野家", true)]
    [InlineData(TagValue, "\U0001D7D8", true)]
    [InlineData(TagValue, "team 😀", false)]
    [InlineData(TagValue, "\U0001D11E", false)]
    // A pattern of explicit BMP ranges still refuses a supplementary letter.
    [InlineData(RejectionReason, "\U00020BB7", false)]
    [InlineData(@"^[\p{L}]{2}$", "\U00020BB7\U00020BB7", true)]
    [InlineData(@"^[\P{L}]$", "\U0001F600", true)]
    [InlineData(@"^[\P{L}]$", "\U00020BB7", false)]
    [InlineData("^(?s).{1,3}$", "a\nb", true)]
    [InlineData("^(?s).{1,3}$", "😀😀😀", true)]
    [InlineData("^(?s).{1,3}$", "😀😀😀😀", false)]
    [InlineData("^(?s).{1,3}$", "", false)]
    [InlineData("^.{1,255}$", "a\rb", false)]
    [InlineData("^.{1,255}$", "a\u2028b", false)]
    [InlineData("^.{1,255}$", "a😀b", true)]
    [InlineData("task-[0-9a-z]{13}$", "xxtask-0123456789abc", true)]
    [InlineData("^arn:.*", "arn:anything\nafter", true)]
    public void ModelPattern_KnownExample_MatchesAsSmithyIntends(string source, string value, bool expected)
    {
        Assert.Equal(expected, SmithyPattern.Compile(source).IsMatch(value));
    }

    [Theory]
    [InlineData("^a$", "^a\\z")]
    [InlineData(@"\d[\d-]", "[0-9][0-9-]")]
    [InlineData(@"\w[\w.]\W", "[A-Za-z0-9_][A-Za-z0-9_.][^A-Za-z0-9_]")]
    [InlineData("[$.]", "[$.]")]
    [InlineData(@"[a-[b]]", @"[a-\[b]]")]
    [InlineData(@"\$\.", @"\$\.")]
    public void Translate_Constructs_RewrittenToEquivalentDotNet(string source, string expected)
    {
        Assert.Equal(expected, SmithyPattern.Translate(source));
    }

    [Fact]
    public void Translate_InlineDotAll_RemovedAndAppliedToDots()
    {
        var translated = SmithyPattern.Translate("^(?s).$");

        Assert.DoesNotContain("(?s)", translated, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\n", translated, StringComparison.Ordinal);
        Assert.Contains(@"\n", SmithyPattern.Translate("^.$"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(?i)abc")]
    [InlineData("[]")]
    [InlineData("[^]")]
    [InlineData(@"[\D]")]
    [InlineData("[abc")]
    public void Translate_UntranslatableConstruct_NotSupportedException(string source)
    {
        Assert.Throws<NotSupportedException>(() => SmithyPattern.Translate(source));
    }

    public static TheoryData<string, string> HostileInputs() => new()
    {
        { SenderContactEmail, "a@" + new string('a', 77) + "!" },
        { WebsiteUrl, string.Concat(Enumerable.Repeat("a.", 60)) + "!" },
        { WebsiteUrl, "a" + string.Concat(Enumerable.Repeat(".ab", 80)) + "!" },
        { Email, new string('a', 78) + "!" },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void ModelPattern_CatastrophicBacktrackingInput_RejectedByTheLinearEngine(string source, string value)
    {
        var pattern = SmithyPattern.Compile(source);

        var matched = pattern.IsMatch(value);

        Assert.False(matched);
        // Not timed (a wall clock on a shared machine proves nothing): the non-backtracking engine is linear in the value's
        // length by construction and has no match timeout, so this "no" is the engine's answer, not a timeout's.
        Assert.Equal(PatternEngine.NonBacktracking, pattern.Engine);
    }
}
