using System.Text.Json.Serialization;

namespace Cosell.Service.Domain;

[JsonSerializable(typeof(PageToken.TokenBody))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
