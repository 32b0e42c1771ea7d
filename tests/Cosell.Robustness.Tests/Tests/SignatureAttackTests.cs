using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Robustness.Tests.Infrastructure;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// Issue 6 §4: forged, altered, stale and misdirected signatures are refused with the names AWS uses, nothing they carry
/// changes state, and no secret shows up in an answer or a log line.
/// </summary>
public sealed class SignatureAttackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(new ServerSettings { AccountCount = 2 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private TestAccount A => _server.Accounts[0];
    private TestAccount B => _server.Accounts[1];

    private sealed record Attack(string Name, Func<Task<ApiResponse>> Send, int Status, string Type, string? MessagePart = null);

    private byte[] CreateBody(string title = "signed title") => Encoding.UTF8.GetBytes(Bodies.Engagement(title: title).ToJsonString());

    /// <summary>Signs one body and header set, then sends something else.</summary>
    private async Task<ApiResponse> SendAlteredAsync(byte[] signedBody, byte[] sentBody, Action<HttpRequestMessage>? alter = null,
        RequestShape? shape = null)
    {
        using var request = _server.Client.Build("CreateEngagement", signedBody, A, shape);
        request.Content = new ByteArrayContent(sentBody);
        foreach (var header in new[] { "Content-Type" })
        {
            request.Content.Headers.TryAddWithoutValidation(header, ApiClient.AmzJson);
        }
        alter?.Invoke(request);
        return await _server.Client.SendAsync(request);
    }

    private IEnumerable<Attack> Attacks()
    {
        var now = _server.Clock.GetUtcNow();
        yield return new("tampered body", () => SendAlteredAsync(CreateBody(), CreateBody("tampered title")), 403, "InvalidSignatureException", "does not match");
        yield return new("body with one byte appended", () => SendAlteredAsync(CreateBody(), [.. CreateBody(), (byte)' ']), 403, "InvalidSignatureException");
        yield return new("tampered signed X-Amz-Target", () => SendAlteredAsync(CreateBody(), CreateBody(), r =>
        {
            r.Headers.Remove("X-Amz-Target");
            r.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSPartnerCentralSelling.ListEngagements");
        }), 403, "InvalidSignatureException");
        yield return new("tampered signed Content-Type parameters", () => SendAlteredAsync(CreateBody(), CreateBody(), r =>
        {
            r.Content!.Headers.Remove("Content-Type");
            r.Content.Headers.TryAddWithoutValidation("Content-Type", ApiClient.AmzJson + "; charset=utf-8");
        }), 403, "InvalidSignatureException");
        yield return new("tampered signed custom header", () => SendAlteredAsync(CreateBody(), CreateBody(), r =>
        {
            r.Headers.Remove("X-Amz-User-Agent");
            r.Headers.TryAddWithoutValidation("X-Amz-User-Agent", "forged/1.0");
        }, new RequestShape { SignedHeaders = new Dictionary<string, string> { ["X-Amz-User-Agent"] = "aws-sdk-js/3" } }), 403, "InvalidSignatureException");
        yield return new("tampered signed X-Amz-Date", () => SendAlteredAsync(CreateBody(), CreateBody(), r =>
        {
            var date = r.Headers.GetValues("X-Amz-Date").Single();
            r.Headers.Remove("X-Amz-Date");
            r.Headers.TryAddWithoutValidation("X-Amz-Date", date[..^3] + (date[^3] == '0' ? "1" : "0") + date[^2..]);
        }), 403, "InvalidSignatureException");
        yield return new("path changed after signing", () => SendAlteredAsync(CreateBody(), CreateBody(), r =>
            r.RequestUri = new Uri(_server.BaseAddress, "/CreateEngagement")), 403, "InvalidSignatureException");
        yield return new("x-amz-content-sha256 of another body", () => Send(new RequestShape
        {
            SignedHeaders = new Dictionary<string, string> { ["x-amz-content-sha256"] = Convert.ToHexStringLower(SHA256.HashData("{}"u8)) },
        }), 403, "InvalidSignatureException");
        yield return new("signed 16 minutes ago", () => Send(new RequestShape { At = now.AddMinutes(-16) }), 403, "InvalidSignatureException", "Signature expired");
        yield return new("signed 16 minutes ahead", () => Send(new RequestShape { At = now.AddMinutes(16) }), 403, "InvalidSignatureException", "not yet current");
        yield return new("signed a day ago", () => Send(new RequestShape { At = now.AddDays(-1) }), 403, "InvalidSignatureException", "Signature expired");
        yield return new("region eu-west-1 in the scope", () => Send(new RequestShape { Region = "eu-west-1" }), 403, "InvalidSignatureException", "region");
        yield return new("region us-west-2 in the scope", () => Send(new RequestShape { Region = "us-west-2" }), 403, "InvalidSignatureException", "region");
        yield return new("service execute-api in the scope", () => Send(new RequestShape { Service = "execute-api" }), 403, "InvalidSignatureException", "service");
        yield return new("service partnercentral-selling-x in the scope", () => Send(new RequestShape { Service = "partnercentral-selling-x" }), 403, "InvalidSignatureException");
        yield return new("A's key id with B's secret", () => Send(new RequestShape { Secret = B.SecretAccessKey }), 403, "InvalidSignatureException");
        yield return new("B's key id with A's secret", () => Send(new RequestShape { AccessKeyId = B.AccessKeyId }), 403, "InvalidSignatureException");
        yield return new("unknown key id", () => Send(new RequestShape { AccessKeyId = "AKIAUNKNOWNKEY000000" }), 403, "UnrecognizedClientException");
        yield return new("key id of another case", () => Send(new RequestShape { AccessKeyId = A.AccessKeyId.ToLowerInvariant() }), 403, "UnrecognizedClientException");
        yield return new("no Authorization header", () => Send(new RequestShape { Sign = false }), 403, "MissingAuthenticationTokenException");
        yield return new("Authorization without a signature", () => Send(new RequestShape
        {
            Sign = false,
            UnsignedHeaders = [new("Authorization", $"AWS4-HMAC-SHA256 Credential={A.AccessKeyId}/{now:yyyyMMdd}/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host")],
        }), 400, "IncompleteSignatureException");
        yield return new("SigV2-style Authorization", () => Send(new RequestShape
        {
            Sign = false, UnsignedHeaders = [new("Authorization", $"AWS {A.AccessKeyId}:c2lnbmF0dXJl")],
        }), 400, "IncompleteSignatureException");
        yield return new("two Authorization header lines", () => SendRawWithAuthorization(a => a + "\r\nAuthorization: " + Forged(now)), 400, "IncompleteSignatureException");
        yield return new("a forged Authorization joined to a genuine one", () => SendRawWithAuthorization(a => a + ", " + Forged(now)), 400, "IncompleteSignatureException");
        yield return new("a genuine Authorization joined to a forged one", () => SendRawWithAuthorization(a => Forged(now) + ", " + a), 400, "IncompleteSignatureException");
        yield return new("signature of zeros", () => SendWithSignature(new string('0', 64)), 403, "InvalidSignatureException");
        yield return new("signature truncated", () => SendWithSignature(null, s => s[..63]), 403, "InvalidSignatureException");
        yield return new("scope date other than X-Amz-Date", () => SendWithAuthorization(a => a.Replace($"/{now:yyyyMMdd}/", $"/{now.AddDays(-1):yyyyMMdd}/", StringComparison.Ordinal)), 403, "InvalidSignatureException");
        yield return new("scope terminator changed", () => SendWithAuthorization(a => a.Replace("/aws4_request", "/aws4_requesx", StringComparison.Ordinal)), 403, "InvalidSignatureException");
        yield return new("host dropped from SignedHeaders", () => SendWithAuthorization(a => a.Replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;", StringComparison.Ordinal)), 400, "IncompleteSignatureException");
        yield return new("presigned query with a forged signature", () => Send(new RequestShape
        {
            Sign = false,
            Path = $"/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={A.AccessKeyId}%2F{now:yyyyMMdd}%2Fus-east-1%2Fpartnercentral-selling%2Faws4_request&X-Amz-Date={now:yyyyMMdd'T'HHmmss'Z'}&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature={new string('a', 64)}",
        }), 403, "InvalidSignatureException");
    }

    private Task<ApiResponse> Send(RequestShape shape) => _server.Client.SendAsync("CreateEngagement", CreateBody(), A, shape);

    private Task<ApiResponse> SendWithSignature(string? signature, Func<string, string>? change = null) =>
        SendWithAuthorization(a =>
        {
            var at = a.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length;
            return a[..at] + (signature ?? change!(a[at..]));
        });

    private string Forged(DateTimeOffset now) =>
        $"AWS4-HMAC-SHA256 Credential={B.AccessKeyId}/{now:yyyyMMdd}/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature={new string('0', 64)}";

    /// <summary>Sends by hand, with the Authorization header line(s) rewritten (HttpClient keeps only one Authorization value).</summary>
    private async Task<ApiResponse> SendRawWithAuthorization(Func<string, string> change)
    {
        var body = CreateBody();
        var head = System.Text.Encoding.ASCII.GetString(RawHttp.Head(_server.Client, "CreateEngagement", body, A));
        var start = head.IndexOf("Authorization: ", StringComparison.Ordinal) + "Authorization: ".Length;
        var end = head.IndexOf("\r\n", start, StringComparison.Ordinal);
        head = head[..start] + change(head[start..end]) + head[end..];
        var response = await RawHttp.ExchangeAsync(_server.BaseAddress, [.. System.Text.Encoding.ASCII.GetBytes(head), .. body]);
        return response?.ToApiResponse() ?? throw new IOException("no answer");
    }

    private async Task<ApiResponse> SendWithAuthorization(Func<string, string> change)
    {
        using var request = _server.Client.Build("CreateEngagement", CreateBody(), A);
        var authorization = request.Headers.GetValues("Authorization").Single();
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", change(authorization));
        return await _server.Client.SendAsync(request);
    }

    [Fact]
    public async Task SignatureAttacks_EveryForgery_RefusedWithAwsErrorNamesNothingWrittenNoSecretShown()
    {
        var attacks = Attacks().ToList();
        var accepted = new List<string>();
        var bodies = new StringBuilder();
        foreach (var attack in attacks)
        {
            var response = await attack.Send();
            bodies.AppendLine(response.Body);
            if (response.Status < 400)
            {
                accepted.Add($"{attack.Name}: {response}");
                continue;
            }
            var body = ProtocolErrors.Assert(response, attack.Status, attack.Type);
            if (attack.MessagePart is { } part)
            {
                Assert.Contains(part, (string)body["message"]!, StringComparison.OrdinalIgnoreCase);
            }
        }
        // A captured request replayed after its 15-minute window.
        using var captured = _server.Client.Build("CreateEngagement", CreateBody("captured"), A);
        var wire = (Headers: captured.Headers.ToList(), Body: await captured.Content!.ReadAsByteArrayAsync());
        Assert.Equal(200, (await _server.Client.SendAsync(Clone(wire))).Status);
        _server.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var replay = await _server.Client.SendAsync(Clone(wire));
        bodies.AppendLine(replay.Body);
        if (replay.Status < 400)
        {
            accepted.Add("replay after the window: " + replay);
        }
        else
        {
            ProtocolErrors.Assert(replay, 403, "InvalidSignatureException");
        }
        _server.Clock.Advance(-(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1)));

        // Only the genuine request of the capture made an engagement; no forgery did.
        var engagements = await Bodies.ListAllAsync(_server.Client, "ListEngagements", new JsonObject { ["Catalog"] = "Sandbox" }, "EngagementSummaryList", A);
        Figures.Report(output, $"Signature attacks: {attacks.Count + 1} tried -> {accepted.Count} accepted");
        Assert.True(accepted.Count == 0, string.Join("\n", accepted));
        Assert.Single(engagements);

        AssertNoSecrets(bodies.ToString(), "error bodies");
        AssertNoSecrets(_server.Logs.All, "server log");
        Assert.Contains(_server.Logs.Lines, l => l.Contains("answered 403 InvalidSignatureException", StringComparison.Ordinal));
        // A refused request is logged with the key id it claimed, so an operator can tell which client is misconfigured.
        var unknownKey = A.AccessKeyId.ToLowerInvariant();
        Assert.Contains(_server.Logs.Lines, l => l.Contains($"(unauthenticated) (key {unknownKey}) answered 403 UnrecognizedClientException", StringComparison.Ordinal));
    }

    private HttpRequestMessage Clone((List<KeyValuePair<string, IEnumerable<string>>> Headers, byte[] Body) wire)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(wire.Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ApiClient.AmzJson);
        foreach (var (name, values) in wire.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }
        return request;
    }

    [Fact]
    public async Task UnsignedExtraHeaders_SignatureStillValid_RequestAcceptedAndHeadersIgnored()
    {
        var response = await _server.Client.SendAsync("CreateEngagement", CreateBody("unsigned extras"), A, new RequestShape
        {
            UnsignedHeaders = [new("X-Forwarded-For", "10.1.2.3"), new("User-Agent", "aws-cli/2.15"), new("X-Amz-Meta-Note", "unsigned"), new("amz-sdk-request", "attempt=1")],
        });

        Assert.True(response.Status == 200, response.ToString());
        var id = (string)response.Json!["Id"]!;
        var engagement = await Bodies.OkAsync(_server.Client, "GetEngagement", Bodies.Identify(id), A);
        Assert.Equal("unsigned extras", (string?)engagement["Title"]);
    }

    [Fact]
    public async Task SignatureWindow_FourteenMinutesEitherSide_Accepted()
    {
        var now = _server.Clock.GetUtcNow();
        foreach (var at in new[] { now.AddMinutes(-14), now.AddMinutes(14) })
        {
            var response = await _server.Client.SendAsync("ListEngagements", """{"Catalog":"Sandbox"}"""u8.ToArray(), A, new RequestShape { At = at });
            Assert.True(response.Status == 200, $"signed at {at:O} (server {now:O}): {response}");
        }
    }

    private void AssertNoSecrets(string text, string where)
    {
        foreach (var account in _server.Accounts)
        {
            Assert.False(text.Contains(account.SecretAccessKey, StringComparison.Ordinal), $"{where} shows the secret of {account.AccountId}");
            var date = _server.Clock.GetUtcNow().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
            var key = SigningKey(account.SecretAccessKey, date);
            Assert.False(text.Contains(key, StringComparison.OrdinalIgnoreCase), $"{where} shows a signing key of {account.AccountId}");
        }
    }

    private static string SigningKey(string secret, string date)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        foreach (var part in new[] { "us-east-1", "partnercentral-selling", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        return Convert.ToHexStringLower(key);
    }
}
