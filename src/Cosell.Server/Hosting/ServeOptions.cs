using Cosell.Service.Dispatch;

namespace Cosell.Server.Hosting;

/// <summary>What <c>cosell serve</c> takes; every member has a default so a bare <c>serve</c> works.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrls = "http://127.0.0.1:4577";

    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The addresses of a <c>--urls</c> value (<c>;</c>-separated).</summary>
    public static string[] Addresses(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// An address as a URI, or null when it is none. Kestrel's <c>*</c> and <c>+</c> hosts (every interface), which a URI
    /// cannot hold, are read as 0.0.0.0 and reported in <paramref name="wildcard"/>.
    /// </summary>
    public static Uri? ParseAddress(string address, out bool wildcard)
    {
        wildcard = address.Contains("://*", StringComparison.Ordinal) || address.Contains("://+", StringComparison.Ordinal);
        var text = wildcard ? address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal) : address;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>
    /// What is wrong with a <c>--urls</c> value, or null: one or more <c>http://host:port</c> addresses (Kestrel's
    /// <c>*</c> and <c>+</c> hosts included, port 0 for a free one), without a path. Kestrel would otherwise fail with a
    /// stack trace, or, for an empty value, listen on its own default port instead of the documented one.
    /// </summary>
    public static string? CheckUrls(string urls)
    {
        var addresses = Addresses(urls);
        if (addresses.Length == 0)
        {
            return "needs at least one address, such as " + DefaultUrls + ".";
        }
        foreach (var address in addresses)
        {
            var uri = ParseAddress(address, out _);
            if (uri is null || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"takes addresses such as {DefaultUrls}; '{address}' is not one.";
            }
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return $"takes http addresses only ('{address}'): Cosell serves plain HTTP; put a TLS proxy in front for HTTPS.";
            }
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                return $"takes addresses without a path ('{address}'): the API is served at the root.";
            }
            // Kestrel binds a free port only on an address, not on a name it resolves to several.
            if (uri.Port == 0 && uri.HostNameType == UriHostNameType.Dns)
            {
                return $"takes port 0 only with an IP address, such as http://127.0.0.1:0 ('{address}').";
            }
        }
        return null;
    }

    public string DataDirectory { get; init; } = "./cosell-data";
    public string? AccountsPath { get; init; }

    /// <summary>
    /// An Npgsql connection string: keep the data in PostgreSQL (shared by every instance given the same one) instead of
    /// SQLite in <see cref="DataDirectory"/>, which is then ignored. Null or empty: SQLite.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>Enforce the documented quotas with ThrottlingException (off by default; the accounts file can override per account).</summary>
    public bool Throttling { get; init; }

    /// <summary>How long a ClientToken replays its first response; past it the token's next request runs as new.</summary>
    public TimeSpan ClientTokenLifetime { get; init; } = IdempotencyOptions.DefaultTokenLifetime;

    /// <summary>How long events stay in the store for the feed and delivery (null: kept, the default).</summary>
    public TimeSpan? EventRetention { get; init; }

    /// <summary>Take only AWS's stricter ClientTokens on the engagement and task operations (spec 06 Q15).</summary>
    public bool StrictClientTokens { get; init; }

    /// <summary>
    /// Serve <c>/_cosell/clock</c>, which moves the business clock forward (<see cref="Admin.AdjustableClock"/>). SQLite
    /// only: the offset lives in this process, and instances sharing PostgreSQL would disagree about the time.
    /// </summary>
    public bool ClockControl { get; init; }

    /// <summary>Kestrel's MaxConcurrentConnections: connections past it are closed at once, unanswered (null: <see cref="ConnectionLimit.Default"/>).</summary>
    public long? MaxConnections { get; init; }

    /// <summary>Least level logged (Warning by default; Debug adds one line per request, Trace the redacted request bodies).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>Print the demo accounts' keys at start-up (the server command does; tests do not need the noise).</summary>
    public bool PrintAccounts { get; init; } = true;
}
