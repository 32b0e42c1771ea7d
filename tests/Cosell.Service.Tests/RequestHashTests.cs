using System.Text.Json;
using Cosell.Model.Smithy;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Tests;

public sealed class RequestHashTests
{
    private static string Hash(string json) => RequestHash.Compute(JsonDocument.Parse(json).RootElement, "ClientToken");

    [Fact]
    public void Compute_MemberOrderAndWhitespace_Ignored() =>
        Assert.Equal(Hash("""{"A":1,"B":{"x":"1","y":[1,2]}}"""), Hash("""{ "B": {"y": [1, 2], "x": "1"}, "A": 1 }"""));

    [Fact]
    public void Compute_TokenAndNulls_Ignored() =>
        Assert.Equal(Hash("""{"A":1,"ClientToken":"t1","C":null}"""), Hash("""{"ClientToken":"t2","A":1}"""));

    [Fact]
    public void Compute_DifferentValue_Differs() =>
        Assert.NotEqual(Hash("""{"A":1}"""), Hash("""{"A":2}"""));

    [Fact]
    public void Compute_ListOrder_Matters() =>
        Assert.NotEqual(Hash("""{"A":[1,2]}"""), Hash("""{"A":[2,1]}"""));

    [Fact]
    public void Compute_NestedTokenNamedMember_NotIgnored() =>
        Assert.NotEqual(Hash("""{"X":{"ClientToken":"a"}}"""), Hash("""{"X":{"ClientToken":"b"}}"""));

    private static string HashInvitation(string json) => RequestHash.Compute(JsonDocument.Parse(json).RootElement, "ClientToken",
        ShapeGraph.Instance, ShapeGraph.Namespace + "#CreateEngagementInvitationRequest");

    private const string Invitation =
        """{"Catalog":"AWS","ClientToken":"t","EngagementIdentifier":"eng-1","Invitation":{"Message":"m","Receiver":{"Account":{"AwsAccountId":"123456789012"}},"Payload":{"OpportunityInvitation":{"ReceiverResponsibilities":["Co-Sell Facilitator"],"Customer":{"CompanyName":"C","CountryCode":"US","Industry":"Other","WebsiteUrl":"https://c.example"},"Project":{"Title":"T","BusinessProblem":"B","TargetCompletionDate":"2030-01-01","ExpectedCustomerSpend":[{"Amount":"1","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]}}}}}""";

    [Fact]
    public void Compute_WithTheInputShape_MembersTheModelDoesNotDefineIgnored_AtAnyDepth()
    {
        var extended = Invitation.Replace("\"Catalog\":\"AWS\"", "\"Future\":[1],\"Catalog\":\"AWS\"", StringComparison.Ordinal)
            .Replace("\"CompanyName\":\"C\"", "\"CompanyName\":\"C\",\"Future\":{\"x\":1}", StringComparison.Ordinal);
        Assert.NotEqual(Invitation, extended);

        Assert.Equal(HashInvitation(Invitation), HashInvitation(extended));
        Assert.NotEqual(Hash(Invitation), Hash(extended)); // without the shape every member counts
    }

    [Fact]
    public void Compute_WithTheInputShape_DefinedMembersStillCount() =>
        Assert.NotEqual(HashInvitation(Invitation), HashInvitation(Invitation.Replace("\"Industry\":\"Other\"", "\"Industry\":\"Retail\"", StringComparison.Ordinal)));
}
