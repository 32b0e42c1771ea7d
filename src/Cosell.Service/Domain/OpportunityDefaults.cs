using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// The values AWS gives two members a partner leaves out, on CreateOpportunity and on every UpdateOpportunity (a full
/// replacement): AWS's CRM field table (aws-samples partner-crm-integration-samples, Opportunity-Fields.csv) says the
/// opportunity type "defaults" to Net New Business and national security is "automatically set" to No. The
/// opportunities tasks make carry the same two (spec 02 §8, 03 §1.3).
/// </summary>
public static class OpportunityDefaults
{
    public static NationalSecurity NationalSecurityOr(NationalSecurity? given) => given ?? NationalSecurity.No;

    public static OpportunityType OpportunityTypeOr(OpportunityType? given) => given ?? OpportunityType.NetNewBusiness;

    /// <summary>
    /// Whether <paramref name="member"/> (a ChangedFields path) only goes from absent, as an older build stored it, to its
    /// default: not a change the review status forbids.
    /// </summary>
    public static bool OnlyFillsAnOlderRecord(OpportunityRecord stored, UpdateOpportunityRequest update, string member) => member switch
    {
        "nationalSecurity" => stored.NationalSecurity is null && update.NationalSecurity == NationalSecurity.No,
        "opportunityType" => stored.OpportunityType is null && update.OpportunityType == OpportunityType.NetNewBusiness,
        _ => false,
    };
}
