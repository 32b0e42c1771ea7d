using Cosell.Server.Accounts;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>How a webhook in the accounts file resolves (an <c>eventBridge</c> one: defaults, explicit values) and what is refused.</summary>
public sealed class AccountsFileWebhookTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cosell-accounts-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    private Service.Domain.AccountRecord LoadOne(string webhooks, string accessKeys = """[{"accessKeyId": "AKIAOWN0000000000001", "secretAccessKey": "own-secret"}]""")
    {
        File.WriteAllText(_path, $$"""
            {"accounts": [{"accountId": "111111111111", "companyName": "Example", "accessKeys": {{accessKeys}},
                           "webhooks": [{{webhooks}}]}]}
            """);
        return Assert.Single(AccountsFile.Load(_path));
    }

    [Fact]
    public void EmptyEventBridge_UsEast1DefaultBusSignedAsTheAccountId()
    {
        var hook = Assert.Single(LoadOne("""{"url": "http://127.0.0.1:4566", "eventBridge": {}}""").Webhooks!);

        Assert.Equal("http://127.0.0.1:4566", hook.Url);
        Assert.Equal(new Service.Domain.EventBridgeTarget("us-east-1", "default", new("111111111111", "111111111111")), hook.EventBridge);
    }

    [Fact]
    public void ExplicitEventBridge_TakesRegionBusAndKeys()
    {
        var hook = Assert.Single(LoadOne("""
            {"url": "http://127.0.0.1:4566", "eventBridge": {"region": "eu-west-1", "eventBusName": "crm", "accessKeyId": "test", "secretAccessKey": "test"}}
            """).Webhooks!);

        Assert.Equal(new Service.Domain.EventBridgeTarget("eu-west-1", "crm", new("test", "test")), hook.EventBridge);
    }

    [Fact]
    public void PlainWebhook_NoEventBridge()
    {
        Assert.Null(Assert.Single(LoadOne("""{"url": "http://127.0.0.1:9000/events"}""").Webhooks!).EventBridge);
    }

    [Fact]
    public void KeyIdWithoutSecret_Refused()
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x", "eventBridge": {"accessKeyId": "test"}}"""));
        Assert.Contains("both accessKeyId and secretAccessKey", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretWithoutKeyId_Refused()
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x", "eventBridge": {"secretAccessKey": "test"}}"""));
        Assert.Contains("both accessKeyId and secretAccessKey", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events")]
    [InlineData("/events")]
    [InlineData("ftp://127.0.0.1/events")]
    public void NotAnHttpUrl_Refused(string url)
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne($$$"""{"url": "{{{url}}}"}"""));
        Assert.Contains($"webhook url '{url}' is not an absolute http or https URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDetailTypes_Refused()
    {
        // An empty filter would let every event through, the opposite of what it says.
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x/events", "detailTypes": []}"""));
        Assert.Contains("webhook 'http://x/events': detailTypes is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameUrlTwice_Refused()
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x/events"}, {"url": "http://x/events", "detailTypes": ["Opportunity Created"]}"""));
        Assert.Contains("webhook url 'http://x/events' is listed twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameUrlTwiceInAnotherLetterCase_Refused()
    {
        // Scheme and host are the same without regard to case: the receiver would get every event twice.
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x/events"}, {"url": "HTTP://X/events"}"""));
        Assert.Contains("is listed twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"region": "moon-1"}""", "eventBridge region 'moon-1' is not a region name")]
    [InlineData("""{"eventBusName": ""}""", "eventBridge eventBusName '' is not a bus name")]
    [InlineData("""{"eventBusName": "crm bus"}""", "eventBridge eventBusName 'crm bus' is not a bus name")]
    public void EventBridgeRegionOrBusNameEventBridgeRefuses_Refused(string target, string expected)
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne($$"""{"url": "http://x", "eventBridge": {{target}}}"""));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"region": "eu-west-1", "eventBusName": "crm-events"}""")]
    [InlineData("""{"eventBusName": "arn:aws:events:us-east-1:111111111111:event-bus/crm-events"}""")]
    public void EventBridgeRegionAndBusNameOrArn_Accepted(string target) =>
        Assert.Single(LoadOne($$"""{"url": "http://x", "eventBridge": {{target}}}""").Webhooks!);

    [Fact]
    public void EventBridgeWithHalfAKeyPair_RefusedNamingTheFile()
    {
        var e = Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x", "eventBridge": {"accessKeyId": "AKID"}}"""));
        Assert.Matches(@"^\S+\.json: account \d{12}: an eventBridge webhook gives both accessKeyId and secretAccessKey, or neither\.$", e.Message);
    }

    [Fact]
    public void EventBridgeTargetsAtOneUrl_TwoBusesAccepted_TheSameBusTwiceRefused()
    {
        var account = LoadOne("""{"url": "http://x", "eventBridge": {}}, {"url": "http://x", "eventBridge": {"eventBusName": "crm"}}""");
        Assert.Equal(2, account.Webhooks!.Select(w => w.DeliveryKey).Distinct().Count());

        Assert.Throws<AccountsFileException>(() => LoadOne("""{"url": "http://x", "eventBridge": {}}, {"url": "http://x", "eventBridge": {"eventBusName": "default"}}"""));
    }
}
