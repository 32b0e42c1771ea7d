using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cosell.Model.Contracts;
using Cosell.Protocol.Auth;
using Xunit;

namespace Cosell.Protocol.Tests.Auth;

/// <summary>The verifier against every request boto3 and the JS SDK v3 really sent (tests/fixtures/wire).</summary>
public sealed class SigV4VerifierVectorTests
{
    public static TheoryData<string> Vectors() => [.. WireVector.Ids()];

    private static SigV4Verifier VerifierFor(WireVector v, TimeSpan? clockOffset = null, SigV4Options? options = null) =>
        new(new FakeCredentialStore(v.AccessKeyId, v.SecretAccessKey),
            new FixedTimeProvider(v.AmzDate + (clockOffset ?? TimeSpan.Zero)), options);

    private static ApiException Rejects(WireVector v, SigV4Request request, string type, TimeSpan? clockOffset = null)
    {
        var error = Assert.Throws<ApiException>(() => VerifierFor(v, clockOffset).Verify(request));
        Assert.Equal(type, error.Type);
        Assert.Equal(type == "IncompleteSignatureException" ? 400 : 403, error.StatusCode);
        return error;
    }

    [Fact]
    public void Vectors_BothSdks_TwentyFourFiles()
    {
        var ids = WireVector.Ids().ToList();
        Assert.Equal(24, ids.Count);
        Assert.Equal(12, ids.Count(id => id.StartsWith("boto3/", StringComparison.Ordinal)));
        Assert.Equal(12, ids.Count(id => id.StartsWith("js/", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_Fixture_IsConsistent(string id)
    {
        var v = WireVector.Load(id);
        Assert.Equal(v.BodySha256, Convert.ToHexStringLower(SHA256.HashData(v.Body)));
        Assert.EndsWith($", Signature={v.Signature}", v.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("x-amz-target", v.SignedHeaders);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void CanonicalRequest_Vector_MatchesCapture(string id)
    {
        var v = WireVector.Load(id);
        Assert.Equal(v.CanonicalRequest, SigV4Verifier.CanonicalRequest(v.ToRequest(), v.SignedHeaders));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_Succeeds(string id)
    {
        var v = WireVector.Load(id);
        var caller = VerifierFor(v).Verify(v.ToRequest());
        Assert.Equal(new Caller(FakeCredentialStore.AccountId, v.AccessKeyId), caller);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_BodyByteFlipped_FailsInvalidSignature(string id)
    {
        var v = WireVector.Load(id);
        var body = (byte[])v.Body.Clone();
        body[body.Length / 2] ^= 0x01;
        Rejects(v, v.ToRequest(body: body), "InvalidSignatureException");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_SignedHeaderChanged_FailsInvalidSignature(string id)
    {
        var v = WireVector.Load(id);
        var headers = v.HeadersWith("X-Amz-Target", "AWSPartnerCentralSelling.DeleteEverything");
        var error = Rejects(v, v.ToRequest(headers), "InvalidSignatureException");
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.",
            error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_WrongSecret_FailsWithoutLeakingSecretOrSignature(string id)
    {
        var v = WireVector.Load(id);
        var wrong = v.SecretAccessKey[..^1] + (v.SecretAccessKey[^1] == 'Y' ? 'Z' : 'Y');
        var verifier = new SigV4Verifier(new FakeCredentialStore(v.AccessKeyId, wrong), new FixedTimeProvider(v.AmzDate));
        var error = Assert.Throws<ApiException>(() => verifier.Verify(v.ToRequest()));
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(v.SecretAccessKey, error.Message, StringComparison.Ordinal);
        // Every hash in the message is one the client can compute itself (body hash, canonical request hash).
        foreach (Match hex in Regex.Matches(error.Message, "[0-9a-f]{64}"))
        {
            Assert.True(hex.Value == v.BodySha256 || v.StringToSign.EndsWith(hex.Value, StringComparison.Ordinal),
                $"unexpected hash {hex.Value} in the error message");
        }

        Assert.Contains(v.CanonicalRequest, error.Message, StringComparison.Ordinal);
        Assert.Contains(v.StringToSign, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_UnsignedHeaderAddedOrChanged_Succeeds(string id)
    {
        var v = WireVector.Load(id);
        Assert.DoesNotContain("user-agent", v.SignedHeaders);
        var headers = v.HeadersWith("User-Agent", "curl/8.0 something else");
        headers.Add(new("X-Forwarded-For", "10.0.0.1"));
        headers.Add(new("Accept", "*/*"));
        Assert.Equal(FakeCredentialStore.AccountId, VerifierFor(v).Verify(v.ToRequest(headers)).AccountId);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_ClockSixteenMinutesLater_FailsExpired(string id)
    {
        var v = WireVector.Load(id);
        var error = Rejects(v, v.ToRequest(), "InvalidSignatureException", TimeSpan.FromMinutes(16));
        Assert.Contains("Signature expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            $"Signature expired: {v.AmzDateText} is now earlier than {Basic(v.AmzDate.AddMinutes(1))} " +
            $"({Basic(v.AmzDate.AddMinutes(16))} - 15 min.)",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_ClockSixteenMinutesEarlier_FailsNotYetCurrent(string id)
    {
        var v = WireVector.Load(id);
        var error = Rejects(v, v.ToRequest(), "InvalidSignatureException", TimeSpan.FromMinutes(-16));
        Assert.Contains("not yet current", error.Message, StringComparison.Ordinal);
        Assert.Equal(
            $"Signature not yet current: {v.AmzDateText} is still later than {Basic(v.AmzDate.AddMinutes(-1))} " +
            $"({Basic(v.AmzDate.AddMinutes(-16))} + 15 min.)",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_ClockFourteenMinutesOff_Succeeds(string id)
    {
        var v = WireVector.Load(id);
        Assert.Equal(v.AccessKeyId, VerifierFor(v, TimeSpan.FromMinutes(14)).Verify(v.ToRequest()).AccessKeyId);
        Assert.Equal(v.AccessKeyId, VerifierFor(v, TimeSpan.FromMinutes(-14)).Verify(v.ToRequest()).AccessKeyId);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_NoAuthorization_FailsMissingAuthenticationToken(string id)
    {
        var v = WireVector.Load(id);
        var error = Rejects(v, v.ToRequest(v.HeadersWith("Authorization", null)), "MissingAuthenticationTokenException");
        Assert.Equal("Missing Authentication Token", error.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_AuthorizationWithoutSignature_FailsIncompleteSignature(string id)
    {
        var v = WireVector.Load(id);
        var authorization = v.Header("Authorization").Replace($", Signature={v.Signature}", "", StringComparison.Ordinal);
        var error = Rejects(v, v.ToRequest(v.HeadersWith("Authorization", authorization)), "IncompleteSignatureException");
        Assert.Equal("Authorization header requires 'Signature' parameter.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_UnknownAccessKey_FailsUnrecognizedClient(string id)
    {
        var v = WireVector.Load(id);
        var authorization = v.Header("Authorization")
            .Replace($"Credential={v.AccessKeyId}/", "Credential=AKIDUNKNOWN000000/", StringComparison.Ordinal);
        var error = Rejects(v, v.ToRequest(v.HeadersWith("Authorization", authorization)), "UnrecognizedClientException");
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_ScopeForOtherService_FailsInvalidSignature(string id)
    {
        var v = WireVector.Load(id);
        var authorization = v.Header("Authorization")
            .Replace("/partnercentral-selling/aws4_request", "/execute-api/aws4_request", StringComparison.Ordinal);
        var error = Rejects(v, v.ToRequest(v.HeadersWith("Authorization", authorization)), "InvalidSignatureException");
        Assert.Equal("Credential should be scoped to correct service: 'partnercentral-selling'. ", error.Message);
    }

    private static string Basic(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
