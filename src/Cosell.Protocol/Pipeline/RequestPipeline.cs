using System.Buffers;
using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;
using Cosell.Model.Smithy;
using Cosell.Protocol.AwsJson10;
using Cosell.Protocol.Auth;
using Cosell.Protocol.Validation;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Cosell.Protocol.Pipeline;

/// <summary>
/// The whole request path, top to bottom (design.md "The request pipeline"): route, read, authenticate, parse, validate,
/// dispatch (bind, idempotency, handle, serialize). Every failure leaves through <see cref="ErrorWriter"/>.
/// </summary>
public sealed class RequestPipeline(
    SigV4Verifier verifier,
    RequestValidator validator,
    IOperationDispatcher dispatcher,
    RequestThrottle throttle,
    PipelineOptions options,
    ILogger<RequestPipeline> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        byte[]? rented = null;
        var length = 0;
        OperationDescriptor? operation = null;
        Caller? caller = null;
        var unanswered = false;
        try
        {
            // 1. Route
            operation = OperationRouter.Route(http.Request);

            // Read the body with a cap, so an oversized body is refused in the protocol's own error form.
            (rented, length) = await ReadBodyAsync(http);
            var body = new ReadOnlyMemory<byte>(rented, 0, length);

            // 2. Authenticate
            caller = verifier.Verify(ToSigV4Request(http.Request, body));

            // 3. Limit (the body cap was applied while reading)
            throttle.Check(caller, operation);

            // 4. Parse
            using var document = Parse(body);
            WellFormedText.CheckOrThrow(body.Span, document.RootElement);

            if (!dispatcher.IsImplemented(operation))
            {
                throw ApiException.NotImplemented(operation.Name);
            }

            // 5. Validate. A rejected request is an expected answer, not an exceptional one: it is written without a
            // throw (a throw and its unwind cost more than the rest of the rejection).
            if (validator.ValidationFailure(operation.InputShape, document.RootElement) is { } rejected)
            {
                await ErrorWriter.WriteAsync(http, rejected);
                return;
            }

            // 6-9. Bind, idempotency, handle, serialize
            var output = await dispatcher.DispatchAsync(operation, caller, document.RootElement, http.RequestAborted);
            await WriteSuccessAsync(http.Response, output, OperationRouter.SuccessStatus(http.Request, operation), http.RequestAborted);
        }
        catch (Exception e) when (ClientGone(http, e))
        {
            // Nothing to answer. A reset (an SDK giving up on a timeout) surfaced as an I/O error in the body read: it was
            // logged as an unhandled error with its stack trace, or answered 400 to nobody. Aborted, so that Kestrel does
            // not try to drain a body whose read failed (it logged that as an error with a stack trace too).
            unanswered = true;
            http.Abort();
        }
        catch (ApiException e)
        {
            await ErrorWriter.WriteAsync(http, e);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException { Source: "System.Text.Json" } or FormatException)
        {
            // Binding can still meet JSON the validator let through as text (e.g. a lone surrogate escape).
            await ErrorWriter.WriteAsync(http, ApiException.Serialization("The request body could not be read as the operation's input."));
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the body while it was read (malformed chunked framing, body too slow, ...): still a JSON 4xx.
            await ErrorWriter.WriteAsync(http, e.StatusCode switch
            {
                413 => TooLarge(),
                408 => new ApiException("RequestTimeoutException", 408, "The request body did not arrive in time."),
                _ => ApiException.Serialization("The request body could not be read: its HTTP framing is malformed."),
            });
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Path}", http.Request.Path.Value);
            await ErrorWriter.WriteAsync(http, ApiException.Unexpected());
        }
        finally
        {
            RequestLog.Write(logger, ShapeGraph.Instance, operation?.Name, operation?.InputShape, caller?.AccountId,
                caller?.AccessKeyId, caller is null ? http.Request.Headers.Authorization.ToString() : null,
                unanswered ? null : http.Response.StatusCode, http.Response.Headers["x-amzn-ErrorType"],
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                rented is null ? default : rented.AsSpan(0, length));
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether the client closed or reset its connection, which is what <paramref name="e"/> reports.</summary>
    private static bool ClientGone(HttpContext http, Exception e) =>
        e is ConnectionResetException
        || (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException) // BadHttpRequestException too
        // The client closed its side before the body's end: HTTP/1.1 leaves no way to answer the request it never finished.
        || (e is BadHttpRequestException && e.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal));

    /// <summary>
    /// Whether a refused body opened more than <paramref name="maxDepth"/> objects and arrays before it went wrong: the
    /// parser's exception says so only in its text. Read again on the error path only, without a depth limit.
    /// </summary>
    private static bool NestedDeeperThan(ReadOnlySpan<byte> body, int maxDepth)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    private JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            // SDKs always send at least "{}"; an empty body reads as an empty input, as the real service treats it.
            return JsonDocument.Parse("{}"u8.ToArray());
        }
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = options.MaxJsonDepth,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException e)
        {
            throw ApiException.Serialization(NestedDeeperThan(body.Span, options.MaxJsonDepth)
                ? $"The request body nests objects and arrays deeper than {options.MaxJsonDepth} levels."
                : e.LineNumber is { } line
                ? $"The request body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})."
                : DuplicateMember(e.Message) is { } name
                    ? $"The request body names the member '{name}' more than once in one object."
                    : "The request body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-member check decodes every member name while parsing, so a name holding an unpaired
            // surrogate escape fails here, before WellFormedText sees the document.
            throw WellFormedText.NotWellFormed();
        }
    }

    /// <summary>
    /// The name System.Text.Json's duplicate check reports (<c>Duplicate property 'X' encountered …</c>, which carries no
    /// position), or null for any other failure. Its text is the framework's, so anything else falls back to the plain answer.
    /// </summary>
    private static string? DuplicateMember(string message)
    {
        const string Start = "Duplicate property '";
        if (!message.StartsWith(Start, StringComparison.Ordinal))
        {
            return null;
        }
        var end = message.IndexOf("' encountered", Start.Length, StringComparison.Ordinal);
        // A model's member names are short; a long one is not echoed whole.
        return end <= Start.Length ? null : end - Start.Length > 64 ? message[Start.Length..(Start.Length + 64)] + "…" : message[Start.Length..end];
    }

    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext http)
    {
        var declared = http.Request.ContentLength;
        if (declared > options.MaxBodyBytes)
        {
            throw TooLarge();
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)(declared ?? 4096) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > options.MaxBodyBytes)
                    {
                        throw TooLarge();
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read;
                try
                {
                    read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted);
                }
                catch (IOException e) when (e is not BadHttpRequestException and not ConnectionResetException
                    && !http.RequestAborted.IsCancellationRequested)
                {
                    // Kestrel reports some broken framing (e.g. a chunk size that overflows) as a plain IOException.
                    throw ApiException.Serialization("The request body could not be read: its HTTP framing is malformed. " + e.Message);
                }
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > options.MaxBodyBytes)
                {
                    throw TooLarge();
                }
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private ApiException TooLarge() =>
        new("RequestEntityTooLargeException", 413, $"The request body is larger than {options.MaxBodyBytes} bytes.");

    private static SigV4Request ToSigV4Request(HttpRequest request, ReadOnlyMemory<byte> body) =>
        HttpSigV4Request.From(request, body);

    private static async Task WriteSuccessAsync(HttpResponse response, byte[]? output, int status, CancellationToken ct)
    {
        if (output is null && status == 204)
        {
            response.StatusCode = 204; // no body, so neither a content type nor a length (RFC 9110 §8.6)
            return;
        }
        response.StatusCode = 200;
        response.ContentType = ContentTypes.ForAnswerTo(response.HttpContext.Request);
        if (output is null)
        {
            response.ContentLength = 0;
            return;
        }
        response.ContentLength = output.Length;
        await response.Body.WriteAsync(output, ct);
    }
}
