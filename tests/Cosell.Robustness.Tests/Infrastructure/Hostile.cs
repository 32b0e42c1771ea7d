using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>A JSON value (or something that only looks like one) put into a request body. <see cref="ToString"/> stays short.</summary>
public abstract record Hostile
{
    public abstract byte[] Bytes();

    /// <summary>Literal JSON-ish text, valid or not: <c>NaN</c>, <c>1e400</c>, <c>"\ud800"</c>, <c>{"__proto__":{}}</c>, ...</summary>
    public sealed record Text(string Json) : Hostile
    {
        public override byte[] Bytes() => Encoding.UTF8.GetBytes(Json);
        public override string ToString() => Json.Length > 60 ? Json[..60] + "…" : Json;
    }

    /// <summary>A well-formed JSON string holding any text (escaped by the serializer).</summary>
    public sealed record AnyString(string Value) : Hostile
    {
        public override byte[] Bytes() => JsonSerializer.SerializeToUtf8Bytes(Value);
        public override string ToString() => "string(" + Value.Length + ")";
    }

    public sealed record HugeString(int Length) : Hostile
    {
        public override byte[] Bytes()
        {
            var bytes = new byte[Length + 2];
            bytes.AsSpan().Fill((byte)'x');
            bytes[0] = bytes[^1] = (byte)'"';
            return bytes;
        }

        public override string ToString() => $"\"x…\"({Length})";
    }

    /// <summary><c>[[[…]]]</c> or <c>{"a":{"a":…}}</c>, <see cref="Depth"/> levels.</summary>
    public sealed record Nested(int Depth, bool Arrays) : Hostile
    {
        public override byte[] Bytes()
        {
            var sb = new StringBuilder();
            for (var i = 0; i < Depth; i++)
            {
                sb.Append(Arrays ? "[" : "{\"a\":");
            }
            sb.Append('1');
            for (var i = 0; i < Depth; i++)
            {
                sb.Append(Arrays ? ']' : '}');
            }
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        public override string ToString() => $"nested({Depth},{(Arrays ? "[]" : "{}")})";
    }

    /// <summary>An array of <see cref="Count"/> strings, or an object with that many members.</summary>
    public sealed record Many(int Count, bool ObjectMembers) : Hostile
    {
        public override byte[] Bytes()
        {
            var sb = new StringBuilder(ObjectMembers ? "{" : "[");
            for (var i = 0; i < Count; i++)
            {
                sb.Append(i > 0 ? "," : "").Append(ObjectMembers ? $"\"m{i}\":\"v\"" : "\"v\"");
            }
            return Encoding.ASCII.GetBytes(sb.Append(ObjectMembers ? '}' : ']').ToString());
        }

        public override string ToString() => $"many({Count},{(ObjectMembers ? "{}" : "[]")})";
    }

    /// <summary>A JSON string whose UTF-8 is broken by <see cref="Invalid"/>.</summary>
    public sealed record BadUtf8(byte[] Invalid) : Hostile
    {
        public override byte[] Bytes() => [(byte)'"', (byte)'a', .. Invalid, (byte)'b', (byte)'"'];
        public override string ToString() => "badutf8(" + Convert.ToHexString(Invalid) + ")";
    }

    public static readonly string[] Literals =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "1.5", "1e400", "-1e400", "1e-400", "123456789012345678901234567890",
        "-9223372036854775809", "2147483648", "1E2", "0x10", "01", "+1", ".5", "NaN", "-NaN", "Infinity", "-Infinity", "undefined",
        "\"\"", "\" \"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\udbff\\udbff\"", "\"\\u0000\"", "\"\\uD83D\\uDE00\"",
        "\"\\x41\"", "\"\\u12\"", "'single'", "\"unterminated", "\"<script>alert(1)</script>\"", "\"' OR '1'='1' --\"",
        "\"${jndi:ldap://example.com/a}\"", "\"%s%s%n%x\"", "\"../../../../etc/passwd\"", "\"\u202egnp.exe\"", "\"🙂🙂🙂\"",
        "\"12\"", "\"true\"", "\"null\"", "\"Sandbox \"", "\"sandbox\"", "\"AWS\"", "\"aws\"", "\"2026-13-45T99:99:99Z\"",
        "\"2026-01-01T00:00:00\"", "\"9999-12-31T23:59:59.99999999999Z\"", "\"arn:aws:partnercentral:us-east-1::catalog/AWS/engagement/eng-aaaaaaaaaaaaaa\"",
        "\"arn:\"", "\"eng-\"", "[]", "{}", "[null]", "[[]]", "[{}]", "[1,2,3]", "{\"a\":1}", "{\"__proto__\":{\"polluted\":true}}",
        "{\"constructor\":{\"prototype\":{\"polluted\":true}}}", "{\"toString\":1,\"valueOf\":2}", "[\"a\",]", "{,}", "{\"a\" 1}", "tru",
        "nul", "[", "]", "{", "}", ",", ":", "\"\\\"", "\"\t\"", "\"line\nbreak\"",
    ];

    public static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00],
    ];

    public static Gen<Hostile> Gen { get; } = CsCheck.Gen.Frequency(
        (30, CsCheck.Gen.OneOf(Literals).Select(t => (Hostile)new Text(t))),
        (6, CsCheck.Gen.String.Select(s => (Hostile)new AnyString(s))),
        (4, CsCheck.Gen.Double.Select(d => (Hostile)new Text(d.ToString("R", CultureInfo.InvariantCulture)))),
        (3, CsCheck.Gen.Long.Select(d => (Hostile)new Text(d.ToString(CultureInfo.InvariantCulture)))),
        (4, CsCheck.Gen.Int[1_000, 70_000].Select(n => (Hostile)new HugeString(n))),
        (1, CsCheck.Gen.Int[900_000, 1_200_000].Select(n => (Hostile)new HugeString(n))),
        (4, CsCheck.Gen.Select(CsCheck.Gen.Int[2, 3_000], CsCheck.Gen.Bool, (d, a) => (Hostile)new Nested(d, a))),
        (3, CsCheck.Gen.Select(CsCheck.Gen.Int[11, 20_000], CsCheck.Gen.Bool, (n, o) => (Hostile)new Many(n, o))),
        (5, CsCheck.Gen.OneOf(InvalidUtf8).Select(b => (Hostile)new BadUtf8(b))));
}
