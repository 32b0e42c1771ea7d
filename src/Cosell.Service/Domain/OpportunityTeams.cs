using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>An opportunity's partner team (<c>OpportunityTeam</c>): its owner and the limit on its size.</summary>
public static class OpportunityTeams
{
    /// <summary>The two roles a team member's BusinessTitle takes (M Contact.BusinessTitle).</summary>
    public const string OwnerTitle = "OpportunityOwner";
    public const string ManagerTitle = "PartnerAccountManager";

    /// <summary>The model's bound on the list (PartnerOpportunityTeamMembersList).</summary>
    public const int MaxTeam = 10;

    /// <summary>
    /// <paramref name="team"/> led by the account's owner (its first user) as <c>OpportunityOwner</c>, as real
    /// opportunities created through the API read back (aws-samples' Postman collection: three GetOpportunity answers
    /// list the account's user first, then the PartnerAccountManager sent). A team that already names an owner, or that
    /// user, or is full (10) is kept as sent.
    /// </summary>
    public static IReadOnlyList<Contact> WithOwner(IReadOnlyList<Contact>? team, AccountRecord? account)
    {
        team ??= [];
        if (account is null || AccountProfiles.Users(account) is not [var owner, ..]
            || team.Count >= MaxTeam
            || team.Any(c => c.BusinessTitle == OwnerTitle
                || string.Equals(c.Email, owner.Email, StringComparison.OrdinalIgnoreCase)))
        {
            return team;
        }
        return [OwnerContact(owner), .. team];
    }

    /// <summary>A user as the team's owner: the role as its title, whatever the user's own (no operation shows that).</summary>
    public static Contact OwnerContact(AccountUserRecord user, string? phone = null) => new()
    {
        Email = user.Email, FirstName = user.FirstName, LastName = user.LastName,
        Phone = user.Phone ?? phone, BusinessTitle = OwnerTitle,
    };
}
