using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using Cosell.Model.Smithy;

namespace Cosell.Protocol.AwsJson10;

/// <summary>
/// How an error's name goes on the wire. The service's modeled errors as the real service writes them (spec 04 §2, from
/// saved responses): <c>__type</c> <c>com.amazon.partnerintegrationapi.common#Name</c>, header
/// <c>Name:http://internal.amazon.com/coral/com.amazon.partnerintegrationapi.common/</c>. The errors of AWS's request
/// layer that the model does not define (the SigV4 failures, SerializationException, UnknownOperationException, ...) in
/// the same form with that layer's namespace, <c>com.amazon.coral.service</c>, as AWS's JSON services write them (the
/// spec is silent: our choice). Every SDK strips the namespace from <c>__type</c> and reads the body before the header
/// (wire notes E02, E05, E08); no suffix goes into <c>__type</c>, which botocore 1.29 would keep (E03).
/// </summary>
public static class ErrorTypeForms
{
    public const string ServiceNamespace = "com.amazon.partnerintegrationapi.common";
    public const string RequestLayerNamespace = "com.amazon.coral.service";

    private static readonly FrozenSet<string> Modeled = ShapeGraph.Instance.Operations.Values
        .SelectMany(o => o.Errors).Select(id => id[(id.IndexOf('#') + 1)..]).ToFrozenSet(StringComparer.Ordinal);

    // Built once per name: an error answer is on the refused-request path, which the benchmark measures.
    private static readonly ConcurrentDictionary<string, Form> Forms = new(StringComparer.Ordinal);

    /// <summary>The <c>__type</c> value, encoded once, and the <c>x-amzn-ErrorType</c> header.</summary>
    public sealed record Form(JsonEncodedText Body, string Header);

    public static Form For(string name) => Forms.GetOrAdd(name, static n =>
    {
        var ns = Modeled.Contains(n) ? ServiceNamespace : RequestLayerNamespace;
        var type = ns + "#" + n;
        return new Form(JsonEncodedText.Encode(type), n + ":http://internal.amazon.com/coral/" + ns + "/");
    });

    /// <summary>The bare name in a <c>__type</c> or <c>x-amzn-ErrorType</c> value, as SDKs read it.</summary>
    public static string Name(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var bare = colon >= 0 ? value[..colon] : value;
        return bare[(bare.IndexOf('#', StringComparison.Ordinal) + 1)..];
    }
}
