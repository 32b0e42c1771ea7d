using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Bench.Fixtures;

/// <summary>
/// Request bodies. CreateEngagementInvitation is the JS SDK's own wire body from
/// <c>tests/fixtures/wire/js/CreateEngagementInvitation-opportunity.json</c> (the seed, full payload) with three holes:
/// the engagement, the receiver and the ClientToken.
/// </summary>
internal sealed class WireTemplates
{
    private const string FixtureEngagement = "eng-a1b2c3d4e5f6g7";
    private const string FixtureReceiver = "222222222222";
    private const string FixtureToken = "6f1c2d3e-0000-4000-8000-000000000002";

    private readonly byte[][] _create;

    private WireTemplates(string body, JsonObject input)
    {
        _create = Split(body, FixtureEngagement, FixtureReceiver, FixtureToken);
        CreateInput = input;
        var invalid = body.Replace("\"AwsAccountId\":\"" + FixtureReceiver + "\"", "\"AwsAccountId\":\"not-an-account\"", StringComparison.Ordinal)
            .Replace("\"CountryCode\":\"US\"", "\"CountryCode\":\"XX\"", StringComparison.Ordinal);
        _invalid = Split(invalid, FixtureEngagement, FixtureToken);
    }

    private readonly byte[][] _invalid;

    /// <summary>The fixture's input (for seeding stored invitations with the same payload).</summary>
    public JsonObject CreateInput { get; }

    public static WireTemplates Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "CreateEngagementInvitation-opportunity.json");
        var fixture = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var body = fixture["request"]!["body"]!.GetValue<string>();
        return new WireTemplates(body, fixture["input"]!.AsObject());
    }

    public int WriteCreate(Span<byte> destination, ReadOnlySpan<byte> engagementId, ReadOnlySpan<byte> receiver, ReadOnlySpan<byte> token)
    {
        var n = Put(destination, 0, _create[0]);
        n = Put(destination, n, engagementId);
        n = Put(destination, n, _create[1]);
        n = Put(destination, n, receiver);
        n = Put(destination, n, _create[2]);
        n = Put(destination, n, token);
        return Put(destination, n, _create[3]);
    }

    /// <summary>The same request with a malformed receiver account id and an unknown country: a ValidationException (400).</summary>
    public int WriteInvalidCreate(Span<byte> destination, ReadOnlySpan<byte> engagementId, ReadOnlySpan<byte> token)
    {
        var n = Put(destination, 0, _invalid[0]);
        n = Put(destination, n, engagementId);
        n = Put(destination, n, _invalid[1]);
        n = Put(destination, n, token);
        return Put(destination, n, _invalid[2]);
    }

    public static int WriteGetInvitation(Span<byte> destination, ReadOnlySpan<byte> invitationId)
    {
        var n = Put(destination, 0, "{\"Catalog\":\"Sandbox\",\"Identifier\":\""u8);
        n = Put(destination, n, invitationId);
        return Put(destination, n, "\"}"u8);
    }

    public static int WriteListInvitations(Span<byte> destination, bool asSender) =>
        Put(destination, 0, asSender
            ? "{\"Catalog\":\"Sandbox\",\"MaxResults\":20,\"ParticipantType\":\"SENDER\"}"u8
            : "{\"Catalog\":\"Sandbox\",\"MaxResults\":20,\"ParticipantType\":\"RECEIVER\"}"u8);

    public static int WriteListEngagements(Span<byte> destination) =>
        Put(destination, 0, "{\"Catalog\":\"Sandbox\",\"MaxResults\":20}"u8);

    public static int WriteGetEngagement(Span<byte> destination, ReadOnlySpan<byte> engagementId)
    {
        var n = Put(destination, 0, "{\"Catalog\":\"Sandbox\",\"Identifier\":\""u8);
        n = Put(destination, n, engagementId);
        return Put(destination, n, "\"}"u8);
    }

    private static int Put(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }

    private static byte[][] Split(string body, params string[] holes)
    {
        var parts = new List<byte[]>();
        var rest = body;
        foreach (var hole in holes)
        {
            var at = rest.IndexOf(hole, StringComparison.Ordinal);
            if (at < 0 || rest.IndexOf(hole, at + hole.Length, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"The fixture body must hold '{hole}' exactly once.");
            }
            parts.Add(Encoding.UTF8.GetBytes(rest[..at]));
            rest = rest[(at + hole.Length)..];
        }
        parts.Add(Encoding.UTF8.GetBytes(rest));
        return [.. parts];
    }

    /// <summary>Checks a template fills into valid JSON (guards the hole positions).</summary>
    public void SelfCheck()
    {
        Span<byte> buffer = stackalloc byte[4096];
        var n = WriteCreate(buffer, "eng-00000000000000"u8, "810000000001"u8, "token"u8);
        using var doc = JsonDocument.Parse(buffer[..n].ToArray());
        n = WriteInvalidCreate(buffer, "eng-00000000000000"u8, "token"u8);
        using var invalid = JsonDocument.Parse(buffer[..n].ToArray());
    }
}
