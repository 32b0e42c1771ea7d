using System.Security.Cryptography;
using Cosell.Service.Domain;

namespace Cosell.Server.Accounts;

/// <summary>Accounts made on the first start of an empty store without an accounts file, so a fresh server is usable at once.</summary>
public static class DemoAccounts
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IReadOnlyList<AccountRecord> Create() =>
    [
        Make("111111111111", "Demo Partner One", "https://partner-one.example.com"),
        Make("222222222222", "Demo Partner Two", "https://partner-two.example.com"),
        Make("333333333333", "Demo Partner Three", "https://partner-three.example.com"),
    ];

    private static AccountRecord Make(string accountId, string company, string website) => new()
    {
        AccountId = accountId,
        CompanyName = company,
        WebsiteUrl = website,
        AccessKeys = [new AccessKeyRecord("AKIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16),
            RandomNumberGenerator.GetString(SecretAlphabet, 40))],
    };
}
