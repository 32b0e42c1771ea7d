using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>
/// ARNs in the forms the real service returns (spec README §4): shared resources (engagements, invitations, tasks)
/// carry no account; the model's EngagementInvitationArn pattern with an account contradicts every capture and is ignored.
/// </summary>
public static class Arns
{
    private const string Prefix = "arn:aws:partnercentral:us-east-1:";

    public static string Engagement(string catalog, string id) => $"{Prefix}:catalog/{catalog}/engagement/{id}";

    public static string Invitation(string catalog, string id) => $"{Prefix}:catalog/{catalog}/engagement-invitation/{id}";

    /// <summary>Account-owned resources carry their owner's account.</summary>
    public static string Opportunity(string catalog, string ownerAccountId, string id) => $"{Prefix}{ownerAccountId}:catalog/{catalog}/opportunity/{id}";

    public static string Solution(string catalog, string ownerAccountId, string id) => $"{Prefix}{ownerAccountId}:catalog/{catalog}/solution/{id}";

    /// <summary>
    /// Accepts a plain id or an ARN of the given resource type and returns the id. An ARN of another catalog, region,
    /// or resource type is a malformed identifier (REQUEST_VALIDATION_FAILED).
    /// </summary>
    public static string ResolveId(string identifier, string catalog, string resourceType, string fieldName)
    {
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            return identifier;
        }
        var expected = $"{Prefix}:catalog/{catalog}/{resourceType}/";
        if (identifier.StartsWith(expected, StringComparison.Ordinal) && IsWellFormedId(resourceType, identifier.AsSpan(expected.Length)))
        {
            return identifier[expected.Length..];
        }
        var article = "aeiou".Contains(resourceType[0]) ? "an" : "a";
        var constraint = $"Member must be an identifier or ARN of {article} {resourceType} in catalog {catalog}";
        throw ApiException.RequestInvalid(fieldName, constraint, "INVALID_STRING_FORMAT");
    }

    /// <summary>
    /// The id an ARN ends with, held to the shape a plain id of that resource has (the model's ArnOrIdentifier patterns
    /// check plain ids only, <c>arn:.*</c> otherwise). Anything else cannot name a resource, so it is malformed rather than
    /// not found.
    /// </summary>
    private static bool IsWellFormedId(string resourceType, ReadOnlySpan<char> id) => (resourceType switch
    {
        "engagement" => Identifiers.Engagement,
        "engagement-invitation" => Identifiers.Invitation,
        TaskKinds.AcceptInvitation or TaskKinds.EngagementFromOpportunity or TaskKinds.OpportunityFromEngagement => Identifiers.Task,
        _ => throw new ArgumentException($"No id shape is known for {resourceType}.", nameof(resourceType)),
    }).Matches(id);

    /// <summary>Opportunity identifiers come as an id or an opportunity ARN (which carries the owner account): the id.</summary>
    public static string OpportunityIdOf(string identifier)
    {
        var slash = identifier.LastIndexOf('/');
        return identifier.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 ? identifier[(slash + 1)..] : identifier;
    }
}
