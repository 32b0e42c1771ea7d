using System.Text.Json;
using Cosell.Model.Contracts;
using Microsoft.AspNetCore.Http;

namespace Cosell.Protocol.AwsJson10;

/// <summary>
/// Writes every failure in the awsJson1_0 error form all SDKs decode (shared/wire/RESPONSES.md): the modeled status, a bare
/// <c>__type</c> (old botocore cannot strip a namespace suffix), <c>message</c> and <c>Message</c> with the same text, and the
/// modeled members (Reason, ErrorList).
/// </summary>
public static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext http, ApiException error)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }
        response.StatusCode = error.StatusCode;
        response.ContentType = ContentTypes.AmzJson10;
        response.Headers["x-amzn-ErrorType"] = error.Type;
        var body = Serialize(error);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    public static byte[] Serialize(ApiException error)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("__type", error.Type);
            w.WriteString("message", error.Message);
            w.WriteString("Message", error.Message);
            if (error.Reason is not null)
            {
                w.WriteString("Reason", error.Reason);
            }
            if (error.ErrorList is { } list)
            {
                w.WriteStartArray("ErrorList");
                foreach (var e in list)
                {
                    w.WriteStartObject();
                    if (e.FieldName is not null)
                    {
                        w.WriteString("FieldName", e.FieldName);
                    }
                    w.WriteString("Message", e.Message);
                    w.WriteString("Code", e.Code);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
