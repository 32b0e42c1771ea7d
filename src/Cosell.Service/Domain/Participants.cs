using Cosell.Model;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>How accounts appear inside engagements: partners from the account directory, AWS as the pseudo-account "aws".</summary>
public static class Participants
{
    public const string Aws = "aws";

    public static string CompanyName(IAccountDirectory accounts, string accountId) =>
        accountId == Aws ? "AWS" : accounts.Find(accountId)?.CompanyName ?? accountId;

    public static string? WebsiteUrl(IAccountDirectory accounts, string accountId) =>
        accountId == Aws ? "www.aws.com" : accounts.Find(accountId)?.WebsiteUrl;

    public static EngagementMember Member(IAccountDirectory accounts, string accountId) => new()
    {
        AccountId = accountId,
        CompanyName = CompanyName(accounts, accountId),
        WebsiteUrl = WebsiteUrl(accounts, accountId),
    };

    public static EngagementMemberSummary Summary(IAccountDirectory accounts, string accountId) => new()
    {
        CompanyName = CompanyName(accounts, accountId),
        WebsiteUrl = WebsiteUrl(accounts, accountId),
    };
}
