using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cosell.Protocol.Auth;

public static class HttpSigV4Request
{
    /// <summary>
    /// The request as SigV4 sees it. SDKs sign the path and query as sent (still percent-encoded), so both come from
    /// the raw request target, not from the decoded Request.Path.
    /// </summary>
    public static SigV4Request From(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string rawPath, query;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawPath = (request.PathBase + request.Path).ToString();
            query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        }
        else
        {
            var target = OriginForm(rawTarget);
            var q = target.IndexOf('?', StringComparison.Ordinal);
            rawPath = q < 0 ? target : target[..q];
            query = q < 0 ? "" : target[(q + 1)..];
        }
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 2);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var v in values)
            {
                headers.Add(new(name, v ?? ""));
            }
        }
        return new SigV4Request(request.Method, rawPath, query, headers, body);
    }

    /// <summary>
    /// The path and query of a request target in absolute form (<c>http://host:port/path?query</c>, which a server must
    /// accept, RFC 9112 §3.2.2, and a forward proxy may pass on); the client signed only the path and query.
    /// </summary>
    private static string OriginForm(string rawTarget)
    {
        if (rawTarget.StartsWith('/'))
        {
            return rawTarget;
        }
        var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return rawTarget;
        }
        var end = rawTarget.IndexOfAny(['/', '?'], scheme + 3);
        return end < 0 ? "/" : rawTarget[end] == '?' ? "/" + rawTarget[end..] : rawTarget[end..];
    }
}
