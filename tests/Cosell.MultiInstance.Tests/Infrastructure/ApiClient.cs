using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.MultiInstance.Tests.Infrastructure;

/// <summary>One partner account with its single access key.</summary>
public sealed record Account(string AccountId, string CompanyName, string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => AccountId;
}

/// <summary>One HTTP answer: status, body, and the body as JSON.</summary>
public sealed record Answer(int Status, string Body)
{
    public JsonNode? Json { get; } = Body.Length > 0 ? JsonNode.Parse(Body) : null;

    /// <summary>The error's name as SDKs read <c>__type</c>: without its namespace.</summary>
    public string? ErrorType => Json is JsonObject o && o["__type"] is JsonValue v && v.GetValue<string>() is { } raw
        ? raw[(raw.IndexOf('#', StringComparison.Ordinal) + 1)..]
        : null;

    public string Text(string member) => Json![member]!.GetValue<string>();

    public override string ToString() => $"HTTP {Status} {Body}";
}

/// <summary>Signs (SigV4, as boto3 does) and sends API calls to one instance.</summary>
public sealed class ApiClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(120),
    };

    public Uri BaseAddress => baseAddress;

    public async Task<Answer> CallAsync(string operation, JsonNode body, Account caller)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(bytes) };
        const string contentType = "application/x-amz-json-1.0";
        var target = "AWSPartnerCentralSelling." + operation;
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var signature = TestSigner.Sign("POST", "/",
            new Dictionary<string, string> { ["content-type"] = contentType, ["host"] = baseAddress.Authority, ["x-amz-target"] = target },
            bytes, caller.AccessKeyId, caller.SecretAccessKey, DateTimeOffset.UtcNow);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await _http.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The first page of <paramref name="caller"/>'s event feed (<c>GET /_cosell/events</c>, signed as a GET is).</summary>
    public async Task<Answer> FeedAsync(Account caller)
    {
        const string path = "/_cosell/events";
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?account=" + caller.AccountId);
        var signature = TestSigner.Sign("GET", path, new Dictionary<string, string> { ["host"] = baseAddress.Authority }, [],
            caller.AccessKeyId, caller.SecretAccessKey, DateTimeOffset.UtcNow, query: [new("account", caller.AccountId)]);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await _http.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpStatusCode> HealthAsync() => (await _http.GetAsync("/_cosell/health")).StatusCode;

    public void Dispose() => _http.Dispose();
}
