using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>How one request departs from the way boto3 would send it (every member null = exactly like boto3).</summary>
public sealed record RequestShape
{
    /// <summary>The X-Amz-Target value; <see cref="NoTarget"/> sends none.</summary>
    public string? Target { get; init; }

    public const string NoTarget = "\u0000none";

    public string ContentType { get; init; } = ApiClient.AmzJson;

    /// <summary>Send no Content-Type header at all.</summary>
    public bool NoContentType { get; init; }

    public string Method { get; init; } = "POST";
    public string Path { get; init; } = "/";

    /// <summary>Headers sent and signed.</summary>
    public IReadOnlyDictionary<string, string>? SignedHeaders { get; init; }

    /// <summary>Headers sent but not signed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? UnsignedHeaders { get; init; }

    public bool Sign { get; init; } = true;
    public DateTimeOffset? At { get; init; }
    public string Region { get; init; } = TestSigner.Region;
    public string Service { get; init; } = TestSigner.Service;
    public string? AccessKeyId { get; init; }
    public string? Secret { get; init; }
}

/// <summary>Signs (with the integration suite's independent SigV4 signer) and sends requests to one server address.</summary>
public sealed class ApiClient : IDisposable
{
    public const string AmzJson = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AWSPartnerCentralSelling.";

    private readonly Func<DateTimeOffset> _now;

    public ApiClient(Uri baseAddress, Func<DateTimeOffset> now, TimeSpan? timeout = null)
    {
        BaseAddress = baseAddress;
        _now = now;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // Send header values as UTF-8 rather than refusing non-ASCII ones (the fuzzer sends such targets on purpose).
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    public Task<ApiResponse> CallAsync(string operation, JsonNode body, TestAccount caller, CancellationToken ct = default) =>
        SendAsync(operation, Encoding.UTF8.GetBytes(body.ToJsonString()), caller, null, ct);

    public Task<ApiResponse> CallAsync(string operation, string body, TestAccount caller, CancellationToken ct = default) =>
        SendAsync(operation, Encoding.UTF8.GetBytes(body), caller, null, ct);

    public async Task<ApiResponse> SendAsync(string? operation, byte[] body, TestAccount caller, RequestShape? shape,
        CancellationToken ct = default)
    {
        using var request = Build(operation, body, caller, shape);
        return await SendAsync(request, ct);
    }

    /// <summary>The signed request; the signature covers every header of <see cref="RequestShape.SignedHeaders"/>.</summary>
    public HttpRequestMessage Build(string? operation, byte[] body, TestAccount caller, RequestShape? shape = null)
    {
        shape ??= new RequestShape();
        var target = shape.Target ?? (operation is null ? null : TargetPrefix + operation);
        if (target == RequestShape.NoTarget)
        {
            target = null;
        }
        // The path goes out exactly as given ("//", "/%2e%2e/"), not normalised by Uri.
        var uri = new Uri(BaseAddress.GetLeftPart(UriPartial.Authority) + shape.Path,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(new HttpMethod(shape.Method), uri) { Content = new ByteArrayContent(body) };
        var toSign = new Dictionary<string, string> { ["host"] = BaseAddress.Authority };
        if (!shape.NoContentType)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", shape.ContentType);
            toSign["content-type"] = shape.ContentType;
        }
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            toSign["x-amz-target"] = target;
        }
        foreach (var (name, value) in shape.SignedHeaders ?? new Dictionary<string, string>())
        {
            if (!name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
                && !request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            toSign[name.ToLowerInvariant()] = value;
        }
        var signature = TestSigner.Sign(shape.Method, shape.Path, toSign, body,
            shape.AccessKeyId ?? caller.AccessKeyId, shape.Secret ?? caller.SecretAccessKey, shape.At ?? _now(),
            shape.Region, shape.Service);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (shape.Sign)
        {
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        }
        foreach (var (name, value) in shape.UnsignedHeaders ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request, CancellationToken ct = default)
    {
        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }
        return new ApiResponse((int)response.StatusCode, headers, text);
    }

    public void Dispose() => Http.Dispose();
}
