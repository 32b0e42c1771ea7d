using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>The service's base exception, as the SDK generates one per service.</summary>
public class SellingServiceException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : AmazonServiceException(message, inner, type, code, requestId, status);

public sealed class ValidationException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : SellingServiceException(message, inner, type, code, requestId, status)
{
    public string? Reason { get; set; }
    public List<ValidationExceptionError> ErrorList { get; set; } = [];
}

public sealed class ValidationExceptionError
{
    public string? FieldName { get; set; }
    public string? Message { get; set; }
    public string? Code { get; set; }
}

public sealed class AccessDeniedException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : SellingServiceException(message, inner, type, code, requestId, status)
{
    public string? Reason { get; set; }
}

public sealed class ConflictException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : SellingServiceException(message, inner, type, code, requestId, status);

public sealed class ResourceNotFoundException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : SellingServiceException(message, inner, type, code, requestId, status);

public sealed class ThrottlingException(string message, Exception? inner, ErrorType type, string code, string requestId, HttpStatusCode status)
    : SellingServiceException(message, inner, type, code, requestId, status);

/// <summary>
/// Turns an error response into an exception the way the generated unmarshallers do: the SDK's own
/// <see cref="JsonErrorResponseUnmarshaller"/> finds the code (<c>__type</c> or the <c>x-amzn-ErrorType</c> header), the
/// message and the request id; the modelled members (Reason, ErrorList) are then read from a copy of the body. A code
/// the service does not model (the SigV4 errors, say) becomes the base exception with that code.
/// </summary>
internal static class SellingErrors
{
    public static AmazonServiceException Unmarshall(JsonUnmarshallerContext context, Exception? innerException, HttpStatusCode statusCode)
    {
        var reader = new StreamingUtf8JsonReader(context.Stream);
        var error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
        error.InnerException = innerException;
        error.StatusCode = statusCode;

        using var copy = new MemoryStream(context.GetResponseBodyBytes());
        using var copyContext = new JsonUnmarshallerContext(copy, false, context.ResponseData);
        var copyReader = new StreamingUtf8JsonReader(copy);
        return error.Code switch
        {
            "ValidationException" => Validation(copyContext, error, ref copyReader),
            "AccessDeniedException" => AccessDenied(copyContext, error, ref copyReader),
            "ConflictException" => new ConflictException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ResourceNotFoundException" => new ResourceNotFoundException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            "ThrottlingException" => new ThrottlingException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            _ => new SellingServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode),
        };
    }

    private static ValidationException Validation(JsonUnmarshallerContext context, ErrorResponse error, ref StreamingUtf8JsonReader reader)
    {
        var (reason, list) = ModeledMembers(context, ref reader);
        return new ValidationException(error.Message, error.InnerException, error.Type, error.Code, error.RequestId, error.StatusCode)
        {
            Reason = reason, ErrorList = list ?? [],
        };
    }

    private static AccessDeniedException AccessDenied(JsonUnmarshallerContext context, ErrorResponse error, ref StreamingUtf8JsonReader reader) =>
        new(error.Message, error.InnerException, error.Type, error.Code, error.RequestId, error.StatusCode)
        {
            Reason = ModeledMembers(context, ref reader).Reason,
        };

    /// <summary>The members the service's errors model beyond the message: Reason and (ValidationException only) ErrorList.</summary>
    private static (string? Reason, List<ValidationExceptionError>? ErrorList) ModeledMembers(
        JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader)
    {
        string? reason = null;
        List<ValidationExceptionError>? list = null;
        if (context.Stream.Length > 0)
        {
            context.Read(ref reader);
        }
        var depth = context.CurrentDepth;
        while (context.ReadAtDepth(depth, ref reader))
        {
            if (context.TestExpression("Reason", depth))
            {
                reason = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
            }
            else if (context.TestExpression("ErrorList", depth))
            {
                list = new JsonListUnmarshaller<ValidationExceptionError, ErrorEntryUnmarshaller>(ErrorEntryUnmarshaller.Instance).Unmarshall(context, ref reader);
            }
        }
        return (reason, list);
    }

    private sealed class ErrorEntryUnmarshaller : IJsonUnmarshaller<ValidationExceptionError, JsonUnmarshallerContext>
    {
        public static readonly ErrorEntryUnmarshaller Instance = new();

        public ValidationExceptionError Unmarshall(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader)
        {
            var entry = new ValidationExceptionError();
            context.Read(ref reader);
            var depth = context.CurrentDepth;
            while (context.ReadAtDepth(depth, ref reader))
            {
                if (context.TestExpression("FieldName", depth))
                {
                    entry.FieldName = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
                else if (context.TestExpression("Message", depth))
                {
                    entry.Message = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
                else if (context.TestExpression("Code", depth))
                {
                    entry.Code = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
            }
            return entry;
        }
    }
}
