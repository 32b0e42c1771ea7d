namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The <c>__type</c> and <c>x-amzn-ErrorType</c> values the real service sends, written out from spec 04 §2 (saved
/// responses): the model's errors in <c>com.amazon.partnerintegrationapi.common</c>, the request layer's errors (SigV4,
/// SerializationException, UnknownOperationException, ...) in <c>com.amazon.coral.service</c>, as AWS's JSON services do.
/// </summary>
public static class ErrorWireForm
{
    private static readonly HashSet<string> Modeled =
    [
        "ValidationException", "AccessDeniedException", "ResourceNotFoundException", "ConflictException",
        "ServiceQuotaExceededException", "ThrottlingException", "InternalServerException",
    ];

    private static string Namespace(string name) =>
        Modeled.Contains(name) ? "com.amazon.partnerintegrationapi.common" : "com.amazon.coral.service";

    public static string Type(string name) => Namespace(name) + "#" + name;

    public static string Header(string name) => name + ":http://internal.amazon.com/coral/" + Namespace(name) + "/";
}
