using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>The test infrastructure checks itself: the signer against a captured boto3 signature, the shape checker against known-bad bodies.</summary>
public sealed class InfrastructureSelfTests
{
    [Fact]
    public void TestSigner_Boto3CapturedRequest_ReproducesCanonicalRequestAndSignature()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "wire", "boto3", "CreateEngagementInvitation-opportunity.json");
        var vector = JsonNode.Parse(File.ReadAllText(path))!;
        var signing = vector["signing"]!;
        var headers = vector["request"]!["headers"]!.AsArray().ToDictionary(h => (string)h![0]!, h => (string)h![1]!, StringComparer.OrdinalIgnoreCase);
        var amzDate = DateTimeOffset.ParseExact((string)signing["amzDate"]!, "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

        var signature = TestSigner.Sign("POST", "/",
            new Dictionary<string, string>
            {
                ["content-type"] = headers["Content-Type"],
                ["host"] = headers["Host"],
                ["x-amz-target"] = headers["X-Amz-Target"],
            },
            System.Text.Encoding.UTF8.GetBytes((string)vector["request"]!["body"]!),
            (string)signing["accessKeyId"]!, (string)signing["secretAccessKey"]!, amzDate);

        Assert.Equal((string)vector["sigv4Check"]!["canonicalRequest"]!, signature.CanonicalRequest);
        Assert.Equal((string)vector["sigv4Check"]!["stringToSign"]!, signature.StringToSign);
        Assert.Equal((string)signing["signature"]!, signature.Hex);
        Assert.Equal(headers["Authorization"], signature.Authorization);
    }

    [Fact]
    public void ModelShapes_ConformingBody_NoViolations()
    {
        Assert.Empty(ModelShapes.Violations("CreateEngagementInvitation",
            """{"Id":"engi-0a1b2c3d4e5f6","Arn":"arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-0a1b2c3d4e5f6"}"""));
        Assert.Empty(ModelShapes.Violations("AcceptEngagementInvitation", ""));
    }

    [Fact]
    public void ModelShapes_BrokenBodies_Flagged()
    {
        // Required Id and Arn missing; "arn" in lower case is no member.
        Assert.Equal(3, ModelShapes.Violations("CreateEngagementInvitation", """{"arn":"x"}""").Count);
        // Unknown enum value, timestamp without zone, integer as string.
        var list = """
            {"EngagementInvitationSummaries":[{"Id":"engi-0a1b2c3d4e5f6","Catalog":"Sandbox","Status":"OPEN","InvitationDate":"2026-04-01T12:00:00"}]}
            """;
        Assert.Equal(2, ModelShapes.Violations("ListEngagementInvitations", list).Count);
        Assert.Single(ModelShapes.Violations("GetEngagement", """{"MemberCount":"1"}"""));
        Assert.Single(ModelShapes.Violations("AcceptEngagementInvitation", """{"Id":"x"}"""));
    }
}
