using System.Buffers;
using System.Text.Encodings.Web;
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

    // Member names encoded once: the writer would otherwise check every name for characters to escape on every error.
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("__type");
    private static readonly JsonEncodedText LowerMessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("Message");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("Reason");
    private static readonly JsonEncodedText ErrorListName = JsonEncodedText.Encode("ErrorList");
    private static readonly JsonEncodedText FieldNameName = JsonEncodedText.Encode("FieldName");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("Code");

    // Escapes what JSON requires (quotes, backslash, control characters) and leaves the rest as UTF-8, as AWS's own error
    // bodies do. The default encoder also escapes HTML-sensitive characters ('+', '<', '\'', ...) and every non-ASCII
    // character: validation messages quote Smithy patterns full of them, and escaping them one by one was a sixth of the
    // CPU of a rejected request. Error bodies are never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(ApiException error)
    {
        // Sized for a typical validation error, so the writer does not grow its buffer several times per error.
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString(TypeName, error.Type);
            // The message goes out twice: escaped once.
            var message = JsonEncodedText.Encode(error.Message, WriterOptions.Encoder);
            w.WriteString(LowerMessageName, message);
            w.WriteString(MessageName, message);
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
        }
        return buffer.WrittenSpan.ToArray();
    }
}
