using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Model.Json;
using Microsoft.AspNetCore.Http;

namespace Cosell.Protocol.AwsJson10;

/// <summary>
/// Writes every failure in the awsJson1_0 error form the real service uses and all SDKs decode (shared/wire/RESPONSES.md): the
/// modeled status, a namespaced <c>__type</c> with the matching <c>x-amzn-ErrorType</c> header (<see cref="ErrorTypeForms"/>),
/// <c>message</c> and <c>Message</c> with the same text, and the modeled members (Reason, ErrorList).
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
        response.ContentType = ContentTypes.ForAnswerTo(http.Request);
        var form = ErrorTypeForms.For(error.Type);
        response.Headers["x-amzn-ErrorType"] = form.Header;
        var body = Serialize(error, form);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    // Member names encoded once: the writer would otherwise check every name for characters to escape on every error.
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("__type");
    private static readonly JsonEncodedText LowerMessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("Message");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("Reason");
    private static readonly JsonEncodedText ErrorListName = JsonEncodedText.Encode("ErrorList");
    private static readonly JsonEncodedText FieldNameName = JsonEncodedText.Encode("FieldName");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("Code");

    public static byte[] Serialize(ApiException error) => Serialize(error, ErrorTypeForms.For(error.Type));

    // The form is looked up once per answer: the header and the body both need it. The wire's escaping (WireJson):
    // validation messages quote Smithy patterns full of '+', '<' and '\'', and escaping them one by one with the default
    // encoder was a sixth of the CPU of a rejected request.
    private static byte[] Serialize(ApiException error, ErrorTypeForms.Form form) =>
        WireJson.Write((error, form), static (w, buffer, s) =>
        {
            var (error, form) = s;
            w.WriteStartObject();
            w.WriteString(TypeName, form.Body);
            // The message goes out twice: escaped once, its escaped bytes copied for the second member.
            w.WritePropertyName(LowerMessageName);
            w.Flush();
            var start = buffer.WrittenCount;
            w.WriteStringValue(error.Message);
            w.Flush();
            var escaped = buffer.WrittenSpan[start..].ToArray();
            w.WritePropertyName(MessageName);
            w.WriteRawValue(escaped, skipInputValidation: true);
            if (error.Reason is not null)
            {
                w.WriteString(ReasonName, error.Reason);
            }
            if (error.ErrorList is { } list)
            {
                w.WriteStartArray(ErrorListName);
                foreach (var e in list)
                {
                    w.WriteStartObject();
                    if (e.FieldName is not null)
                    {
                        w.WriteString(FieldNameName, e.FieldName);
                    }
                    w.WriteString(MessageName, e.Message);
                    w.WriteString(CodeName, e.Code);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
}
