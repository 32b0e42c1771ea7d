using System.Text.Json.Serialization;
using Cosell.Server.Accounts;
using Cosell.Server.Admin;

namespace Cosell.Server;

// RespectNullableAnnotations: an accounts file's "accountId": null is refused as invalid JSON for the type, instead of
// reaching the checks as a null that the annotations say cannot be there. UnmappedMemberHandling: a misspelt member
// ("accesKeys", "connection") is refused by name instead of silently leaving an account without keys or connections.
// AllowDuplicateProperties: a member given twice (two "accounts" lists in a merged file) is refused, not the last kept.
[JsonSourceGenerationOptions(WriteIndented = false, RespectNullableAnnotations = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(AccountsFile))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ClockAdvance))]
[JsonSerializable(typeof(ClockReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
