using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Cosell.Model.Contracts;
using Cosell.Model.Smithy;

namespace Cosell.Protocol.Validation;

/// <summary>
/// Validates an awsJson1_0 request body against the Smithy input shape of its operation, the way the real service's
/// front end does before any business logic runs:
/// JSON types that do not fit the shapes → SerializationException (thrown at the first misfit);
/// constraint violations (required, union arity, enum, length, pattern, range, catalog) → every one of them collected as
/// <see cref="FieldError"/>s, which <see cref="ValidationFailure"/> turns into one ValidationException (REQUEST_VALIDATION_FAILED).
/// JSON <c>null</c> counts as absent; members the model does not know are ignored. Values are never echoed in messages,
/// so sensitive members need no special casing.
/// </summary>
public sealed class RequestValidator
{
    private const string SandboxCatalog = "Sandbox";
    private const string AwsCatalog = "AWS";

    private readonly ShapeGraph _graph;
    private readonly ValidationPlanBuilder _builder;
    private readonly ConcurrentDictionary<string, ValidationNode> _plans = new(StringComparer.Ordinal);
    private readonly Func<string, ValidationNode> _buildRoot;

    /// <summary>
    /// Each input shape is expanded (and its patterns compiled, each distinct pattern once) the first time a request needs
    /// it, not here: start-up pays for none of the 42 operations, the first request of an operation for its own.
    /// </summary>
    public RequestValidator(ShapeGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _builder = new ValidationPlanBuilder(graph);
        _buildRoot = _builder.BuildRoot;
    }

    /// <summary>The compiled patterns of every operation's input (for tests and diagnostics; builds every plan first).</summary>
    internal IEnumerable<SmithyPattern> Patterns
    {
        get
        {
            BuildAll();
            return _builder.Patterns;
        }
    }

    /// <summary>Expands every operation's input shape now (a model error shows here rather than at a first request).</summary>
    public void BuildAll()
    {
        foreach (var op in _graph.Operations.Values)
        {
            _plans.GetOrAdd(op.InputShape, _buildRoot);
        }
    }

    /// <summary>
    /// Throws ApiException SerializationException when the JSON types do not fit the shapes; otherwise returns the
    /// violations in model order (empty = valid).
    /// </summary>
    public IReadOnlyList<FieldError> Validate(string inputShapeId, JsonElement body)
    {
        var root = _plans.GetOrAdd(inputShapeId, _buildRoot);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.Serialization("Expected a JSON object as the request body");
        }
        var state = new WalkState();
        try
        {
            Walk(root, body, ref state);
        }
        finally
        {
            if (state.Buffer is not null)
            {
                ArrayPool<char>.Shared.Return(state.Buffer);
            }
        }
        return state.Errors is null ? Array.Empty<FieldError>() : state.Errors;
    }

    /// <summary>
    /// <see cref="Validate"/>, then one ValidationException (REQUEST_VALIDATION_FAILED) when there are violations, null
    /// when there are none. Returned rather than thrown, so the pipeline answers a rejected request without paying for a
    /// throw and an unwind. Type misfits still throw.
    /// </summary>
    public ApiException? ValidationFailure(string inputShapeId, JsonElement body)
    {
        var errors = Validate(inputShapeId, body);
        return errors.Count > 0
            ? ApiException.RequestInvalid(errors)
            : null;
    }

    private struct WalkState
    {
        public List<FieldError>? Errors;
        private HashSet<FieldError>? _seen;
        public char[]? Buffer;

        public void Add(string path, string constraint, string code)
        {
            // Paths carry no list index, so the elements of one list that break one constraint make one entry, not one
            // per element (21 malformed ids are one "identifier" entry).
            Keep(FieldError.Constraint(path, constraint, code));
        }

        public void AddMissing(string path)
        {
            Keep(FieldError.Missing(path));
        }

        private void Keep(FieldError error)
        {
            if ((_seen ??= []).Add(error))
            {
                (Errors ??= []).Add(error);
            }
        }
    }

    private static class Codes
    {
        public const string RequiredFieldMissing = "REQUIRED_FIELD_MISSING";
        public const string InvalidEnumValue = "INVALID_ENUM_VALUE";
        public const string InvalidStringFormat = "INVALID_STRING_FORMAT";
        public const string InvalidValue = "INVALID_VALUE";
        public const string TooManyValues = "TOO_MANY_VALUES";
        public const string NotEnoughValues = "NOT_ENOUGH_VALUES";
        public const string ValueOutOfRange = "VALUE_OUT_OF_RANGE";
    }

    // Recursion depth is bounded by the expanded plan (ValidationPlanBuilder.MaxDepth), not by the JSON: the walk only
    // descends where the model has a member, and JsonDocument caps how deep the JSON itself may nest.
    private static void Walk(ValidationNode node, JsonElement value, ref WalkState state)
    {
        switch (node.Kind)
        {
            case NodeKind.Structure:
                Expect(value, JsonValueKind.Object, "an object", node);
                foreach (var member in node.Members)
                {
                    if (value.TryGetProperty(member.Utf8Name, out var v) && v.ValueKind != JsonValueKind.Null)
                    {
                        Walk(member.Waiver is { } waiver && IsGiven(value, waiver.Utf8Sibling) ? waiver.Node : member.Node, v, ref state);
                    }
                    else if (member.Required)
                    {
                        state.AddMissing(member.Node.Path);
                    }
                }
                break;
            case NodeKind.Union:
                WalkUnion(node, value, ref state);
                break;
            case NodeKind.List:
                Expect(value, JsonValueKind.Array, "a list", node);
                CheckCount(node, value.GetArrayLength(), ref state);
                foreach (var item in value.EnumerateArray())
                {
                    WalkElement(node.Element!, item, ref state);
                }
                break;
            case NodeKind.Map:
                Expect(value, JsonValueKind.Object, "a map (JSON object)", node);
                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }
                CheckCount(node, count, ref state);
                foreach (var entry in value.EnumerateObject())
                {
                    WalkElement(node.Element!, entry.Value, ref state);
                }
                break;
            case NodeKind.String:
            case NodeKind.Enum:
                Expect(value, JsonValueKind.String, "a string", node);
                CheckString(node, value, ref state);
                break;
            case NodeKind.Integer:
                CheckInteger(node, value, ref state);
                break;
            case NodeKind.Timestamp:
                CheckTimestamp(node, value, ref state);
                break;
            default:
                break;
        }
    }

    // "" counts as absent: it is the default the model gives the waiving member (ExpectedCustomerSpend.Amount).
    private static bool IsGiven(JsonElement structure, byte[] utf8Member) =>
        structure.TryGetProperty(utf8Member, out var v) && v.ValueKind != JsonValueKind.Null
        && !(v.ValueKind == JsonValueKind.String && v.ValueEquals(ReadOnlySpan<byte>.Empty));

    private static void WalkElement(ValidationNode element, JsonElement item, ref WalkState state)
    {
        // The model's lists and maps are not @sparse: a null element is a missing value.
        if (item.ValueKind == JsonValueKind.Null)
        {
            state.AddMissing(element.Path);
        }
        else
        {
            Walk(element, item, ref state);
        }
    }

    private static void WalkUnion(ValidationNode node, JsonElement value, ref WalkState state)
    {
        Expect(value, JsonValueKind.Object, "an object", node);
        var set = 0;
        foreach (var member in node.Members)
        {
            if (value.TryGetProperty(member.Utf8Name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                set++;
            }
        }
        if (set != 1)
        {
            // Unknown members do not count: a union holding only members this model lacks is empty.
            state.Add(node.Path, set == 0
                    ? "Union must have exactly one member set, but none is"
                    : "Union must have exactly one member set, but several are",
                set == 0 ? Codes.RequiredFieldMissing : Codes.InvalidValue);
            // Which member was meant is unknown, so none is examined further: one entry, not one per branch.
            return;
        }
        foreach (var member in node.Members)
        {
            if (value.TryGetProperty(member.Utf8Name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                Walk(member.Node, v, ref state);
            }
        }
    }

    private static void CheckCount(ValidationNode node, int count, ref WalkState state)
    {
        if (count < node.MinLength)
        {
            state.Add(node.Path, "Member must have length greater than or equal to " + Format(node.MinLength.Value), Codes.NotEnoughValues);
        }
        else if (count > node.MaxLength)
        {
            state.Add(node.Path, "Member must have length less than or equal to " + Format(node.MaxLength.Value), Codes.TooManyValues);
        }
    }

    private static void CheckString(ValidationNode node, JsonElement value, ref WalkState state)
    {
        var text = ReadText(node, value, node.InspectsText, ref state);
        if (!node.InspectsText)
        {
            return;
        }
        if (node.IsCatalog)
        {
            // Every request names a catalog: the two comparisons first, the pattern only for a value that is neither. A
            // value outside the model's own pattern ("", "AWS-1") is malformed; a well-formed name that is neither catalog
            // is the INVALID_VALUE of spec 06 Q33.
            if (text.SequenceEqual(AwsCatalog) || text.SequenceEqual(SandboxCatalog))
            {
                return;
            }
            if (node.Pattern is { } catalogPattern && !catalogPattern.IsMatch(text))
            {
                AddPatternViolation(node, catalogPattern, ref state);
            }
            else
            {
                state.Add(node.Path, "Member must satisfy enum value set: " + ValidationPlanBuilder.CatalogDisplay, Codes.InvalidValue);
            }
            return;
        }
        if (node.Kind == NodeKind.Enum)
        {
            if (!node.EnumLookup.Contains(text))
            {
                state.Add(node.Path, "Member must satisfy enum value set: " + node.EnumDisplay, Codes.InvalidEnumValue);
            }
            return;
        }
        if (node.MinLength is not null || node.MaxLength is not null)
        {
            var length = SmithyPattern.CodePoints(text);
            if (length < node.MinLength)
            {
                state.Add(node.Path, "Member must have length greater than or equal to " + Format(node.MinLength.Value),
                    Codes.InvalidStringFormat);
                return;
            }
            if (length > node.MaxLength)
            {
                // A value already too long is not also run through the pattern (which keeps huge strings cheap).
                state.Add(node.Path, "Member must have length less than or equal to " + Format(node.MaxLength.Value),
                    Codes.InvalidStringFormat);
                return;
            }
        }
        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            AddPatternViolation(node, pattern, ref state);
        }
    }

    private static void AddPatternViolation(ValidationNode node, SmithyPattern pattern, ref WalkState state) =>
        state.Add(node.Path, FieldError.PatternConstraint(pattern.Source), Codes.InvalidStringFormat);

    /// <summary>
    /// The string's UTF-16 text, decoded into the walk's pooled buffer when it has no escapes (the common case); also
    /// rejects malformed text (invalid UTF-8, unpaired surrogate escapes), which later deserialization could not read.
    /// Returns an empty span when <paramref name="needText"/> is false and the raw value was validated in place.
    /// </summary>
    private static ReadOnlySpan<char> ReadText(ValidationNode node, JsonElement value, bool needText, ref WalkState state)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1];
        if (raw.IndexOf((byte)'\\') < 0)
        {
            if (!needText)
            {
                if (!Utf8.IsValid(raw))
                {
                    throw Malformed(node);
                }
                return default;
            }
            if (state.Buffer is null || state.Buffer.Length < raw.Length)
            {
                if (state.Buffer is not null)
                {
                    ArrayPool<char>.Shared.Return(state.Buffer);
                }
                state.Buffer = ArrayPool<char>.Shared.Rent(Math.Max(raw.Length, 256));
            }
            if (Utf8.ToUtf16(raw, state.Buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw Malformed(node);
            }
            return state.Buffer.AsSpan(0, written);
        }
        try
        {
            // Escapes are rare in API payloads; let the parser unescape them.
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Malformed(node);
        }
    }

    private static void CheckInteger(ValidationNode node, JsonElement value, ref WalkState state)
    {
        Expect(value, JsonValueKind.Number, "an integer", node);
        if (!value.TryGetInt32(out var number))
        {
            // 1.0 and 1e2 are integers written differently; 1.5, 1e400 and 3000000000 are not 32-bit integers.
            if (!value.TryGetDecimal(out var d) || d != decimal.Truncate(d) || d < int.MinValue || d > int.MaxValue)
            {
                throw ApiException.Serialization($"Expected an integer {Where(node)} (a whole number that fits in 32 bits)");
            }
            number = (int)d;
        }
        if (number < node.MinRange)
        {
            state.Add(node.Path, "Member must have value greater than or equal to " + Format(node.MinRange.Value), Codes.ValueOutOfRange);
        }
        else if (number > node.MaxRange)
        {
            state.Add(node.Path, "Member must have value less than or equal to " + Format(node.MaxRange.Value), Codes.ValueOutOfRange);
        }
    }

    private static void CheckTimestamp(ValidationNode node, JsonElement value, ref WalkState state)
    {
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
                && seconds >= Rfc3339.MinEpochSeconds && seconds <= Rfc3339.MaxEpochSeconds,
            JsonValueKind.String => Rfc3339.IsDateTime(ReadText(node, value, true, ref state)),
            _ => false,
        };
        if (!ok)
        {
            throw ApiException.Serialization(
                $"Expected a timestamp {Where(node)} (an RFC 3339 date-time with a zone, e.g. 2026-04-01T12:00:00Z, or epoch seconds)");
        }
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string what, ValidationNode node)
    {
        if (value.ValueKind != kind)
        {
            throw ApiException.Serialization($"Expected {what} {Where(node)}");
        }
    }

    private static ApiException Malformed(ValidationNode node) =>
        ApiException.Serialization($"Expected a well-formed Unicode string {Where(node)}");

    private static string Where(ValidationNode node) =>
        node.IsElement ? $"for each element of '{node.Path}'" : $"at '{node.Path}'";

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
