using System.Collections.Frozen;
using Cosell.Model;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>
/// The names an opportunity's US address takes in <c>StateOrRegion</c>. The model types the member as free text, but its
/// documentation lists these values (M Address.StateOrRegion), AWS's CRM field table applies the list to United States
/// addresses only and answers another value with an invalid-value error (aws-samples partner-crm-integration-samples,
/// Opportunity-Fields.csv), and a public integration reports the same from AWS. Elsewhere the member stays free text
/// ("Bavaria"). AWS's spellings are kept as listed, "Dist. of Columbia" and the military codes included.
/// </summary>
public static class UsStatesAndRegions
{
    public static readonly FrozenSet<string> Names = new[]
    {
        "Alabama", "Alaska", "American Samoa", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
        "Dist. of Columbia", "Federated States of Micronesia", "Florida", "Georgia", "Guam", "Hawaii", "Idaho", "Illinois",
        "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Marshall Islands", "Maryland", "Massachusetts",
        "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
        "New Mexico", "New York", "North Carolina", "North Dakota", "Northern Mariana Islands", "Ohio", "Oklahoma", "Oregon",
        "Palau", "Pennsylvania", "Puerto Rico", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
        "Vermont", "Virginia", "Virgin Islands", "Washington", "West Virginia", "Wisconsin", "Wyoming", "APO/AE", "AFO/FPO",
        "FPO, AP",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// An INVALID_VALUE on the customer's StateOrRegion when a US address names something else, or null. "" names
    /// nothing (CRMs send it for "unknown"; the member has no minimum length). Only a value the request gives or changes
    /// (with its country): an opportunity stored so before the rule can be sent back as read. The message does not
    /// repeat the value: the model marks address parts sensitive.
    /// </summary>
    public static FieldError? Error(Address? given, Address? stored)
    {
        if (given is not { CountryCode: var country, StateOrRegion: { Length: > 0 } state } || country != CountryCode.Us
            || Names.Contains(state) || (state == stored?.StateOrRegion && country == stored?.CountryCode))
        {
            return null;
        }
        return new FieldError("customer.account.address.stateOrRegion",
            "StateOrRegion is not one of the names a United States address takes (the full name, such as New York or "
            + "Dist. of Columbia, or APO/AE, AFO/FPO, FPO, AP).", "INVALID_VALUE");
    }
}
