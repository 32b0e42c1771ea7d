using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using Cosell.Model.Smithy;

namespace Cosell.Protocol.Validation;

internal enum NodeKind : byte { String, Enum, Integer, Timestamp, Structure, Union, List, Map, Any }

/// <summary>
/// One position of an input shape, expanded from the shape graph with everything the walk needs precomputed: the
/// member's field path, the effective constraints (member traits over target traits), the compiled pattern, the enum set.
/// The model is not recursive, so each input shape expands into a finite tree.
/// </summary>
internal sealed class ValidationNode
{
    public required NodeKind Kind { get; init; }

    /// <summary>
    /// Dotted lowerCamelCase member path from the request root (<c>invitation.receiver.account.awsAccountId</c>; empty for the root).
    /// List elements and map values share the path of their list or map, with no index or key segment: that is how AWS names
    /// them (its documented <c>project.expectedCustomerSpend.estimationUrl</c> has none though ExpectedCustomerSpend is a list).
    /// </summary>
    public required string Path { get; init; }

    /// <summary>True for a list element or map value (only changes the wording of SerializationException messages).</summary>
    public bool IsElement { get; init; }

    /// <summary>Structure/union members in model order.</summary>
    public ValidationMember[] Members { get; init; } = [];

    /// <summary>List member or map value.</summary>
    public ValidationNode? Element { get; init; }

    public long? MinLength { get; init; }
    public long? MaxLength { get; init; }
    public long? MinRange { get; init; }
    public long? MaxRange { get; init; }
    public SmithyPattern? Pattern { get; init; }

    /// <summary>A member targeting CatalogIdentifier: only <c>AWS</c> and <c>Sandbox</c> are accepted (spec 06 Q33).</summary>
    public bool IsCatalog { get; init; }

    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnumLookup { get; init; }

    /// <summary><c>[A, B, C]</c>, in model order.</summary>
    public string? EnumDisplay { get; init; }

    /// <summary>True when a string's text has to be inspected (length, pattern, enum, catalog).</summary>
    public bool InspectsText => Kind == NodeKind.Enum || IsCatalog || MinLength is not null || MaxLength is not null || Pattern is not null;
}

internal sealed class ValidationMember(string name, bool required, ValidationNode node, PatternWaiver? waiver = null)
{
    public string Name { get; } = name;
    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);
    public bool Required { get; } = required;
    public ValidationNode Node { get; } = node;

    /// <summary>When set, the member's pattern binds only while the named sibling is not given.</summary>
    public PatternWaiver? Waiver { get; } = waiver;
}

/// <summary>
/// A member whose pattern the service waives when a sibling is given: <see cref="Node"/> is the member's node without
/// the pattern, walked instead when the sibling <see cref="Utf8Sibling"/> is given (present, not null, not "").
/// </summary>
internal sealed record PatternWaiver(byte[] Utf8Sibling, ValidationNode Node);

/// <summary>Expands shapes into <see cref="ValidationNode"/> trees, sharing one compiled regex per distinct pattern.</summary>
internal sealed class ValidationPlanBuilder(ShapeGraph graph)
{
    /// <summary>Deeper than any path the (non-recursive) model has; reaching it means the model became recursive.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most entries a request list takes where the model sets no length (a customer's contacts, an invitation's
    /// receiver responsibilities, delivery models, sales activities, …). AWS publishes none; without one, a 1 MiB
    /// request of 350,000 empty contacts was accepted, and every later read or update of that opportunity parsed all of
    /// them (half a second of the store's only writer per update, stalling every other account's writes). A hundred
    /// is several times any picklist's number of values and any real contact list.
    /// </summary>
    public const int UnboundedListCap = 100;

    /// <summary>
    /// The longest request string where the model sets neither a length nor a pattern (a non-US
    /// <c>Address.StateOrRegion</c>, <c>Marketing.CampaignName</c>, the Sandbox review's comments, a prospecting result's
    /// profile summary, …), in code points: the longest free text the model allows anywhere (a business problem); the
    /// pagination token is the service's own text and exempt. Without it one request filled a state with 1 MiB that every
    /// ListOpportunities page then carried.
    /// </summary>
    public const int UnboundedStringCap = 2000;

    /// <summary>
    /// The same for the entries of a list (an <c>ApnPrograms</c> or <c>Marketing.UseCases</c> entry, a solution category):
    /// names and codes, as long as a name the model bounds (an address line).
    /// </summary>
    public const int UnboundedListEntryCap = 255;

    public const string CatalogIdentifier = ShapeGraph.Namespace + "#CatalogIdentifier";
    public const string CatalogDisplay = "[AWS, Sandbox]";

    /// <summary>
    /// (structure, member) → the sibling whose presence waives the member's pattern. An EstimationUrl that is not a
    /// Pricing Calculator estimate is dropped, not refused, when its spend entry has an Amount (spec 03 §1.3, DG:deal);
    /// the handlers drop it (Cosell.Service.Domain.SpendEstimationUrls), an entry without an Amount is refused here,
    /// listed with the request's other violations.
    /// </summary>
    private static readonly Dictionary<(string Shape, string Member), string> PatternWaivers = new()
    {
        [(ShapeGraph.Namespace + "#ExpectedCustomerSpend", "EstimationUrl")] = "Amount",
    };

    private readonly ConcurrentDictionary<string, SmithyPattern> _patterns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (FrozenSet<string> Set, string Display)> _enums = new(StringComparer.Ordinal);

    public IEnumerable<SmithyPattern> Patterns => _patterns.Values;

    public ValidationNode BuildRoot(string shapeId) => Build(shapeId, Constraints.None, "", false, false, 0);

    private ValidationNode Build(string shapeId, Constraints memberConstraints, string path, bool isElement, bool isCatalog, int depth,
        bool withoutPattern = false)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException(
                $"Shape {shapeId} at '{path}' is nested more than {MaxDepth} levels deep; the validator does not support recursive models.");
        }
        var shape = graph.Get(shapeId);
        var c = memberConstraints.Over(shape.Constraints);
        switch (shape.Kind)
        {
            case ShapeKind.Structure:
            case ShapeKind.Union:
                var members = new ValidationMember[shape.Members.Count];
                for (var i = 0; i < members.Length; i++)
                {
                    var m = shape.Members[i];
                    var segment = LowerFirst(m.Name);
                    var childPath = path.Length == 0 ? segment : path + "." + segment;
                    var child = Build(m.Target, m.Constraints, childPath, false, m.Target == CatalogIdentifier, depth + 1);
                    var waiver = PatternWaivers.TryGetValue((shapeId, m.Name), out var sibling)
                        ? new PatternWaiver(Encoding.UTF8.GetBytes(sibling),
                            Build(m.Target, m.Constraints, childPath, false, false, depth + 1, withoutPattern: true))
                        : null;
                    members[i] = new ValidationMember(m.Name, m.Required, child, waiver);
                }
                return new ValidationNode
                {
                    Kind = shape.Kind == ShapeKind.Union ? NodeKind.Union : NodeKind.Structure,
                    Path = path,
                    IsElement = isElement,
                    Members = members,
                };
            case ShapeKind.List:
            case ShapeKind.Map:
                var isList = shape.Kind == ShapeKind.List;
                var elementShape = isList
                    ? shape.ListMember ?? throw new InvalidOperationException($"List {shapeId} has no member")
                    : shape.MapValue ?? throw new InvalidOperationException($"Map {shapeId} has no value");
                var elementConstraints = isList ? shape.ListMemberConstraints ?? Constraints.None : Constraints.None;
                return new ValidationNode
                {
                    Kind = isList ? NodeKind.List : NodeKind.Map,
                    Path = path,
                    IsElement = isElement,
                    Element = Build(elementShape, elementConstraints, path, true, false, depth + 1),
                    MinLength = c.MinLength,
                    MaxLength = c.MaxLength ?? (isList ? UnboundedListCap : (long?)null),
                };
            case ShapeKind.String:
                return new ValidationNode
                {
                    Kind = NodeKind.String,
                    Path = path,
                    IsElement = isElement,
                    IsCatalog = isCatalog,
                    MinLength = c.MinLength,
                    MaxLength = c.MaxLength
                        ?? (c.Pattern is null && path != "nextToken" ? (isElement ? UnboundedListEntryCap : UnboundedStringCap) : null),
                    // Catalog: its ^[a-zA-Z]+$ pattern first, then exactly AWS|Sandbox (RequestValidator.CheckString).
                    Pattern = c.Pattern is null || withoutPattern ? null : _patterns.GetOrAdd(c.Pattern, SmithyPattern.Compile),
                };
            case ShapeKind.Enum:
                var (set, display) = _enums.GetOrAdd(shapeId, _ => (
                    shape.EnumValues.ToFrozenSet(StringComparer.Ordinal),
                    "[" + string.Join(", ", shape.EnumValues) + "]"));
                return new ValidationNode
                {
                    Kind = NodeKind.Enum,
                    Path = path,
                    IsElement = isElement,
                    EnumLookup = set.GetAlternateLookup<ReadOnlySpan<char>>(),
                    EnumDisplay = display,
                };
            case ShapeKind.Integer:
                return new ValidationNode
                {
                    Kind = NodeKind.Integer,
                    Path = path,
                    IsElement = isElement,
                    MinRange = c.MinRange,
                    MaxRange = c.MaxRange,
                };
            case ShapeKind.Timestamp:
                return new ValidationNode { Kind = NodeKind.Timestamp, Path = path, IsElement = isElement };
            default:
                return new ValidationNode { Kind = NodeKind.Any, Path = path, IsElement = isElement };
        }
    }

    /// <summary>First letter lower-cased: <c>AwsAccountId</c> → <c>awsAccountId</c>.</summary>
    internal static string LowerFirst(string name) =>
        name.Length == 0 || !char.IsUpper(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
