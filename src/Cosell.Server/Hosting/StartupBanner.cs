using Cosell.Service.Domain;
using Microsoft.AspNetCore.Builder;

namespace Cosell.Server.Hosting;

internal static class StartupBanner
{
    public static void Print(WebApplication app, string storeKind, string storeLocation, ServeOptions options, IReadOnlyList<AccountRecord> accounts, bool showSecrets)
    {
        var urls = string.Join(", ", app.Urls);
        Console.WriteLine($"Cosell is listening on {urls} (store: {storeKind}, data: {storeLocation})");
        Console.WriteLine(showSecrets
            ? "Demo accounts (kept in the store; pass --accounts FILE to use your own):"
            : $"Accounts from {options.AccountsPath}:");
        foreach (var a in accounts)
        {
            if (a.AccessKeys.Count == 0)
            {
                // Listed all the same: an account others can invite, but one no request can be signed as.
                Console.WriteLine($"  {a.AccountId}  {a.CompanyName,-24} (no access keys)");
            }
            foreach (var k in a.AccessKeys)
            {
                // Secrets are printed only for the generated demo accounts, never for a user's own accounts file.
                Console.WriteLine(showSecrets
                    ? $"  {a.AccountId}  {a.CompanyName,-24} AWS_ACCESS_KEY_ID={k.AccessKeyId} AWS_SECRET_ACCESS_KEY={k.SecretAccessKey}"
                    : $"  {a.AccountId}  {a.CompanyName,-24} AWS_ACCESS_KEY_ID={k.AccessKeyId}");
            }
        }
        Console.WriteLine("Region us-east-1; e.g. aws partnercentral-selling list-engagements --catalog Sandbox --region us-east-1 --endpoint-url " + app.Urls.FirstOrDefault());
    }
}
