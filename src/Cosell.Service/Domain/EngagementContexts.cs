using Cosell.Model;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>Rules shared by every operation that adds engagement contexts.</summary>
public static class EngagementContexts
{
    /// <summary>
    /// Checks that each context's payload member matches its Type and numbers the contexts "1", "2", ... .
    /// Partners may create Lead engagements only in the Sandbox catalog, where AWS's own sample does it (spec 06 Q5).
    /// </summary>
    public static IReadOnlyList<EngagementContextDetails> Number(string catalog, IReadOnlyList<EngagementContextDetails> contexts, DateTimeOffset now)
    {
        var result = new List<EngagementContextDetails>(contexts.Count);
        var malformed = new List<FieldError>();
        var forbidden = new List<FieldError>();
        for (var i = 0; i < contexts.Count; i++)
        {
            var c = contexts[i];
            // A payload that contradicts its own Type is a malformed request, not a broken business rule. The model leaves
            // Payload optional; a context is its payload, so one without it is a missing member (spec 04 §2).
            if (c.Payload is null)
            {
                malformed.Add(FieldError.Missing("contexts.payload"));
            }
            else if (!PayloadMatches(c.Type, c.Payload))
            {
                malformed.Add(FieldError.Constraint("contexts.payload", $"Member must carry the {c.Type} payload that the context type names.", "INVALID_VALUE"));
            }
            if (c.Type == EngagementContextType.ProspectingResult)
            {
                forbidden.Add(ProspectingResultNotPermitted("contexts.type").ErrorList![0]);
            }
            if (c.Type == EngagementContextType.Lead && catalog == "AWS")
            {
                forbidden.Add(new FieldError("contexts.type", "Lead engagements are created by AWS in the AWS catalog; partners may create them only in Sandbox.", "ACTION_NOT_PERMITTED"));
            }
            result.Add(c with { Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Payload = WithDefaults(c.Payload, now) });
        }
        if (malformed.Count > 0)
        {
            throw ApiException.RequestInvalid(malformed);
        }
        if (forbidden.Count > 0)
        {
            throw ApiException.BusinessInvalid(forbidden);
        }
        return result;
    }

    public static bool PayloadMatches(EngagementContextType type, EngagementContextPayload? payload) =>
        payload is not null && (type == EngagementContextType.CustomerProject
            ? payload.CustomerProject is not null && payload.Lead is null
            : type == EngagementContextType.Lead
                ? payload.Lead is not null && payload.CustomerProject is null
                : type == EngagementContextType.ProspectingResult && payload.ProspectingResult is not null && payload.Lead is null && payload.CustomerProject is null);

    /// <summary>ProspectingResult contexts hold AWS's prospecting data: StartProspectingFromEngagementTask adds them, partners do not (inferred).</summary>
    public static ApiException ProspectingResultNotPermitted(string fieldName) =>
        ApiException.Business(fieldName, "ACTION_NOT_PERMITTED",
            "ProspectingResult contexts are added by StartProspectingFromEngagementTask; partners cannot create or change them.");

    /// <summary>At most five contexts per engagement (the model's list bound).</summary>
    public const int MaxContexts = 5;

    /// <summary>The next context id: one past the highest so far ("1", "2", ...).</summary>
    public static string NextId(EngagementRecord engagement)
    {
        var max = 0;
        foreach (var c in engagement.Contexts)
        {
            if (int.TryParse(c.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > max)
            {
                max = n;
            }
        }
        return (max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static ApiException PayloadMismatch(string fieldName, EngagementContextType type) =>
        ApiException.RequestInvalid(fieldName, $"Member must carry the {type} payload that the context type names", "INVALID_VALUE");

    /// <summary>
    /// Defaults the service fills in: an unset lead qualification status is "Unqualified" (the model's default), and an
    /// interaction without InteractionDate is dated when it is recorded (the real service returns one close to CreatedAt).
    /// </summary>
    public static EngagementContextPayload? WithDefaults(EngagementContextPayload? payload, DateTimeOffset now) =>
        payload?.Lead is { } lead
            ? payload with
            {
                Lead = lead with
                {
                    QualificationStatus = lead.QualificationStatus ?? "Unqualified",
                    Interactions = lead.Interactions.Select(i => Dated(i, now)).ToList(),
                },
            }
            : payload;

    public static LeadInteraction Dated(LeadInteraction interaction, DateTimeOffset now) =>
        interaction.InteractionDate is null ? interaction with { InteractionDate = now } : interaction;
}
