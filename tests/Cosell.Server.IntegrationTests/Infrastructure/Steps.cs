using System.Text.Json.Nodes;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Common moves of a scenario, each asserting that the server accepted it.</summary>
public static class Steps
{
    /// <summary>Calls and requires 200 (the output shape is checked by CallAsync); returns the JSON body or null when empty.</summary>
    public static async Task<JsonNode?> OkAsync(this CosellServer server, string operation, JsonNode body, TestAccount caller)
    {
        var response = await server.CallAsync(operation, body, caller);
        Assert.True(response.Status == 200, $"{operation} as {caller.AccountId} should succeed, got {response}\nRequest: {body.ToJsonString()}");
        return response.Json;
    }

    public static async Task<string> CreateEngagementAsync(
        this CosellServer server, TestAccount creator, string catalog = RequestBodies.Sandbox, string title = "Acme data platform migration",
        params string[] contexts)
    {
        var body = RequestBodies.CreateEngagement(title, catalog: catalog,
            contexts: contexts.Length == 0 ? ["CustomerProject"] : contexts);
        var json = await server.OkAsync("CreateEngagement", body, creator);
        return (string)json!["Id"]!;
    }

    /// <summary>The titles of the caller's 100 newest Sandbox engagements (one just created is among them).</summary>
    public static async Task<List<string?>> NewestEngagementTitlesAsync(this CosellServer server, TestAccount caller) =>
        [.. (await server.OkAsync("ListEngagements", new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["MaxResults"] = 100 }, caller))!
            ["EngagementSummaryList"]!.AsArray().Select(e => (string?)e!["Title"])];

    /// <summary>An engagement with no context at all.</summary>
    public static async Task<string> CreateBareEngagementAsync(this CosellServer server, TestAccount creator, string catalog = RequestBodies.Sandbox)
    {
        var json = await server.OkAsync("CreateEngagement", RequestBodies.CreateEngagement(catalog: catalog), creator);
        return (string)json!["Id"]!;
    }

    public static async Task<string> InviteAsync(
        this CosellServer server, TestAccount sender, string engagementId, TestAccount receiver, bool lead = false)
    {
        var body = lead
            ? RequestBodies.LeadInvitation(engagementId, receiver.AccountId)
            : RequestBodies.OpportunityInvitation(engagementId, receiver.AccountId);
        var json = await server.OkAsync("CreateEngagementInvitation", body, sender);
        return (string)json!["Id"]!;
    }

    public static Task AcceptAsync(this CosellServer server, TestAccount receiver, string invitationId) =>
        server.OkAsync("AcceptEngagementInvitation", RequestBodies.Identify(invitationId), receiver);

    public static async Task<JsonObject> GetEngagementAsync(this CosellServer server, TestAccount caller, string engagementId) =>
        (await server.OkAsync("GetEngagement", RequestBodies.Identify(engagementId), caller))!.AsObject();

    public static async Task<JsonObject> GetInvitationAsync(this CosellServer server, TestAccount caller, string invitationId) =>
        (await server.OkAsync("GetEngagementInvitation", RequestBodies.Identify(invitationId), caller))!.AsObject();

    /// <summary>
    /// Requires an error in the awsJson1_0 form the real service sends (spec 04 §2, shared/wire/RESPONSES.md): the status,
    /// the namespaced <c>__type</c> and <c>x-amzn-ErrorType</c> of <see cref="ErrorWireForm"/>, <c>message</c> and
    /// <c>Message</c> with the same text, as <paramref name="contentType"/> (the path form's is application/json). Returns the body.
    /// </summary>
    public static JsonObject AssertError(this ApiResponse response, int status, string type, string contentType = "application/x-amz-json-1.0")
    {
        Assert.True(response.Status == status && response.ErrorType == type,
            $"expected HTTP {status} {type}, got {response}");
        var body = response.Json!.AsObject();
        Assert.Equal(ErrorWireForm.Type(type), response.RawErrorType);
        Assert.Equal(ErrorWireForm.Header(type), response.Header("x-amzn-ErrorType"));
        var message = (string?)body["message"];
        Assert.False(string.IsNullOrEmpty(message), $"error body has no 'message': {response.Body}");
        Assert.Equal(message, (string?)body["Message"]);
        Assert.StartsWith(contentType, response.Header("Content-Type"));
        return body;
    }

    /// <summary>A ValidationException with the given Reason; returns its ErrorList as (FieldName, Code) pairs.</summary>
    public static List<(string? Field, string Code)> AssertValidation(this ApiResponse response, string reason)
    {
        var body = response.AssertError(400, "ValidationException");
        Assert.Equal(reason, (string?)body["Reason"]);
        var list = body["ErrorList"]?.AsArray();
        Assert.True(list is { Count: > 0 }, $"ValidationException without an ErrorList: {response.Body}");
        return list!.Select(e => ((string?)e!["FieldName"], (string)e["Code"]!)).ToList();
    }

    /// <summary>Follows NextToken to the end, collecting <paramref name="itemsMember"/>'s items and each page's size.</summary>
    public static async Task<(List<JsonObject> Items, List<int> PageSizes)> ListAllAsync(
        this CosellServer server, string operation, JsonObject request, string itemsMember, TestAccount caller, int maxPages = 50)
    {
        var items = new List<JsonObject>();
        var sizes = new List<int>();
        var body = request.DeepClone().AsObject();
        for (var page = 0; page < maxPages; page++)
        {
            var json = (await server.OkAsync(operation, body, caller))!;
            var pageItems = json[itemsMember]?.AsArray().Select(n => n!.AsObject()).ToList() ?? [];
            items.AddRange(pageItems);
            sizes.Add(pageItems.Count);
            var next = (string?)json["NextToken"];
            if (next is null)
            {
                return (items, sizes);
            }
            body["NextToken"] = next;
        }
        throw new InvalidOperationException($"{operation} did not end within {maxPages} pages");
    }
}
