using System.Globalization;
using System.Text;

namespace Cosell.Model.Contracts;

/// <summary>One entry of a ValidationException's ErrorList.</summary>
public sealed record FieldError(string? FieldName, string Message, string Code)
{
    /// <summary>A malformed member, in the Coral form every REQUEST_VALIDATION_FAILED entry takes: <c>Value at 'path' failed to satisfy constraint: …</c>.</summary>
    public static FieldError Constraint(string path, string constraint, string code) =>
        new(path, $"Value at '{path}' failed to satisfy constraint: {constraint}", code);

    /// <summary>A pattern constraint as Coral words it, for <see cref="Constraint"/> and the model-driven validator alike.</summary>
    public static string PatternConstraint(string pattern) => "Member must satisfy regular expression pattern: " + pattern;

    /// <summary>A required member absent, worded as Coral words it (<c>Value null at 'path' …</c>).</summary>
    public static FieldError Missing(string path) =>
        new(path, $"Value null at '{path}' failed to satisfy constraint: Member must not be null", "REQUIRED_FIELD_MISSING");
}

/// <summary>
/// Every failure the API answers with. <see cref="Type"/> is the error's bare name (the protocol layer adds the namespace
/// on the wire); <see cref="StatusCode"/> is the modeled HTTP status.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(string type, int statusCode, string message, string? reason = null,
        IReadOnlyList<FieldError>? errorList = null)
        : base(message)
    {
        Type = type;
        StatusCode = statusCode;
        Reason = reason;
        ErrorList = errorList;
    }

    public string Type { get; }
    public int StatusCode { get; }
    public string? Reason { get; }
    public IReadOnlyList<FieldError>? ErrorList { get; }

    public const string RequestValidationFailed = "REQUEST_VALIDATION_FAILED";
    public const string BusinessValidationFailed = "BUSINESS_VALIDATION_FAILED";

    public static ApiException Validation(string reason, string message, IReadOnlyList<FieldError> errors) =>
        new("ValidationException", 400, message, reason, errors);

    /// <summary>A malformed request (REQUEST_VALIDATION_FAILED): the entries, summed up in Coral's summary line.</summary>
    public static ApiException RequestInvalid(IReadOnlyList<FieldError> errors) =>
        Validation(RequestValidationFailed, SummaryLine(errors), errors);

    /// <summary>One malformed member (see <see cref="FieldError.Constraint"/>).</summary>
    public static ApiException RequestInvalid(string path, string constraint, string code) =>
        RequestInvalid([FieldError.Constraint(path, constraint, code)]);

    /// <summary><c>N validation errors detected: m1; m2</c> (singular for one), the Coral summary line.</summary>
    public static string SummaryLine(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var sb = new StringBuilder();
        sb.Append(errors.Count.ToString(CultureInfo.InvariantCulture))
            .Append(errors.Count == 1 ? " validation error detected: " : " validation errors detected: ");
        for (var i = 0; i < errors.Count; i++)
        {
            if (i > 0)
            {
                sb.Append("; ");
            }
            sb.Append(errors[i].Message);
        }
        return sb.ToString();
    }

    /// <summary>A single business rule failure on one field.</summary>
    public static ApiException Business(string? fieldName, string code, string message) =>
        BusinessInvalid([new FieldError(fieldName, message, code)]);

    /// <summary>
    /// Business rule failures (BUSINESS_VALIDATION_FAILED). The message starts with the first entry's code, as the real
    /// service's does: CRM integrations tell a review lock from a bad value by finding ACTION_NOT_PERMITTED in the message
    /// (public integrations and their recorded answers), not only in the ErrorList.
    /// </summary>
    public static ApiException BusinessInvalid(IReadOnlyList<FieldError> errors, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count);
        return Validation(BusinessValidationFailed, $"{errors[0].Code}: {message ?? errors[0].Message}", errors);
    }

    public static ApiException AccessDenied(string message) => new("AccessDeniedException", 403, message);
    public static ApiException NotFound(string message) => new("ResourceNotFoundException", 404, message);
    public static ApiException Conflict(string message) => new("ConflictException", 409, message);
    public static ApiException QuotaExceeded(string message) => new("ServiceQuotaExceededException", 402, message);
    public static ApiException Throttling(string message) => new("ThrottlingException", 429, message);
    public static ApiException Internal(string message) => new("InternalServerException", 500, message);

    /// <summary>What a client is told about a failure of the server's own (its detail goes to the log only).</summary>
    public static ApiException Unexpected() => Internal("The server met an internal error. Retry the request.");

    public static ApiException Serialization(string message) => new("SerializationException", 400, message);
    public static ApiException UnknownOperation(string message) => new("UnknownOperationException", 400, message);
    public static ApiException NotImplemented(string operation) =>
        new("NotImplementedException", 501, $"Cosell does not implement {operation} yet.");

    // SigV4 failures use the names AWS front ends use; the SDKs surface them as generic service errors.
    public static ApiException MissingAuthenticationToken(string message) => new("MissingAuthenticationTokenException", 403, message);
    public static ApiException IncompleteSignature(string message) => new("IncompleteSignatureException", 400, message);
    public static ApiException UnrecognizedClient(string message) => new("UnrecognizedClientException", 403, message);
    public static ApiException InvalidSignature(string message) => new("InvalidSignatureException", 403, message);
}
