using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cosell.Codegen;

/// <summary>
/// Writes JSON the way Python's <c>json.dumps(value, indent=2)</c> does (ensure_ascii on) plus a final newline: the
/// layout of botocore's data files and of the botocore model this repository first shipped. System.Text.Json's indented
/// writer escapes other characters (HTML-sensitive ones, upper-case hex), so byte-identical output needs its own writer.
/// </summary>
internal static class PythonJsonWriter
{
    public static string Write(JsonNode node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.Append('\n').ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                sb.Append("{}");
                break;
            case JsonObject obj:
                sb.Append('{');
                var firstMember = true;
                foreach (var (key, value) in obj)
                {
                    sb.Append(firstMember ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, value, depth + 1);
                    firstMember = false;
                }
                sb.Append('\n').Append(' ', depth * 2).Append('}');
                break;
            case JsonArray arr when arr.Count == 0:
                sb.Append("[]");
                break;
            case JsonArray arr:
                sb.Append('[');
                for (var i = 0; i < arr.Count; i++)
                {
                    sb.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    Write(sb, arr[i], depth + 1);
                }
                sb.Append('\n').Append(' ', depth * 2).Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(sb, value.GetValue<string>()); break;
                    case JsonValueKind.True: sb.Append("true"); break;
                    case JsonValueKind.False: sb.Append("false"); break;
                    case JsonValueKind.Number: sb.Append(value.ToJsonString()); break;
                    default: throw new NotSupportedException($"JSON value kind {value.GetValueKind()}");
                }
                break;
        }
    }

    // Python's ensure_ascii: short escapes for the five it names, \uXXXX (lower-case hex, UTF-16 units) for every other
    // character outside ' '..'~'; '/' stays as is.
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
