using System.Text.Json.Serialization;
using Cosell.Server.Accounts;
using Cosell.Server.Admin;

namespace Cosell.Server;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(AccountsFile))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
