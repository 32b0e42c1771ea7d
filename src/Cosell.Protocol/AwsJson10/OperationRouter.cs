using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Operations;
using Cosell.Model.Smithy;
using Microsoft.AspNetCore.Http;

namespace Cosell.Protocol.AwsJson10;

/// <summary>
/// awsJson1_0 routing: <c>POST /</c> with <c>X-Amz-Target: AWSPartnerCentralSelling.&lt;Op&gt;</c>; the real service also
/// answers <c>POST /&lt;Op&gt;</c> (every operation carries an @http binding; spec README §1), so that form is accepted too.
/// </summary>
public static class OperationRouter
{
    private const string TargetPrefix = "AWSPartnerCentralSelling.";

    public static OperationDescriptor Route(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            throw new ApiException("UnknownOperationException", 404, $"No operation answers {request.Method} {request.Path}; the API takes POST requests.");
        }
        var path = request.Path.Value ?? "/";
        string? name;
        if (path == "/")
        {
            string? target = request.Headers["X-Amz-Target"];
            if (string.IsNullOrEmpty(target))
            {
                throw ApiException.UnknownOperation("The request has no X-Amz-Target header naming the operation.");
            }
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw ApiException.UnknownOperation("The X-Amz-Target header does not name an operation of AWSPartnerCentralSelling.");
            }
            name = target[TargetPrefix.Length..];
            CheckContentType(request, ContentTypes.AmzJson10);
        }
        else
        {
            name = path[1..];
            CheckContentType(request, null);
        }
        // Ordinal dictionary lookup: names such as "toString" or "__proto__" are simply unknown.
        if (!OperationTable.All.TryGetValue(name, out var op))
        {
            // An endpoint URL with a path (http://host:port/prefix) sends every call to POST /prefix: say what was read.
            throw ApiException.UnknownOperation(path == "/"
                ? "The operation named by the request is not part of AWSPartnerCentralSelling."
                : $"The path {path} names no operation of AWSPartnerCentralSelling: send POST / with X-Amz-Target (an endpoint URL without a path), or POST /<Operation>.");
        }
        return op;
    }

    /// <summary>
    /// The status of a success: 200 for awsJson routing, whatever the model says; the path form answers as the
    /// operation's @http binding does (204 for the snapshot-job operations without output, spec README §1).
    /// </summary>
    public static int SuccessStatus(HttpRequest request, OperationDescriptor op) =>
        request.Path.Value is "/" or null ? 200
        : ShapeGraph.Instance.TryGetOperation(op.Name, out var shape) ? shape.HttpCode : 200;

    private static void CheckContentType(HttpRequest request, string? required)
    {
        var type = request.ContentType;
        var media = type is null ? null : type.Split(';', 2)[0].Trim();
        // Media types compare without regard to case (RFC 9110 §8.3.1).
        var ok = required is null
            ? string.Equals(media, ContentTypes.AmzJson10, StringComparison.OrdinalIgnoreCase)
              || string.Equals(media, ContentTypes.Json, StringComparison.OrdinalIgnoreCase)
            : string.Equals(media, required, StringComparison.OrdinalIgnoreCase);
        if (!ok)
        {
            throw new ApiException("UnsupportedMediaTypeException", 415,
                $"The request's Content-Type must be {required ?? ContentTypes.AmzJson10 + " or " + ContentTypes.Json}.");
        }
    }
}
