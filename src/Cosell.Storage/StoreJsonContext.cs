using System.Text.Json.Serialization;
using Cosell.Model.Json;
using Cosell.Service.Domain;

namespace Cosell.Storage;

/// <summary>
/// The stored documents. Timestamps go through <see cref="AwsDateTimeConverter"/>, which writes all seven fractional
/// digits a value carries, so every timestamp round-trips to the 100-ns tick (as UTC).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsDateTimeConverter)])]
[JsonSerializable(typeof(EngagementRecord))]
[JsonSerializable(typeof(InvitationRecord))]
[JsonSerializable(typeof(AccountRecord))]
[JsonSerializable(typeof(TaskRecord))]
[JsonSerializable(typeof(OpportunityRecord))]
[JsonSerializable(typeof(ResourceSnapshotRecord))]
[JsonSerializable(typeof(ResourceSnapshotJobRecord))]
[JsonSerializable(typeof(SellingSystemSettingsRecord))]
[JsonSerializable(typeof(ProspectingTaskRecord))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
