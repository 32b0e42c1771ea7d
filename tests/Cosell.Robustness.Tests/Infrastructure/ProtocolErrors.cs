using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;

namespace Cosell.Robustness.Tests.Infrastructure;

/// <summary>The awsJson1_0 error form every SDK decodes (shared/wire/RESPONSES.md).</summary>
public static class ProtocolErrors
{
    /// <summary>
    /// Null when <paramref name="response"/> is an error in the protocol's form: a JSON content type, a JSON object with
    /// the service's namespaced <c>__type</c> (<see cref="ErrorWireForm"/>), a non-empty <c>message</c> equal to
    /// <c>Message</c>, the matching <c>x-amzn-ErrorType</c>, and an <c>x-amzn-RequestId</c>. Otherwise what is wrong.
    /// </summary>
    public static string? Problem(ApiResponse response, string? path = null)
    {
        if (response.Header("x-amzn-RequestId") is not { Length: > 0 })
        {
            return "no x-amzn-RequestId header";
        }
        // awsJson's type answers POST /; the path form (another path) is answered application/json, as AWS answers it.
        // Every SDK decodes both (shared/wire/RESPONSES.md, E15). Without the request's path either is taken.
        var targetForm = path?.Split('?', 2)[0] == "/";
        if (response.Header("Content-Type") is not { } type
            || !(type.StartsWith(ApiClient.AmzJson, StringComparison.Ordinal)
                || (!targetForm && type.StartsWith("application/json", StringComparison.Ordinal))))
        {
            return $"Content-Type is '{response.Header("Content-Type")}'";
        }
        if (response.Json is not JsonObject body)
        {
            return "the body is not a JSON object";
        }
        var name = response.ErrorType;
        if (string.IsNullOrEmpty(name) || response.RawErrorType != ErrorWireForm.Type(name))
        {
            return $"__type '{response.RawErrorType}' is not the service's form of an error name";
        }
        if ((string?)body["message"] is not { Length: > 0 } message || (string?)body["Message"] != message)
        {
            return "message/Message missing or different";
        }
        if (response.Header("x-amzn-ErrorType") != ErrorWireForm.Header(name))
        {
            return $"x-amzn-ErrorType '{response.Header("x-amzn-ErrorType")}' does not match __type '{response.RawErrorType}'";
        }
        return null;
    }

    /// <summary>Requires an error in the protocol's form with the given status and (when given) name; returns its body.</summary>
    public static JsonObject Assert(ApiResponse response, int status, string? type = null)
    {
        Xunit.Assert.True(response.Status == status && (type is null || response.ErrorType == type),
            $"expected HTTP {status} {type}, got {response}");
        var problem = Problem(response);
        Xunit.Assert.True(problem is null, $"{problem}: {response}");
        return response.Json!.AsObject();
    }
}
