namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>One partner account of the test accounts file, with its single access key.</summary>
public sealed record TestAccount(string AccountId, string CompanyName, string? WebsiteUrl, string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => AccountId;
}
