using System.Text.Json;
using System.Text.Json.Serialization;
using Cosell.Model.Json;
using Cosell.Service.Domain;

namespace Cosell.Storage;

/// <summary>
/// The stored documents, read and written through <see cref="Stored"/>. Timestamps go through
/// <see cref="AwsDateTimeConverter"/>, which writes all seven fractional digits a value carries, so every timestamp
/// round-trips to the 100-ns tick (as UTC).
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
internal sealed partial class StoreJsonContext : JsonSerializerContext
{
    /// <summary>
    /// <see cref="JsonSerializerContext"/>'s options as the attribute sets them, plus <see cref="JsonOnlyEncoder"/>: text
    /// is stored as its UTF-8, as the wire carries it, where the default encoder wrote every non-ASCII character as
    /// <c>\uXXXX</c> (an accented letter 6 bytes, an emoji 12), so documents of such text were 2-3 times their request in
    /// every parse and write. Documents stored escaped read the same.
    /// </summary>
    public static StoreJsonContext Stored { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new AwsDateTimeConverter() },
        Encoder = JsonOnlyEncoder.Instance,
    });
}
