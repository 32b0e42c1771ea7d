using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cosell.Server.Accounts;

/// <summary>
/// System.Text.Json's complaints about an accounts file in its writer's terms: the member and where it is (a 1-based
/// line), without .NET type names or advice about reader options the user cannot change.
/// </summary>
public static partial class AccountsFileJsonErrors
{
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Message;
        var cut = text.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            text = text[..cut];
        }
        text = UnknownMember().Match(text) is { Success: true } unknown ? $"member '{unknown.Groups[1].Value}' is not one Cosell knows (misspelt?)"
            : MissingMembers().Match(text) is { Success: true } missing ? $"required member {missing.Groups[1].Value} is missing"
            : DuplicateMember().Match(text) is { Success: true } twice ? $"member '{twice.Groups[1].Value}' is given twice"
            : text.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal) ? "the value has the wrong type"
            : text.Replace(" which is not supported in this mode. Change the reader options.", ", which JSON does not allow.", StringComparison.Ordinal);
        var where = (error.Path, error.LineNumber) switch
        {
            ({ } path, { } line) => string.Create(CultureInfo.InvariantCulture, $" (at {path}, line {line + 1})"),
            ({ } path, null) => $" (at {path})",
            (null, { } line) => string.Create(CultureInfo.InvariantCulture, $" (line {line + 1})"),
            _ => "",
        };
        return text.TrimEnd('.') + where;
    }

    [GeneratedRegex(@"^The JSON property '(.*)' could not be mapped to any \.NET member")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"was missing required properties including: (.*?)\.?$")]
    private static partial Regex MissingMembers();

    [GeneratedRegex(@"^Duplicate property '(.*)' encountered")]
    private static partial Regex DuplicateMember();
}
