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
        if (identifier.StartsWith(expected, StringComparison.Ordinal) && identifier.Length > expected.Length
            && identifier.IndexOf('/', expected.Length) < 0)
        {
            return identifier[expected.Length..];
        }
        throw ApiException.Validation(ApiException.RequestValidationFailed,
            $"1 validation error detected: Value at '{fieldName}' failed to satisfy constraint: Member must be an identifier or ARN of a {resourceType} in catalog {catalog}",
            [new FieldError(fieldName, $"Member must be an identifier or ARN of a {resourceType} in catalog {catalog}", "INVALID_STRING_FORMAT")]);
    }

    /// <summary>Opportunity identifiers come as an id or an opportunity ARN (which carries the owner account): the id.</summary>
    public static string OpportunityIdOf(string identifier)
    {
        var slash = identifier.LastIndexOf('/');
        return identifier.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 ? identifier[(slash + 1)..] : identifier;
    }
}
