using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>GetSellingSystemSettings / PutSellingSystemSettings (spec 03 §6, spec 06 Q13): per account and catalog.</summary>
public sealed class SellingSystemSettingsTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static JsonObject Put(string? role, string catalog = "Sandbox")
    {
        var body = new JsonObject { ["Catalog"] = catalog };
        if (role is not null)
        {
            body["ResourceSnapshotJobRoleIdentifier"] = role;
        }
        return body;
    }

    private async Task<JsonObject> GetAsync(TestAccount caller, string catalog = "Sandbox") =>
        (await server.OkAsync("GetSellingSystemSettings", new JsonObject { ["Catalog"] = catalog }, caller))!.AsObject();

    [Fact]
    public async Task GetSellingSystemSettings_NeverPut_OnlyTheCatalog()
    {
        var settings = await GetAsync(server.D);

        Wire.Same(new JsonObject { ["Catalog"] = "Sandbox" }, settings, "settings");
    }

    [Fact]
    public async Task PutSellingSystemSettings_RoleName_BecomesARoleArnOfTheCaller()
    {
        var put = await server.OkAsync("PutSellingSystemSettings", Put("PartnerCentralSnapshots"), server.A);

        var expected = new JsonObject
        {
            ["Catalog"] = "Sandbox", ["ResourceSnapshotJobRoleArn"] = $"arn:aws:iam::{server.A.AccountId}:role/PartnerCentralSnapshots",
        };
        Wire.Same(expected, put, "PutSellingSystemSettings");
        Wire.Same(expected, await GetAsync(server.A), "GetSellingSystemSettings");
    }

    [Fact]
    public async Task PutSellingSystemSettings_RoleArn_KeptAsGiven()
    {
        const string arn = "arn:aws:iam::123456789012:role/service-role/PartnerCentralSnapshots";

        var put = await server.OkAsync("PutSellingSystemSettings", Put(arn), server.B);

        Assert.Equal(arn, (string?)put!["ResourceSnapshotJobRoleArn"]);
        Assert.Equal(arn, (string?)(await GetAsync(server.B))["ResourceSnapshotJobRoleArn"]);
    }

    [Fact]
    public async Task PutSellingSystemSettings_WithoutRole_ClearsIt()
    {
        await server.OkAsync("PutSellingSystemSettings", Put("SnapshotRole"), server.C);

        var put = await server.OkAsync("PutSellingSystemSettings", Put(null), server.C);

        Wire.Same(new JsonObject { ["Catalog"] = "Sandbox" }, put, "PutSellingSystemSettings");
        Wire.Same(new JsonObject { ["Catalog"] = "Sandbox" }, await GetAsync(server.C), "GetSellingSystemSettings");
    }

    [Fact]
    public async Task PutSellingSystemSettings_PerCatalogAndAccount()
    {
        var caller = server.Accounts[4];
        await server.OkAsync("PutSellingSystemSettings", Put("AwsCatalogRole", "AWS"), caller);

        Assert.Null((await GetAsync(caller))["ResourceSnapshotJobRoleArn"]);
        Assert.Equal($"arn:aws:iam::{caller.AccountId}:role/AwsCatalogRole", (string?)(await GetAsync(caller, "AWS"))["ResourceSnapshotJobRoleArn"]);
        Assert.Null((await GetAsync(server.Accounts[5], "AWS"))["ResourceSnapshotJobRoleArn"]);
    }

    [Theory]
    [InlineData("role with spaces")]
    [InlineData("arn:aws:iam::12345:role/Short")]
    public async Task PutSellingSystemSettings_MalformedRole_RequestValidation(string role)
    {
        var errors = (await server.CallAsync("PutSellingSystemSettings", Put(role), server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");

        Assert.Equal([("resourceSnapshotJobRoleIdentifier", "INVALID_STRING_FORMAT")], errors);
    }
}
