using System.Text.Json.Nodes;

namespace Cosell.Codegen;

/// <summary>
/// Writes the botocore data files (service-2.json, paginators-1.json) that teach botocore releases older than the
/// service (Debian 12's boto3 1.26 and AWS CLI 2.9) the model the server serves, patches included: old botocore checks
/// request parameters against this model before sending, so a member it lacks cannot be sent at all.
/// </summary>
internal sealed class BotocoreGenerator(JsonObject shapes)
{
    /// <summary>Where the files go, relative to the repository root.</summary>
    public const string OutputDirectory = "clients/botocore-data/partnercentral-selling/2022-07-26";

    private static readonly string[] ResourceOperationKeys = ["create", "put", "read", "update", "delete", "list"];

    public SortedDictionary<string, string> Generate()
    {
        var (serviceId, service) = shapes.Single(kv => (string)kv.Value!["type"]! == "service");
        var botocoreShapes = new BotocoreShapes(shapes);

        var ops = new JsonObject();
        var pagination = new JsonObject();
        foreach (var id in OperationIds(service!.AsObject()).Distinct().OrderBy(BotocoreShapes.ShortName, StringComparer.Ordinal))
        {
            var name = BotocoreShapes.ShortName(id);
            var op = shapes[id]!.AsObject();
            ops[name] = Operation(name, op, botocoreShapes);
            if (Paginator(op, service["traits"]?["smithy.api#paginated"]) is { } paginator)
            {
                pagination[name] = paginator;
            }
        }

        var serviceModel = new JsonObject
        {
            ["version"] = "2.0",
            ["metadata"] = Metadata(BotocoreShapes.ShortName(serviceId), service.AsObject()),
            ["operations"] = ops,
            ["shapes"] = botocoreShapes.ToJson(),
        };
        return new(StringComparer.Ordinal)
        {
            ["service-2.json"] = PythonJsonWriter.Write(serviceModel),
            ["paginators-1.json"] = PythonJsonWriter.Write(new JsonObject { ["pagination"] = pagination }),
        };
    }

    private IEnumerable<string> OperationIds(JsonObject container)
    {
        foreach (var key in ResourceOperationKeys)
        {
            if (container[key]?["target"] is { } target)
            {
                yield return (string)target!;
            }
        }
        foreach (var key in new[] { "operations", "collectionOperations" })
        {
            foreach (var op in container[key]?.AsArray() ?? [])
            {
                yield return (string)op!["target"]!;
            }
        }
        foreach (var resource in container["resources"]?.AsArray() ?? [])
        {
            foreach (var id in OperationIds(shapes[(string)resource!["target"]!]!.AsObject()))
            {
                yield return id;
            }
        }
    }

    // Sorted keys, as in botocore's own files. Only awsJson1_0/1_1 with SigV4 is supported: the only protocol here.
    private static JsonObject Metadata(string serviceName, JsonObject service)
    {
        var traits = service["traits"]!.AsObject();
        var jsonVersion = traits.ContainsKey("aws.protocols#awsJson1_0") ? "1.0"
            : traits.ContainsKey("aws.protocols#awsJson1_1") ? "1.1"
            : throw new NotSupportedException($"{serviceName}: only the awsJson protocols are supported");
        var aws = traits["aws.api#service"]!;
        var endpointPrefix = (string)aws["endpointPrefix"]!;
        var version = (string)service["version"]!;
        return new JsonObject
        {
            ["apiVersion"] = version,
            ["auth"] = new JsonArray("aws.auth#sigv4"),
            ["endpointPrefix"] = endpointPrefix,
            ["jsonVersion"] = jsonVersion,
            ["protocol"] = "json",
            ["protocols"] = new JsonArray("json"),
            ["serviceFullName"] = traits["smithy.api#title"]?.DeepClone() ?? serviceName,
            ["serviceId"] = aws["sdkId"]!.DeepClone(),
            ["signatureVersion"] = "v4",
            ["signingName"] = traits["aws.auth#sigv4"]!["name"]!.DeepClone(),
            ["targetPrefix"] = serviceName,
            ["uid"] = $"{endpointPrefix}-{version}",
        };
    }

    // awsJson: every operation is a POST to "/" (the Smithy http trait's per-operation URI is not what the protocol sends).
    private static JsonObject Operation(string name, JsonObject op, BotocoreShapes botocoreShapes)
    {
        var result = new JsonObject
        {
            ["name"] = name,
            ["http"] = new JsonObject { ["method"] = "POST", ["requestUri"] = "/" },
        };
        foreach (var key in new[] { "input", "output" })
        {
            if (op[key]?["target"] is { } target && (string)target! != "smithy.api#Unit")
            {
                result[key] = new JsonObject { ["shape"] = botocoreShapes.Reference((string)target!) };
            }
        }
        if (op["errors"] is JsonArray { Count: > 0 } errors)
        {
            result["errors"] = new JsonArray(errors
                .Select(e => (JsonNode?)new JsonObject { ["shape"] = botocoreShapes.Reference((string)e!["target"]!) })
                .ToArray());
        }
        if (op["traits"]?["smithy.api#idempotent"] is not null)
        {
            result["idempotent"] = true;
        }
        return result;
    }

    // The operation's paginated trait over the service's (Smithy merges them member by member).
    private static JsonObject? Paginator(JsonObject op, JsonNode? serviceDefaults)
    {
        if (op["traits"]?["smithy.api#paginated"] is not JsonObject paginated)
        {
            return null;
        }
        var result = new JsonObject();
        foreach (var (smithyKey, botocoreKey) in new[] { ("inputToken", "input_token"), ("outputToken", "output_token"), ("pageSize", "limit_key"), ("items", "result_key") })
        {
            if ((paginated[smithyKey] ?? serviceDefaults?[smithyKey]) is { } value)
            {
                result[botocoreKey] = value.DeepClone();
            }
        }
        return result;
    }
}
