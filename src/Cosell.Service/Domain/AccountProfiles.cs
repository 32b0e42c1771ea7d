using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>A Partner Central user of an account: who AssignOpportunity may hand an opportunity to (spec 03 §1.3).</summary>
public sealed record AccountUserRecord(string Email, string FirstName, string LastName, string? BusinessTitle = null, string? Phone = null);

/// <summary>A registered partner solution. Solutions are managed outside this API, so they come from configuration (spec 03 §5).</summary>
public sealed record SolutionRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required SolutionStatus Status { get; init; }
    public required string Category { get; init; }
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary><c>AWS</c> or <c>Sandbox</c>.</summary>
    public required string Catalog { get; init; }
}

/// <summary>
/// The users and solutions an account has, configured or not. Defaults, so that a server with no configuration works:
/// an account without configured users has one, its owner contact, derived from the company; every account has, in the
/// Sandbox catalog, the test solution <c>S-1234567</c> (DG:sandbox), and in the AWS catalog one solution named after the
/// company whose id is <c>S-</c> plus the account id. A configured solution with a default's id and catalog replaces it.
/// </summary>
public static class AccountProfiles
{
    public const string SandboxSolutionId = "S-1234567";

    /// <summary>The creation date given to default solutions (and to configured ones that name none).</summary>
    public static readonly DateTimeOffset DefaultSolutionCreatedDate = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string DefaultCategory = "Software Product";

    public static IReadOnlyList<AccountUserRecord> Users(AccountRecord account) =>
        account.Users is { Count: > 0 } users ? users : [DefaultUser(account)];

    public static AccountUserRecord? FindUser(AccountRecord account, string email)
    {
        foreach (var user in Users(account))
        {
            if (string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                return user;
            }
        }
        return null;
    }

    /// <summary>The account's solutions in one catalog: the defaults first, then the configured ones, by id without duplicates.</summary>
    public static IReadOnlyList<SolutionRecord> Solutions(AccountRecord account, string catalog)
    {
        var configured = (account.Solutions ?? []).Where(s => s.Catalog == catalog).ToList();
        var result = new List<SolutionRecord>();
        foreach (var d in Defaults(account, catalog))
        {
            if (!configured.Any(s => s.Id == d.Id))
            {
                result.Add(d);
            }
        }
        result.AddRange(configured);
        return result;
    }

    public static SolutionRecord? FindSolution(AccountRecord account, string catalog, string id) =>
        Solutions(account, catalog).FirstOrDefault(s => s.Id == id);

    /// <summary>
    /// The owner contact of an account without configured users: <c>admin@</c> the website's host (or
    /// <c>{accountId}.partners.example.com</c>), named after the company's first word, title PartnerAccountManager.
    /// </summary>
    public static AccountUserRecord DefaultUser(AccountRecord account)
    {
        var host = Uri.TryCreate(account.WebsiteUrl, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? uri.Host.ToLowerInvariant()
            : $"{account.AccountId}.partners.example.com";
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }
        var first = account.CompanyName.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[0] : "Partner";
        return new AccountUserRecord($"admin@{host}", first, "Admin", "PartnerAccountManager");
    }

    private static IEnumerable<SolutionRecord> Defaults(AccountRecord account, string catalog)
    {
        if (catalog == "Sandbox")
        {
            yield return new SolutionRecord
            {
                Id = SandboxSolutionId, Name = "Sandbox Test Solution", Status = SolutionStatus.Active,
                Category = DefaultCategory, CreatedDate = DefaultSolutionCreatedDate, Catalog = catalog,
            };
        }
        else if (catalog == "AWS")
        {
            yield return new SolutionRecord
            {
                Id = "S-" + account.AccountId, Name = $"{account.CompanyName} Solution", Status = SolutionStatus.Active,
                Category = DefaultCategory, CreatedDate = DefaultSolutionCreatedDate, Catalog = catalog,
            };
        }
    }
}
