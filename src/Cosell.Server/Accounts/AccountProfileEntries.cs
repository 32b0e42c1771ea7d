using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cosell.Model;
using Cosell.Model.Json;
using Cosell.Protocol.Validation;
using Cosell.Service.Domain;

namespace Cosell.Server.Accounts;

/// <summary>A Partner Central user in the accounts file (AssignOpportunity assignees).</summary>
public sealed record UserEntry
{
    [JsonPropertyName("email")] public required string Email { get; init; }
    [JsonPropertyName("firstName")] public required string FirstName { get; init; }
    [JsonPropertyName("lastName")] public required string LastName { get; init; }
    [JsonPropertyName("businessTitle")] public string? BusinessTitle { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }

    public AccountUserRecord ToRecord() => new(Email, FirstName, LastName, BusinessTitle, Phone);
}

/// <summary>A registered solution in the accounts file; <c>status</c> defaults to Active, <c>catalog</c> to AWS.</summary>
public sealed record SolutionEntry
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("category")] public string? Category { get; init; }
    [JsonPropertyName("createdDate")] public string? CreatedDate { get; init; }
    [JsonPropertyName("catalog")] public string? Catalog { get; init; }

    public SolutionRecord ToRecord(string accountId) => new()
    {
        Id = Id,
        Name = Name,
        Status = SolutionStatus.Create(Status ?? SolutionStatus.Active.Value),
        Category = Category ?? AccountProfiles.DefaultCategory,
        CreatedDate = CreatedDate is null
            ? AccountProfiles.DefaultSolutionCreatedDate
            // Strictly RFC 3339, as the API takes dates: a lenient parse reads "01.05.2024" as January 5th.
            : Rfc3339.IsDateTime(CreatedDate) && AwsDateTimeConverter.TryParse(CreatedDate, out var at)
                ? at.ToUniversalTime()
                : throw new AccountsFileException($"account {accountId}: solution {Id} has createdDate '{CreatedDate}', not an RFC 3339 date-time."),
        Catalog = Catalog ?? "AWS",
    };
}

/// <summary>Checks users, solutions and webhooks of one account as loaded from the accounts file.</summary>
internal static partial class AccountProfileCheck
{
    // The model's Email and PhoneNumber patterns, so that assignees can be named in requests.
    [GeneratedRegex(@"^(?=.{0,80}$)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^S-[0-9]{1,19}$")]
    private static partial Regex SolutionId();

    public static void Check(AccountRecord a, string path)
    {
        var emails = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in a.Users ?? [])
        {
            if (!Email().IsMatch(u.Email))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: user email '{u.Email}' is not a lower-case email address.");
            }
            if (u.Phone is not null && !Phone().IsMatch(u.Phone))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: user {u.Email} has phone '{u.Phone}', not +<country><number>.");
            }
            if (!emails.Add(u.Email))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: user {u.Email} is listed twice.");
            }
        }
        var solutions = new HashSet<(string, string)>();
        foreach (var s in a.Solutions ?? [])
        {
            if (!SolutionId().IsMatch(s.Id))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: solution id '{s.Id}' must look like S-1234567.");
            }
            if (!s.Status.IsKnown)
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: solution {s.Id} has status '{s.Status}'; use Active, Inactive or Draft.");
            }
            if (s.Catalog is not ("AWS" or "Sandbox"))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: solution {s.Id} has catalog '{s.Catalog}'; use AWS or Sandbox.");
            }
            if (!solutions.Add((s.Catalog, s.Id)))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: solution {s.Id} is listed twice in catalog {s.Catalog}.");
            }
        }
        // Refused at start-up: a URL that cannot be posted to would otherwise only show as delivery retried forever, and
        // two webhooks sharing one delivery position would each skip what the other delivered.
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in a.Webhooks ?? [])
        {
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: webhook url '{w.Url}' is not an absolute http or https URL.");
            }
            // Scheme and host compare without case (HTTP://X/y is http://x/y): the same receiver would get every event twice.
            if (!targets.Add(url.AbsoluteUri + w.DeliveryKey[w.Url.Length..]))
            {
                throw new AccountsFileException(
                    $"{path}: account {a.AccountId}: webhook url '{w.Url}' is listed twice (EventBridge targets at one URL need another region, bus or access key).");
            }
            if (w.DetailTypes is { Count: 0 })
            {
                throw new AccountsFileException(
                    $"{path}: account {a.AccountId}: webhook '{w.Url}': detailTypes is empty; list the detail-types it should receive, or leave detailTypes out for every one.");
            }
            // A misspelt detail-type, or one Cosell never sends (Partner Central lists four without a payload), would
            // filter out everything it was meant to let through, silently.
            if (w.DetailTypes?.FirstOrDefault(t => !Service.Domain.Events.EventTypes.Sent.Contains(t)) is { } unknown)
            {
                throw new AccountsFileException(
                    $"{path}: account {a.AccountId}: webhook '{w.Url}': detailType '{unknown}' is not one Cosell sends ({string.Join(", ", Service.Domain.Events.EventTypes.Sent)}).");
            }
        }
    }
}
