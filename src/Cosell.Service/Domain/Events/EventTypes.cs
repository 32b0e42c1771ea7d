namespace Cosell.Service.Domain.Events;

/// <summary>The detail-types of spec 05 §2 (the four with undocumented payloads are not emitted, spec 06 Q16).</summary>
public static class EventTypes
{
    public const string Source = "aws.partnercentral-selling";
    public const string OpportunityCreated = "Opportunity Created";
    public const string OpportunityUpdated = "Opportunity Updated";
    public const string InvitationCreated = "Engagement Invitation Created";
    public const string InvitationAccepted = "Engagement Invitation Accepted";
    public const string InvitationRejected = "Engagement Invitation Rejected";
    public const string InvitationExpired = "Engagement Invitation Expired";
    public const string MemberAdded = "Engagement Member Added";
    public const string SnapshotCreated = "Engagement Resource Snapshot Created";
    public const string EngagementCreated = "Engagement Created";
    public const string EngagementUpdated = "Engagement Updated";

    /// <summary>Every detail-type Cosell sends.</summary>
    public static readonly IReadOnlyList<string> Sent =
    [
        OpportunityCreated, OpportunityUpdated, InvitationCreated, InvitationAccepted, InvitationRejected, InvitationExpired,
        MemberAdded, SnapshotCreated, EngagementCreated, EngagementUpdated,
    ];
}
