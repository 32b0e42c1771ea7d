using Cosell.Protocol.Auth;
using Xunit;

namespace Cosell.Protocol.Tests.Auth;

/// <summary>
/// The signer Cosell uses for outgoing calls (event forwarding), against what boto3 and the JS SDK v3 really signed
/// (tests/fixtures/wire): the same request, key, date and signed headers must give the same Authorization header.
/// </summary>
public sealed class SigV4SignerTests
{
    public static TheoryData<string> Vectors() => [.. WireVector.Ids()];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Authorization_CapturedSdkRequest_IsWhatTheSdkSent(string id)
    {
        var v = WireVector.Load(id);
        var unsigned = v.HeadersWith("Authorization", null);

        var authorization = SigV4Signer.Authorization(
            v.ToRequest(unsigned), v.SignedHeaders, "us-east-1", "partnercentral-selling", v.AccessKeyId, v.SecretAccessKey);

        Assert.Equal(v.Header("Authorization"), authorization);
    }

    [Fact]
    public void Authorization_OtherService_IsScopedToIt()
    {
        var v = WireVector.Load("boto3/AcceptEngagementInvitation");
        var unsigned = v.HeadersWith("Authorization", null);

        var authorization = SigV4Signer.Authorization(v.ToRequest(unsigned), v.SignedHeaders, "eu-west-1", "events", "AKIDEXAMPLE", v.SecretAccessKey);

        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{v.AmzDateText[..8]}/eu-west-1/events/aws4_request, ", authorization, StringComparison.Ordinal);
        Assert.NotEqual(v.Header("Authorization"), authorization);
    }

    [Fact]
    public void Authorization_NoAmzDate_Throws()
    {
        var v = WireVector.Load("boto3/AcceptEngagementInvitation");
        var headers = v.HeadersWith("Authorization", null).Where(h => !h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.Throws<ArgumentException>(() =>
            SigV4Signer.Authorization(v.ToRequest(headers), v.SignedHeaders, "us-east-1", "partnercentral-selling", v.AccessKeyId, v.SecretAccessKey));
    }
}
