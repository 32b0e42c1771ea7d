using System.Text;
using Cosell.Service.Domain;
using Microsoft.AspNetCore.Builder;

namespace Cosell.Server.Hosting;

internal static class StartupBanner
{
    /// <summary>Account lines printed at most: a team's file of thousands of accounts flooded the log at every start and
    /// buried the listening line; the file itself lists them all.</summary>
    public const int MaxAccountLines = 20;

    public static void Print(WebApplication app, string storeKind, string storeLocation, ServeOptions options, IReadOnlyList<AccountRecord> accounts, bool showSecrets)
    {
        var urls = string.Join(", ", app.Urls);
        var banner = new StringBuilder();
        banner.AppendLine($"Cosell is listening on {urls} (store: {storeKind}, data: {storeLocation})");
        banner.AppendLine(showSecrets
            ? "Demo accounts (kept in the store; pass --accounts FILE to use your own):"
            : $"Accounts from {options.AccountsPath}:");
        var lines = new List<string>();
        foreach (var a in accounts)
        {
            if (a.AccessKeys.Count == 0)
            {
                // Listed all the same: an account others can invite, but one no request can be signed as.
                lines.Add($"  {a.AccountId}  {a.CompanyName,-24} (no access keys)");
            }
            foreach (var k in a.AccessKeys)
            {
                // Secrets are printed only for the generated demo accounts, never for a user's own accounts file.
                lines.Add(showSecrets
                    ? $"  {a.AccountId}  {a.CompanyName,-24} AWS_ACCESS_KEY_ID={k.AccessKeyId} AWS_SECRET_ACCESS_KEY={k.SecretAccessKey}"
                    : $"  {a.AccountId}  {a.CompanyName,-24} AWS_ACCESS_KEY_ID={k.AccessKeyId}");
            }
        }
        foreach (var line in lines.Take(MaxAccountLines))
        {
            banner.AppendLine(line);
        }
        if (lines.Count > MaxAccountLines)
        {
            banner.AppendLine($"  … and {lines.Count - MaxAccountLines} more lines like these ({accounts.Count} accounts in all).");
        }
        if (accounts.All(a => a.AccessKeys.Count == 0))
        {
            banner.AppendLine("Warning: no account has an access key, so every request will be refused (UnrecognizedClientException).");
        }
        if (options.ClockControl)
        {
            banner.AppendLine($"Clock control is on: curl -X POST {app.Urls.FirstOrDefault()}/_cosell/clock -d '{{\"advance\":\"P16D\"}}' moves the server's time 16 days on.");
        }
        banner.AppendLine("Region us-east-1; e.g. aws partnercentral-selling list-engagements --catalog Sandbox --region us-east-1 --endpoint-url " + app.Urls.FirstOrDefault());
        // One write: the host's console logger writes from its own thread, and line by line the account keys ended up
        // scattered between its lines.
        Console.Out.Write(banner.ToString());
        Console.Out.Flush();
    }
}
