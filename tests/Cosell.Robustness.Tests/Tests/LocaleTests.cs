using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// The server answers alike on every machine, even with the culture data on: images that install ICU often set
/// DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0, which overrides the build's invariant mode.
/// </summary>
public sealed partial class LocaleTests
{
    private static readonly Dictionary<string, string> ThaiWithCultureData = new()
    {
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0", ["LANG"] = "th_TH.UTF-8", ["LC_ALL"] = "th_TH.UTF-8",
        ["TZ"] = "Pacific/Kiritimati",
    };

    [Fact]
    public async Task Serve_ThaiLocaleWithCultureData_TodayInAMessageIsTheGregorianDate()
    {
        using var dir = new TempDirectory();
        var (account, accountsPath) = Accounts.WriteOne(dir.Path);
        using var server = await ServerProcess.StartAsync(Path.Combine(dir.Path, "data"), accountsPath, environment: ThaiWithCultureData);
        using var client = new ApiClient(server.BaseAddress, () => DateTimeOffset.UtcNow);
        var before = DateTime.UtcNow.Year;

        var response = await client.CallAsync("CreateOpportunity", PastCloseDate(), account);

        var after = DateTime.UtcNow.Year;
        Assert.Equal(400, response.Status);
        var today = TodayInMessage().Match(response.Body);
        Assert.True(today.Success, response.Body);
        // The Buddhist calendar is 543 years ahead: 2569 for 2026.
        Assert.InRange(int.Parse(today.Groups[1].Value, CultureInfo.InvariantCulture), before, after);
    }

    private static JsonObject PastCloseDate() => JsonNode.Parse("""
        {"Catalog":"Sandbox","ClientToken":"locale-1","Origin":"Partner Referral","OpportunityType":"Net New Business",
         "PrimaryNeedsFromAws":["Co-Sell - Technical Consultation"],
         "Customer":{"Account":{"CompanyName":"Umbrella Analytics","Industry":"Software and Internet",
           "WebsiteUrl":"https://umbrella.example.com",
           "Address":{"City":"Denver","CountryCode":"US","PostalCode":"80202","StateOrRegion":"Colorado"}}},
         "LifeCycle":{"Stage":"Prospect","TargetCloseDate":"2020-01-01"},
         "Project":{"Title":"Analytics","CustomerBusinessProblem":"Reporting jobs overrun their windows every night on the old cluster",
           "DeliveryModels":["SaaS or PaaS"],
           "ExpectedCustomerSpend":[{"Amount":"2500.00","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}],
           "SalesActivities":["Initialized discussions with customer"],"CustomerUseCase":"Migration / Database Migration"}}
        """)!.AsObject();

    [GeneratedRegex(@"give today \((\d{4})-\d{2}-\d{2}\)")]
    private static partial Regex TodayInMessage();
}
