using System.Globalization;
using System.Text;
using Cosell.Model.Contracts;
using Cosell.Protocol.Auth;
using Xunit;

namespace Cosell.Protocol.Tests.Auth;

/// <summary>
/// Cases the captured vectors do not cover. Expected canonical strings and signatures were produced outside this code:
/// by botocore 1.43.11's SigV4Auth / SigV4QueryAuth (clock pinned to 2026-11-26T05:50:54Z), or, for the Date-header
/// case, by a few lines of Python hmac/hashlib following the SigV4 documentation.
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 26, 5, 50, 54, TimeSpan.Zero);
    private static readonly byte[] CatalogBody = Encoding.UTF8.GetBytes("{\"Catalog\": \"Sandbox\"}");

    private static SigV4Verifier Verifier(TimeSpan? offset = null, SigV4Options? options = null) =>
        new(new FakeCredentialStore(KeyId, Secret), new FixedTimeProvider(SignedAt + (offset ?? TimeSpan.Zero)), options);

    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    // botocore SigV4Auth, URL http://localhost:8080/a%20b/./c/../d~e%2Ff/?b=2&a=x%20y&a=1&c&z=%2F%3D%C3%A9,
    // with two X-Dup headers.
    private static SigV4Request BotocoreOddPathRequest(string? secondDup = "second\t value") => new(
        "POST", "/a%20b/./c/../d~e%2Ff/", "b=2&a=x%20y&a=1&c&z=%2F%3D%C3%A9",
        [
            H("Host", "localhost:8080"),
            H("Content-Type", "application/x-amz-json-1.0"),
            H("X-Amz-Target", "AWSPartnerCentralSelling.GetEngagementInvitation"),
            H("X-Dup", "  a   b  "),
            H("X-Dup", secondDup ?? ""),
            H("X-Amz-Date", "20261126T055054Z"),
            H("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-dup, Signature=3340f45ece6f022ad59e88db87ace97aa167e7156a4c4055befd171a4b053a81"),
            H("Content-Length", "22"),
        ],
        CatalogBody);

    private const string BotocoreOddPathCanonical =
        "POST\n/a%2520b/d~e%252Ff/\na=1&a=x%20y&b=2&c=&z=%2F%3D%C3%A9\ncontent-type:application/x-amz-json-1.0\n" +
        "host:localhost:8080\nx-amz-date:20261126T055054Z\nx-amz-target:AWSPartnerCentralSelling.GetEngagementInvitation\n" +
        "x-dup:a b,second value\n\ncontent-type;host;x-amz-date;x-amz-target;x-dup\n" +
        "4c3fc2f29ef86a68661f1126df57b78a77248323b6bc614d4e471dc12b753301";

    // botocore SigV4QueryAuth, expires=300, GET http://localhost:8080/
    private static SigV4Request BotocorePresignedRequest(string signature = "c780ee1025b284229f633aba8a3df98f11c903ad7dd94cad475b3a5e66f1d72b") => new(
        "GET", "/",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fpartnercentral-selling%2Faws4_request&X-Amz-Date=20261126T055054Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-target&X-Amz-Signature=" + signature,
        [H("Host", "localhost:8080"), H("X-Amz-Target", "AWSPartnerCentralSelling.GetEngagementInvitation")],
        ReadOnlyMemory<byte>.Empty);

    [Fact]
    public void CanonicalRequest_BotocoreOddPathQueryAndDuplicateHeaders_MatchesBotocore()
    {
        var signedHeaders = new[] { "content-type", "host", "x-amz-date", "x-amz-target", "x-dup" };
        Assert.Equal(BotocoreOddPathCanonical, SigV4Verifier.CanonicalRequest(BotocoreOddPathRequest(), signedHeaders));
    }

    [Fact]
    public void Verify_BotocoreOddPathQueryAndDuplicateHeaders_Succeeds()
    {
        Assert.Equal(new Caller(FakeCredentialStore.AccountId, KeyId), Verifier().Verify(BotocoreOddPathRequest()));
    }

    [Fact]
    public void Verify_DuplicateSignedHeaderValueChanged_Fails()
    {
        var error = Assert.Throws<ApiException>(() => Verifier().Verify(BotocoreOddPathRequest("second value!")));
        Assert.Equal("InvalidSignatureException", error.Type);
    }

    [Fact]
    public void Verify_BotocorePresignedQuery_Succeeds()
    {
        Assert.Equal(KeyId, Verifier().Verify(BotocorePresignedRequest()).AccessKeyId);
    }

    [Fact]
    public void CanonicalRequest_BotocorePresignedQuery_MatchesBotocore()
    {
        Assert.Equal(
            "GET\n/\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261126%2Fus-east-1%2Fpartnercentral-selling%2Faws4_request&X-Amz-Date=20261126T055054Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-target\n" +
            "host:localhost:8080\nx-amz-target:AWSPartnerCentralSelling.GetEngagementInvitation\n\nhost;x-amz-target\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            SigV4Verifier.CanonicalRequest(BotocorePresignedRequest(), ["host", "x-amz-target"]));
    }

    [Fact]
    public void Verify_PresignedAfterExpires_FailsExpired()
    {
        Assert.Equal(KeyId, Verifier(TimeSpan.FromSeconds(300)).Verify(BotocorePresignedRequest()).AccessKeyId);
        var error = Assert.Throws<ApiException>(() => Verifier(TimeSpan.FromSeconds(301)).Verify(BotocorePresignedRequest()));
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.StartsWith("Signature expired: 20261126T055054Z is now earlier than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PresignedSignatureAltered_Fails()
    {
        var error = Assert.Throws<ApiException>(() => Verifier().Verify(
            BotocorePresignedRequest("c780ee1025b284229f633aba8a3df98f11c903ad7dd94cad475b3a5e66f1d72c")));
        Assert.Equal("InvalidSignatureException", error.Type);
    }

    [Fact]
    public void Verify_PresignedAndAuthorizationHeader_FailsIncomplete()
    {
        var presigned = BotocorePresignedRequest();
        var both = presigned with { Headers = [.. presigned.Headers, H("Authorization", "AWS4-HMAC-SHA256 Credential=x")] };
        Assert.Equal("IncompleteSignatureException", Assert.Throws<ApiException>(() => Verifier().Verify(both)).Type);
    }

    [Fact]
    public void Verify_SessionTokenWithALongTermKey_UnrecognizedClient_AsAwsAnswersIt()
    {
        var request = BotocoreOddPathRequest();
        var withHeader = request with { Headers = [.. request.Headers, H("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE")] };
        var presigned = BotocorePresignedRequest();
        var withParameter = presigned with { QueryString = presigned.QueryString + "&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE" };

        foreach (var refused in new[] { withHeader, withParameter })
        {
            var error = Assert.Throws<ApiException>(() => Verifier().Verify(refused));
            Assert.Equal("UnrecognizedClientException", error.Type);
            Assert.Equal("The security token included in the request is invalid.", error.Message);
        }
    }

    [Fact]
    public void Verify_DateHeaderInsteadOfXAmzDate_Succeeds()
    {
        var request = new SigV4Request("POST", "/", "",
        [
            H("Host", "localhost:8080"),
            H("Date", "Thu, 26 Nov 2026 05:50:54 GMT"),
            H("X-Amz-Target", "AWSPartnerCentralSelling.ListEngagementMembers"),
            H("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=date;host;x-amz-target, Signature=67dd400b59c95f459be86c5419ead2a4a6ee07ccdfd5505272e6cbcee2b40415"),
        ], "{}"u8.ToArray());
        Assert.Equal(KeyId, Verifier().Verify(request).AccessKeyId);
    }

    [Fact]
    public void Verify_SecretRotatedBetweenCalls_UsesNewSecret()
    {
        var v = WireVector.Load("js/GetEngagementInvitation");
        var store = new FakeCredentialStore(v.AccessKeyId, v.SecretAccessKey);
        var verifier = new SigV4Verifier(store, new FixedTimeProvider(v.AmzDate));
        Assert.Equal(v.AccessKeyId, verifier.Verify(v.ToRequest()).AccessKeyId);
        Assert.Equal(v.AccessKeyId, verifier.Verify(v.ToRequest()).AccessKeyId);
        store.Set(v.AccessKeyId, "another-secret");
        Assert.Equal("InvalidSignatureException", Assert.Throws<ApiException>(() => verifier.Verify(v.ToRequest())).Type);
    }

    [Fact]
    public void Verify_RequiredRegion_ChecksScope()
    {
        var v = WireVector.Load("boto3/CreateEngagement");
        var request = v.ToRequest();
        var store = new FakeCredentialStore(v.AccessKeyId, v.SecretAccessKey);
        var clock = new FixedTimeProvider(v.AmzDate);
        Assert.Equal(v.AccessKeyId,
            new SigV4Verifier(store, clock, new SigV4Options { RequiredRegion = "us-east-1" }).Verify(request).AccessKeyId);
        var error = Assert.Throws<ApiException>(() =>
            new SigV4Verifier(store, clock, new SigV4Options { RequiredRegion = "eu-west-1" }).Verify(request));
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal("Credential should be scoped to a valid region. ", error.Message);
    }

    [Fact]
    public void Verify_ScopeDateDiffersFromXAmzDate_FailsInvalidSignature()
    {
        var v = WireVector.Load("boto3/CreateEngagement");
        var day = v.AmzDateText[..8];
        var otherDay = v.AmzDate.AddDays(-1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var authorization = v.Header("Authorization").Replace($"/{day}/", $"/{otherDay}/", StringComparison.Ordinal);
        var error = Assert.Throws<ApiException>(() => Verifier(v.AmzDate - SignedAt)
            .Verify(v.ToRequest(v.HeadersWith("Authorization", authorization))));
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.StartsWith("Date in Credential scope does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ContentSha256HeaderNotBodyHash_FailsInvalidSignature()
    {
        var v = WireVector.Load("js/CreateEngagement");
        var headers = v.HeadersWith("x-amz-content-sha256", new string('0', 64));
        var error = Assert.Throws<ApiException>(() => Verifier(v.AmzDate - SignedAt).Verify(v.ToRequest(headers)));
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Contains("x-amz-content-sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NothingButAlgorithm_ListsEveryMissingPart()
    {
        var request = new SigV4Request("POST", "/", "", [H("Host", "x"), H("Authorization", "AWS4-HMAC-SHA256")], "{}"u8.ToArray());
        var error = Assert.Throws<ApiException>(() => Verifier().Verify(request));
        Assert.Equal("IncompleteSignatureException", error.Type);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
            "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of " +
            "either a 'X-Amz-Date' or a 'Date' header.",
            error.Message);
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling, SignedHeaders=host;x-amz-date, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-11-26/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=x-amz-date, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling/aws4_request SignedHeaders=host;x-amz-date Signature=00")]
    public void Verify_MalformedAuthorization_FailsIncompleteSignature(string authorization)
    {
        var request = new SigV4Request("POST", "/", "",
            [H("Host", "x"), H("X-Amz-Date", "20261126T055054Z"), H("Authorization", authorization)], "{}"u8.ToArray());
        var error = Assert.Throws<ApiException>(() => Verifier().Verify(request));
        Assert.Equal("IncompleteSignatureException", error.Type);
        Assert.DoesNotContain("abc.def.ghi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MalformedXAmzDate_FailsIncompleteSignature()
    {
        var request = new SigV4Request("POST", "/", "",
        [
            H("Host", "x"), H("X-Amz-Date", "2026-11-26T05:50:54Z"),
            H("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"),
        ], "{}"u8.ToArray());
        Assert.Equal("IncompleteSignatureException", Assert.Throws<ApiException>(() => Verifier().Verify(request)).Type);
    }

    [Fact]
    public void Verify_ShortOrNonHexSignature_FailsInvalidSignature()
    {
        var v = WireVector.Load("boto3/GetEngagementInvitation");
        foreach (var bad in new[] { v.Signature[..^2], v.Signature[..^1] + "g", v.Signature + "00" })
        {
            var authorization = v.Header("Authorization").Replace(v.Signature, bad, StringComparison.Ordinal);
            var error = Assert.Throws<ApiException>(() => Verifier(v.AmzDate - SignedAt)
                .Verify(v.ToRequest(v.HeadersWith("Authorization", authorization))));
            Assert.Equal("InvalidSignatureException", error.Type);
        }
    }
}
