using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Cosell.Model;
using Cosell.Model.Json;
using Cosell.Service.Domain;

namespace Cosell.Storage;

/// <summary>
/// An opportunity as ListOpportunities reads it: the members a summary shows (<c>OpportunityViews.Summary</c>), the rest
/// of each document skipped unparsed. A long-lived opportunity's NextStepsHistory, contacts, team, tags and texts are
/// most of its document (opps21: 38 of 41 KB), and a page of 100 parsed them all to show none of them.
/// </summary>
internal static class OpportunityListing
{
    private static readonly Dictionary<Type, string[]> SummaryMembers = new()
    {
        [typeof(OpportunityRecord)] =
        [
            nameof(OpportunityRecord.Catalog), nameof(OpportunityRecord.Id), nameof(OpportunityRecord.OwnerAccountId),
            nameof(OpportunityRecord.PartnerOpportunityIdentifier), nameof(OpportunityRecord.OpportunityType),
            nameof(OpportunityRecord.Customer), nameof(OpportunityRecord.Project), nameof(OpportunityRecord.LifeCycle),
            nameof(OpportunityRecord.CreatedDate), nameof(OpportunityRecord.LastModifiedDate), nameof(OpportunityRecord.Version),
        ],
        [typeof(Customer)] = [nameof(Customer.Account)],
        [typeof(Project)] = [nameof(Project.DeliveryModels), nameof(Project.ExpectedCustomerSpend), nameof(Project.ExpectedContractDuration)],
        [typeof(LifeCycle)] =
        [
            nameof(LifeCycle.Stage), nameof(LifeCycle.ClosedLostReason), nameof(LifeCycle.NextSteps), nameof(LifeCycle.TargetCloseDate),
            nameof(LifeCycle.ReviewStatus), nameof(LifeCycle.ReviewComments), nameof(LifeCycle.ReviewStatusReason),
        ],
    };

    /// <summary>The record with only those members read; the others are skipped, and null even where declared otherwise.</summary>
    public static JsonTypeInfo<OpportunityRecord> Type { get; } = (JsonTypeInfo<OpportunityRecord>)new JsonSerializerOptions
    {
        Converters = { new AwsDateTimeConverter() },
        TypeInfoResolver = StoreJsonContext.Default.WithAddedModifier(KeepSummaryMembers),
    }.GetTypeInfo(typeof(OpportunityRecord));

    private static void KeepSummaryMembers(JsonTypeInfo type)
    {
        if (!SummaryMembers.TryGetValue(type.Type, out var kept))
        {
            return;
        }
        // Skipped, not removed: required and init members are bound through the record's constructor, which wants them all.
        foreach (var property in type.Properties.Where(p => !kept.Contains(p.Name)))
        {
            property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(Skipped<>).MakeGenericType(property.PropertyType))!;
        }
    }

    private sealed class Skipped<T> : JsonConverter<T>
    {
        public override bool HandleNull => true;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return default!;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            throw new NotSupportedException("A listing is read, never written.");
    }
}
