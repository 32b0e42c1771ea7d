using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>The awsJson1_0 envelope over real HTTP: routing, SigV4, body handling, headers, error form, admin health.</summary>
public sealed class ProtocolTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static readonly byte[] ListEngagementsBody = Encoding.UTF8.GetBytes("""{"Catalog":"Sandbox"}""");

    private Task<ApiResponse> SendAsync(HttpRequestMessage request) => server.SendAsync(request);

    [Fact]
    public async Task AnyOperation_MemberNamedTwice_SerializationExceptionNamingItAndNothingCreated()
    {
        var before = (await server.OkAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 100 }, server.A))!["EngagementSummaryList"]!.AsArray().Count;

        var response = await server.CallAsync("CreateEngagement",
            """{"Catalog":"Sandbox","Title":"Twice","Title":"Named","Description":"A member named twice"}""", server.A);

        response.AssertError(400, "SerializationException");
        Assert.Contains("'Title'", (string?)response.Json!["Message"], StringComparison.Ordinal);
        Assert.Equal(before, (await server.OkAsync("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 100 }, server.A))!["EngagementSummaryList"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListEngagements_SignedLikeBoto3_Answers200AmzJson()
    {
        var response = await server.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", server.A);

        Assert.Equal(200, response.Status);
        Assert.Equal("application/x-amz-json-1.0", response.Header("Content-Type"));
        Assert.NotNull(response.Json!["EngagementSummaryList"]);
    }

    [Fact]
    public async Task PathForm_GetEngagement_SameAnswerAsTheTargetForm()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var json = $$"""{"Catalog":"Sandbox","Identifier":"{{engagement}}"}""";

        var byPath = await server.SendAsync(
            server.SignedRequest(null, Encoding.UTF8.GetBytes(json), server.A, contentType: "application/json", path: "/GetEngagement"));
        var byTarget = await server.CallAsync("GetEngagement", json, server.A);

        Assert.Equal(200, byPath.Status);
        Wire.Same(byTarget.Json, byPath.Json, "GetEngagement by path");
        // The path form is the REST binding: AWS's saved answers to it are application/json, the target form's awsJson.
        Assert.Equal(("application/json", "application/x-amz-json-1.0"), (byPath.Header("Content-Type"), byTarget.Header("Content-Type")));
    }

    [Fact]
    public async Task PathForm_Error_AnsweredAsApplicationJson()
    {
        var json = """{"Catalog":"Sandbox","Identifier":"eng-0000000000000a"}""";

        var byPath = await server.SendAsync(
            server.SignedRequest(null, Encoding.UTF8.GetBytes(json), server.A, contentType: "application/json", path: "/GetEngagement"));

        byPath.AssertError(404, "ResourceNotFoundException", contentType: "application/json");
    }

    [Theory]
    [InlineData(63, 200)]
    [InlineData(64, 400)]
    [InlineData(100_000, 400)]
    public async Task AnyOperation_NestedArraysInAnUnknownMember_RefusedPastTheDepthLimitSayingSo(int arrays, int status)
    {
        // The body's object is one level, so 63 arrays in it make the 64 allowed and 64 make 65.
        var json = $$"""{"Catalog":"Sandbox","Deep":{{new string('[', arrays)}}{{new string(']', arrays)}}}""";

        var response = await server.CallAsync("ListEngagements", json, server.A);

        Assert.Equal(status, response.Status);
        if (status == 400)
        {
            response.AssertError(400, "SerializationException");
            Assert.Contains("deeper than 64 levels", (string?)response.Json!["Message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PathForm_ContentTypeInAnotherLetterCase_Accepted()
    {
        // Media types compare without regard to case (RFC 9110 §8.3.1), as the target form already did.
        var byPath = await server.SendAsync(
            server.SignedRequest(null, ListEngagementsBody, server.A, contentType: "Application/JSON", path: "/ListEngagements"));

        Assert.Equal(200, byPath.Status);
    }

    [Fact]
    public async Task AnyOperation_RequestTargetInAbsoluteForm_SignatureOfItsPathAccepted()
    {
        // A client sending through a proxy writes "POST http://host:port/ HTTP/1.1" (RFC 9112 §3.2.2); it signed "/".
        using var viaProxy = new HttpClient(new SocketsHttpHandler { Proxy = new System.Net.WebProxy(server.BaseAddress), UseProxy = true });
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A);
        request.RequestUri = new Uri(server.BaseAddress, "/");

        using var response = await viaProxy.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task PathForm_SnapshotJobOperationWithoutOutput_204AsItsHttpBinding_TargetForm200()
    {
        // The model binds Delete/Start/StopResourceSnapshotJob to 204; awsJson routing answers every success 200.
        var (engagement, opportunity) = await server.SharedEngagementAsync(server.A, server.B);
        await server.SnapshotAsync(server.A, engagement, opportunity);
        var deleted = await server.CreateJobAsync(server.A, engagement, opportunity);
        var json = SnapshotSteps.JobRef(deleted).ToJsonString();

        var byPath = await server.SendAsync(server.SignedRequest(
            null, Encoding.UTF8.GetBytes(json), server.A, contentType: "application/json", path: "/DeleteResourceSnapshotJob"));
        var again = await server.CallAsync("DeleteResourceSnapshotJob", json, server.A);

        Assert.Equal((204, ""), (byPath.Status, byPath.Body));
        Assert.False(byPath.Headers.ContainsKey("Content-Type"));
        Assert.Equal(200, again.Status); // deleting twice succeeds
        (await server.CallAsync("GetResourceSnapshotJob", SnapshotSteps.JobRef(deleted), server.A)).AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task AnyOperation_NoAuthorizationHeader_403MissingAuthenticationToken()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A, sign: false);

        var response = await SendAsync(request);

        response.AssertError(403, "MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task AnyOperation_SignedWithWrongSecret_403InvalidSignature()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            secret: server.B.SecretAccessKey);

        var response = await SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Fact]
    public async Task AnyOperation_BodyChangedAfterSigning_403InvalidSignature()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"Catalog":"AWS"}"""));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", CosellServer.AmzJson);

        var response = await SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Fact]
    public async Task AnyOperation_UnknownAccessKey_403UnrecognizedClient()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            accessKeyId: "AKIAUNKNOWNKEY000000");

        var response = await SendAsync(request);

        response.AssertError(403, "UnrecognizedClientException");
    }

    [Fact]
    public async Task AnyOperation_UnknownTarget_400UnknownOperation()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "GetEngagementByAcceptingInvitationTask", ListEngagementsBody, server.A);

        var response = await SendAsync(request);

        response.AssertError(400, "UnknownOperationException");
    }

    [Fact]
    public async Task AnyOperation_EndpointUrlWithAPath_400UnknownOperationNamingThePath()
    {
        // A client given --endpoint-url http://host:port/prefix posts every call to /prefix, its target in the header.
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A, path: "/prefix");

        var response = await SendAsync(request);

        // (The path form answers application/json, so not AssertError's check of the awsJson content type.)
        Assert.Equal((400, "UnknownOperationException"), (response.Status, response.ErrorType));
        Assert.Contains("/prefix", (string?)response.Json!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOperation_TargetOfAnotherService_400UnknownOperation()
    {
        using var request = server.SignedRequest("AWSPartnerCentralMarketing.ListEngagements", ListEngagementsBody, server.A);

        var response = await SendAsync(request);

        response.AssertError(400, "UnknownOperationException");
    }

    [Fact]
    public async Task AnyOperation_WrongContentType_415JsonError()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            contentType: "text/plain");

        var response = await SendAsync(request);

        Assert.Equal(415, response.Status);
        Assert.NotNull(response.Json);
        Assert.False(string.IsNullOrEmpty(response.ErrorType), $"415 without __type: {response.Body}");
        Assert.Equal(ErrorWireForm.Type(response.ErrorType!), response.RawErrorType);
        Assert.Equal((string?)response.Json!["message"], (string?)response.Json["Message"]);
    }

    [Fact]
    public async Task AnyOperation_MalformedJson_400Serialization()
    {
        var response = await server.CallAsync("ListEngagements", """{"Catalog": "Sandbox",""", server.A);

        response.AssertError(400, "SerializationException");
    }

    [Fact]
    public async Task AnyOperation_BodyIsJsonArray_400Serialization()
    {
        var response = await server.CallAsync("ListEngagements", """["Catalog"]""", server.A);

        response.AssertError(400, "SerializationException");
    }

    [Theory]
    [InlineData("""{"Catalog":"Sandbox","\ud800":1}""")]
    [InlineData("""{"\udc00x":1}""")]
    [InlineData("""{"Catalog":"Sandbox","Sort":{"\ud800\u0041":"x"}}""")]
    public async Task AnyOperation_UnpairedSurrogateInAMemberName_400Serialization(string body)
    {
        var list = await server.CallAsync("ListEngagements", body, server.A);
        var create = await server.CallAsync("CreateEngagement", """{"ClientToken":"t","Title":"T","Description":"D",""" + body[1..], server.A);

        list.AssertError(400, "SerializationException");
        create.AssertError(400, "SerializationException");
    }

    [Fact]
    public async Task ListEngagements_MaxResultsAsString_400Serialization()
    {
        var response = await server.CallAsync("ListEngagements", """{"Catalog":"Sandbox","MaxResults":"5"}""", server.A);

        response.AssertError(400, "SerializationException");
    }

    [Fact]
    public async Task ListEngagementInvitations_MaxResultsFractional_400Serialization()
    {
        var response = await server.CallAsync("ListEngagementInvitations",
            """{"Catalog":"Sandbox","ParticipantType":"SENDER","MaxResults":2.5}""", server.A);

        response.AssertError(400, "SerializationException");
    }

    [Fact]
    public async Task CreateOpportunity_LegalBodyOverOneMebibyte_AsBotocoreEscapesIt_Accepted()
    {
        // Every member within the model's limits; botocore writes each non-ASCII character as \uXXXX (a letter beyond
        // the Basic Multilingual Plane as two: 12 bytes for one code point), and a control character as 6 bytes.
        var body = OpportunityBodies.Create();
        var tags = new JsonArray();
        for (var i = 0; i < 200; i++)
        {
            var key = string.Concat(Enumerable.Repeat("𠮷", 126)) + (char)('a' + i / 26) + (char)('a' + i % 26);
            tags.Add(new JsonObject { ["Key"] = key, ["Value"] = string.Concat(Enumerable.Repeat("𠮷", 256)) });
        }
        body["Tags"] = tags;
        body["LifeCycle"]!["NextStepsHistory"] = new JsonArray(Enumerable.Range(0, 50)
            .Select(_ => (JsonNode)new JsonObject { ["Value"] = new string('\u0001', 2000), ["Time"] = "2025-01-15T10:00:00Z" }).ToArray());
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString()); // the default encoder escapes all but ASCII, as botocore
        Assert.InRange(bytes.Length, 1024 * 1024 + 1, 2 * 1024 * 1024);
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "CreateOpportunity", bytes, server.A);

        var response = await SendAsync(request);

        Assert.True(response.Status == 200, response.Body);
        var tagged = await server.ListTagsAsync(server.A, OpportunityBodies.OpportunityArn(server.A.AccountId, (string)response.Json!["Id"]!));
        Assert.Equal(200, tagged["Tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnyOperation_FiveMegabyteBody_413JsonError()
    {
        // Valid JSON, validly signed: only the size is wrong.
        var body = Encoding.UTF8.GetBytes("{\"Catalog\":\"Sandbox\",\"NextToken\":\"" + new string('a', 5 * 1024 * 1024) + "\"}");
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", body, server.A);

        var response = await SendAsync(request);

        Assert.Equal(413, response.Status);
        Assert.False(string.IsNullOrEmpty(response.ErrorType), $"413 without __type: {response.Body}");
        Assert.Equal(ErrorWireForm.Type(response.ErrorType!), response.RawErrorType);
        Assert.Equal((string?)response.Json!["message"], (string?)response.Json["Message"]);
    }

    [Fact]
    public async Task EveryResponse_SuccessAndErrors_CarryUuidRequestIdAndCurrentDate_AndNoServerName()
    {
        var responses = new List<(string What, ApiResponse Response)>
        {
            ("success", await server.CallAsync("ListEngagements", """{"Catalog":"Sandbox"}""", server.A)),
            ("validation", await server.CallAsync("ListEngagements", """{"Catalog":"Prod"}""", server.A)),
            ("not found", await server.CallAsync("GetEngagement", """{"Catalog":"Sandbox","Identifier":"eng-00000000000000"}""", server.A)),
            ("serialization", await server.CallAsync("ListEngagements", "{", server.A)),
            ("not implemented", await server.CallAsync("ListOpportunities", """{"Catalog":"Sandbox"}""", server.A)),
        };
        using (var r = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A, sign: false))
        {
            responses.Add(("missing auth", await SendAsync(r)));
        }
        using (var r = server.SignedRequest(CosellServer.TargetPrefix + "NoSuchOperation", ListEngagementsBody, server.A))
        {
            responses.Add(("unknown operation", await SendAsync(r)));
        }
        using (var r = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A, contentType: "text/plain"))
        {
            responses.Add(("unsupported media type", await SendAsync(r)));
        }
        using (var r = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", new byte[5 * 1024 * 1024], server.A))
        {
            responses.Add(("too large", await SendAsync(r)));
        }
        using (var r = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A, secret: server.B.SecretAccessKey))
        {
            responses.Add(("bad signature", await SendAsync(r)));
        }

        var realNow = DateTimeOffset.UtcNow;
        foreach (var (what, response) in responses)
        {
            var id = response.Header("x-amzn-RequestId");
            Assert.True(Guid.TryParse(id, out _), $"{what}: x-amzn-RequestId '{id}' is not a UUID ({response})");
            var date = response.Header("Date");
            Assert.True(DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent),
                $"{what}: Date header '{date}' is not an RFC 1123 date");
            Assert.True((realNow - sent).Duration() < TimeSpan.FromSeconds(10), $"{what}: Date {date} is not near the real time {realNow:r}");
            // No "Server: Kestrel": AWS's endpoints do not name their software, and a recorded exchange should not either.
            Assert.Null(response.Header("Server"));
        }
        var ids = responses.Select(r => r.Response.Header("x-amzn-RequestId")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task AcceptAndRejectEngagementInvitation_Success_200EmptyBody()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var toAccept = await server.InviteAsync(server.A, engagement, server.B);
        var toReject = await server.InviteAsync(server.A, engagement, server.C);

        var accepted = await server.CallAsync("AcceptEngagementInvitation", RequestBodies.Identify(toAccept), server.B);
        var rejected = await server.CallAsync("RejectEngagementInvitation", RequestBodies.Identify(toReject), server.C);

        foreach (var response in new[] { accepted, rejected })
        {
            Assert.Equal(200, response.Status);
            Assert.True(response.Body.Length == 0 || response.Body == "{}", $"body should be empty, is '{response.Body}'");
        }
    }

    [Fact]
    public async Task Health_Get_200JsonWithCounts()
    {
        using var response = await server.Http.GetAsync("/_cosell/health");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PostgresTestDatabase.ConnectionString is null ? "sqlite" : "postgresql", (string?)json["store"]);
        Assert.Equal(true, (bool?)json["storeAvailable"]);
        Assert.Equal(45, (int?)json["operationsTotal"]); // 42 of the vendored model + 3 of model/patches/006
        Assert.Equal(ModelShapes.Operations.Count(), (int?)json["operationsTotal"]);
        Assert.Equal(Cosell.Service.Dispatch.ServiceRegistration.HandlerTypes().Count(), (int?)json["operationsImplemented"]);
        Assert.Equal(45, (int?)json["operationsImplemented"]);
    }

    [Theory]
    [InlineData("POST", "/_cosell/health", "GET or HEAD")]
    [InlineData("DELETE", "/_cosell/events", "GET")]
    [InlineData("PUT", "/_cosell/clock", "GET or POST")]
    public async Task AdminPath_WrongMethod_405SayingWhichMethodAnswers(string method, string path, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await server.Http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal($"{method} is not allowed on {path}; use {allowed}.", (string?)json["Message"]);
    }

    [Fact]
    public async Task Health_Head_200WithoutABody()
    {
        // Some health checkers (load balancers, uptime monitors) send HEAD.
        using var request = new HttpRequestMessage(HttpMethod.Head, "/_cosell/health");
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ErrorBodies_AnyError_ServiceNamespacedTypeHeaderAndBothMessageKeys()
    {
        // The forms of the real service's saved responses (spec 04 §2) for modeled errors, and of AWS's request layer for
        // the others, written out here rather than taken from the server's code.
        var expected = new (string?, string?)[]
        {
            ("com.amazon.partnerintegrationapi.common#ValidationException",
                "ValidationException:http://internal.amazon.com/coral/com.amazon.partnerintegrationapi.common/"),
            ("com.amazon.partnerintegrationapi.common#ResourceNotFoundException",
                "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.partnerintegrationapi.common/"),
            ("com.amazon.coral.service#SerializationException",
                "SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/"),
            ("com.amazon.coral.service#InvalidSignatureException",
                "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"),
        };
        using var badSignature = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            secret: server.B.SecretAccessKey);
        var errors = new[]
        {
            await server.CallAsync("ListEngagements", """{"Catalog":"Prod"}""", server.A),
            await server.CallAsync("GetEngagement", """{"Catalog":"Sandbox","Identifier":"eng-00000000000000"}""", server.A),
            await server.CallAsync("ListEngagements", "{", server.A),
            await SendAsync(badSignature),
        };

        Assert.Equal(expected, errors.Select(e => (e.RawErrorType, e.Header("x-amzn-ErrorType"))));
        foreach (var e in errors)
        {
            Assert.False(string.IsNullOrEmpty((string?)e.Json!["message"]), $"no message in {e}");
            Assert.Equal((string?)e.Json["message"], (string?)e.Json["Message"]);
        }
    }

    [Fact]
    public async Task AnyOperation_GetInsteadOfPost_JsonErrorNotHtml()
    {
        using var response = await server.Http.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"GET / answered {(int)response.StatusCode}");
        var json = JsonNode.Parse(body)!;
        Assert.False(string.IsNullOrEmpty((string?)json["__type"]), body);
    }

    [Fact]
    public async Task AnyOperation_ContentTypeWithCharset_Accepted()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            contentType: "application/x-amz-json-1.0; charset=utf-8");

        var response = await SendAsync(request);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task AnyOperation_SignedSixteenMinutesAgo_403InvalidSignature()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            at: server.Clock.GetUtcNow() - TimeSpan.FromMinutes(16));

        var response = await SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Fact]
    public async Task AnyOperation_EmptyBody_ReadAsEmptyInputSoCatalogMissing()
    {
        var response = await server.CallAsync("ListEngagements", "", server.A);

        var errors = response.AssertValidation("REQUEST_VALIDATION_FAILED");
        Assert.Contains(("catalog", "REQUIRED_FIELD_MISSING"), errors);
    }

    [Fact]
    public async Task ListEngagements_SignedLikeJsSdk_Answers200()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ListEngagementsBody));
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            extraSignedHeaders: new Dictionary<string, string>
            {
                ["amz-sdk-invocation-id"] = Guid.NewGuid().ToString(),
                ["amz-sdk-request"] = "attempt=1; max=3",
                ["content-length"] = ListEngagementsBody.Length.ToString(CultureInfo.InvariantCulture),
                ["x-amz-content-sha256"] = hash,
                ["x-amz-user-agent"] = "aws-sdk-js/3.1123.0",
            });

        var response = await SendAsync(request);

        Assert.True(response.Status == 200, response.ToString());
        CosellServer.AssertConforms("ListEngagements", response);
    }

    [Fact]
    public async Task AnyOperation_ContentSha256HeaderNotMatchingBody_403InvalidSignature()
    {
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A,
            extraSignedHeaders: new Dictionary<string, string> { ["x-amz-content-sha256"] = new string('0', 64) });

        var response = await SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }

    [Fact]
    public async Task AnyOperation_UnsignedTargetChanged_403InvalidSignature()
    {
        // Signed as ListEngagements, sent as GetEngagement: the target is a signed header.
        using var request = server.SignedRequest(CosellServer.TargetPrefix + "ListEngagements", ListEngagementsBody, server.A);
        request.Headers.Remove("X-Amz-Target");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", CosellServer.TargetPrefix + "ListEngagementInvitations");

        var response = await SendAsync(request);

        response.AssertError(403, "InvalidSignatureException");
    }
}
