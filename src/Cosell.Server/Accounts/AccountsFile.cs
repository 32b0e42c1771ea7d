using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cosell.Service.Domain;

namespace Cosell.Server.Accounts;

/// <summary>
/// The accounts file: <c>{"accounts":[{"accountId","companyName","websiteUrl","accessKeys":[{"accessKeyId","secretAccessKey"}],
/// "users":[{"email","firstName","lastName","businessTitle","phone"}],"solutions":[{"id","name","status","category","createdDate","catalog"}]}]}</c>.
/// Users and solutions are optional; see <see cref="AccountProfiles"/> for the defaults.
/// </summary>
public sealed record AccountsFile
{
    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountEntry> Accounts { get; init; }

    public static IReadOnlyList<AccountRecord> Load(string path)
    {
        AccountsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), ServerJsonContext.Default.AccountsFile);
        }
        catch (JsonException e)
        {
            throw new AccountsFileException($"The accounts file {path} is not valid: {AccountsFileJsonErrors.Describe(e)}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading a folder fails as "Access to the path is denied", which sends the user after permissions.
            var why = Directory.Exists(path) ? "it is a folder, not a file" : e.Message;
            throw new AccountsFileException($"The accounts file {path} cannot be read: {why}", e);
        }
        if (file?.Accounts.Any(a => a is null) == true)
        {
            throw new AccountsFileException($"The accounts file {path} is not valid: an entry of \"accounts\" is null.");
        }
        // RespectNullableAnnotations covers members, not the elements of lists.
        foreach (var entry in file?.Accounts ?? [])
        {
            if (entry.NullElementIn() is { } list)
            {
                throw new AccountsFileException($"{path}: account {entry.AccountId}: an entry of \"{list}\" is null.");
            }
        }
        List<AccountRecord> accounts;
        try
        {
            accounts = file?.Accounts.Select(a => a.ToRecord()).ToList() ?? [];
        }
        catch (AccountsFileException e)
        {
            // The entries' own checks (a solution's date, an EventBridge key pair) do not know the file's name.
            throw new AccountsFileException($"{path}: {e.Message}", e);
        }
        Check(accounts, path);
        return accounts;
    }

    /// <summary>Account id → the account's <c>"throttling"</c> setting, for the accounts that set one (it overrides <c>--throttling</c>).</summary>
    public static IReadOnlyDictionary<string, bool> LoadThrottling(string path)
    {
        var file = JsonSerializer.Deserialize(File.ReadAllText(path), ServerJsonContext.Default.AccountsFile);
        return (file?.Accounts ?? []).Where(a => a.Throttling is not null)
            .ToDictionary(a => a.AccountId, a => a.Throttling!.Value, StringComparer.Ordinal);
    }

    private static void Check(List<AccountRecord> accounts, string path)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in accounts)
        {
            if (!IsAccountId(a.AccountId))
            {
                throw new AccountsFileException($"{path}: accountId '{a.AccountId}' must be 12 digits.");
            }
            if (!ids.Add(a.AccountId))
            {
                throw new AccountsFileException($"{path}: account {a.AccountId} is listed twice.");
            }
            // Other partners read it as the member's and the sender's CompanyName, which the model holds to 1-120 characters.
            if (string.IsNullOrWhiteSpace(a.CompanyName) || a.CompanyName.EnumerateRunes().Count() > 120)
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: companyName must have 1 to 120 characters, not only spaces.");
            }
            if (a.Connections?.Any(c => !IsAccountId(c)) == true)
            {
                var connection = a.Connections.First(c => !IsAccountId(c));
                throw new AccountsFileException($"{path}: account {a.AccountId}: connection '{connection ?? "null"}' is not a 12-digit account id.");
            }
            foreach (var k in a.AccessKeys)
            {
                if (k.AccessKeyId.Length == 0 || k.SecretAccessKey.Length == 0)
                {
                    throw new AccountsFileException($"{path}: account {a.AccountId}: an access key has an empty accessKeyId or secretAccessKey.");
                }
                if (!keys.Add(k.AccessKeyId))
                {
                    throw new AccountsFileException($"{path}: access key {k.AccessKeyId} is listed twice.");
                }
                // A signature's Credential is "<key>/<date>/<region>/<service>/aws4_request", in a comma-separated header.
                if (k.AccessKeyId.Any(ch => ch is '/' or ',' or '=' || ch <= ' ' || ch > '~'))
                {
                    throw new AccountsFileException(
                        $"{path}: account {a.AccountId}: access key '{k.AccessKeyId}' cannot be signed with: use letters and digits (no '/', ',', '=', spaces or non-ASCII characters).");
                }
            }
            AccountProfileCheck.Check(a, path);
        }
        // A connection to an account the file does not hold is a typo: it turns the connection graph on, and no such
        // partner can be invited.
        foreach (var a in accounts)
        {
            if (a.Connections?.FirstOrDefault(c => !ids.Contains(c)) is { } unknown)
            {
                throw new AccountsFileException($"{path}: account {a.AccountId}: connection '{unknown}' names no account of this file.");
            }
        }
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);
}

public sealed record AccountEntry
{
    [JsonPropertyName("accountId")] public required string AccountId { get; init; }
    [JsonPropertyName("companyName")] public required string CompanyName { get; init; }
    [JsonPropertyName("websiteUrl")] public string? WebsiteUrl { get; init; }
    [JsonPropertyName("accessKeys")] public IReadOnlyList<AccessKeyEntry>? AccessKeys { get; init; }
    [JsonPropertyName("users")] public IReadOnlyList<UserEntry>? Users { get; init; }
    [JsonPropertyName("solutions")] public IReadOnlyList<SolutionEntry>? Solutions { get; init; }

    /// <summary>Quotas on (true) or off (false) for this account whatever <c>--throttling</c> says; absent = follow the flag.</summary>
    [JsonPropertyName("throttling")] public bool? Throttling { get; init; }

    /// <summary>
    /// Event delivery: each URL gets this account's events POSTed, optionally only the listed detail-types; with
    /// <c>eventBridge</c>, as <c>PutEvents</c> calls to an EventBridge-compatible endpoint.
    /// </summary>
    [JsonPropertyName("webhooks")] public IReadOnlyList<WebhookEntry>? Webhooks { get; init; }

    /// <summary>Account ids this partner is connected to; when any account lists connections, invitations need one.</summary>
    [JsonPropertyName("connections")] public IReadOnlyList<string>? Connections { get; init; }

    /// <summary>The name of the first list of this entry holding a null element, or null.</summary>
    public string? NullElementIn() =>
        AccessKeys?.Contains(null!) == true ? "accessKeys"
        : Users?.Contains(null!) == true ? "users"
        : Solutions?.Contains(null!) == true ? "solutions"
        : Webhooks?.Contains(null!) == true ? "webhooks"
        : Webhooks?.Any(w => w.DetailTypes?.Contains(null!) == true) == true ? "detailTypes"
        : null;

    public AccountRecord ToRecord() => new()
    {
        AccountId = AccountId,
        CompanyName = CompanyName,
        WebsiteUrl = WebsiteUrl,
        AccessKeys = (AccessKeys ?? []).Select(k => new AccessKeyRecord(k.AccessKeyId, k.SecretAccessKey)).ToList(),
        Users = Users?.Select(u => u.ToRecord()).ToList(),
        Solutions = Solutions?.Select(s => s.ToRecord(AccountId)).ToList(),
        Webhooks = Webhooks?.Select(w => new WebhookRecord(w.Url, w.DetailTypes, w.EventBridge?.ToTarget(this))).ToList(),
        Connections = Connections,
    };
}

public sealed record WebhookEntry
{
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("detailTypes")] public IReadOnlyList<string>? DetailTypes { get; init; }
    [JsonPropertyName("eventBridge")] public EventBridgeEntry? EventBridge { get; init; }
}

/// <summary>
/// <c>"eventBridge": {}</c> on a webhook: deliver through <c>PutEvents</c>. Every member is optional: region us-east-1
/// (where Partner Central sends its events), the bus <c>default</c>, and, to sign with, the account's own 12-digit id as
/// the access key id (LocalStack takes such a key id as the account, so each event lands on the recipient account's
/// bus, as Partner Central's do; it ignores the secret).
/// </summary>
public sealed partial record EventBridgeEntry
{
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("eventBusName")] public string? EventBusName { get; init; }
    [JsonPropertyName("accessKeyId")] public string? AccessKeyId { get; init; }
    [JsonPropertyName("secretAccessKey")] public string? SecretAccessKey { get; init; }

    public EventBridgeTarget ToTarget(AccountEntry account)
    {
        if ((AccessKeyId is null) != (SecretAccessKey is null) || AccessKeyId == "" || SecretAccessKey == "")
        {
            throw new AccountsFileException(
                $"account {account.AccountId}: an eventBridge webhook gives both accessKeyId and secretAccessKey, or neither.");
        }
        // EventBridge's own rules for both (a region like eu-west-1; a bus name of 1-256 of [/.-_A-Za-z0-9], or its ARN):
        // anything else is refused by every PutEvents call, one warning per event, long after start-up.
        if (Region is not null && !RegionPattern().IsMatch(Region))
        {
            throw new AccountsFileException($"account {account.AccountId}: eventBridge region '{Region}' is not a region name such as us-east-1.");
        }
        if (EventBusName is not null && !BusNamePattern().IsMatch(EventBusName))
        {
            throw new AccountsFileException(
                $"account {account.AccountId}: eventBridge eventBusName '{EventBusName}' is not a bus name (1 to 256 letters, digits, '.', '-', '_' or '/') or a bus ARN.");
        }
        var credentials = new AccessKeyRecord(AccessKeyId ?? account.AccountId, SecretAccessKey ?? account.AccountId);
        return new EventBridgeTarget(Region ?? "us-east-1", EventBusName ?? "default", credentials);
    }

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[/.\-_A-Za-z0-9]{1,256}$")]
    private static partial Regex BusNamePattern();
}

public sealed record AccessKeyEntry
{
    [JsonPropertyName("accessKeyId")] public required string AccessKeyId { get; init; }
    [JsonPropertyName("secretAccessKey")] public required string SecretAccessKey { get; init; }
}
