using Microsoft.AspNetCore.Http;

namespace Cosell.Protocol.AwsJson10;

public static class ContentTypes
{
    public const string AmzJson10 = "application/x-amz-json-1.0";
    public const string Json = "application/json";

    /// <summary>
    /// The type of an answer: awsJson1_0's for <c>POST /</c> (and Cosell's own endpoints under <c>/_cosell/</c>); the path
    /// form <c>POST /&lt;Operation&gt;</c> is the model's @http (REST) binding, and the real service answers it
    /// <c>application/json</c>, successes and errors alike (AWS's Postman collection, saved responses).
    /// </summary>
    public static string ForAnswerTo(HttpRequest request) =>
        request.Path.Value is "/" or null or "" || request.Path.StartsWithSegments("/_cosell", StringComparison.Ordinal) ? AmzJson10 : Json;
}
