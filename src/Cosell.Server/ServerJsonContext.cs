using System.Text.Json.Serialization;
using Cosell.Server.Accounts;
using Cosell.Server.Admin;

namespace Cosell.Server;

// RespectNullableAnnotations: an accounts file's "accountId": null is refused as invalid JSON for the type, instead of
// reaching the checks as a null that the annotations say cannot be there.
[JsonSourceGenerationOptions(WriteIndented = false, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(AccountsFile))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
