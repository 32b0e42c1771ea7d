using System.Text.Json.Nodes;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Request bodies and moves of the three engagement tasks (spec 02 §8, 03 §2) and the lookups their tests repeat.</summary>
public static class TaskSteps
{
    public const string AcceptKind = "engagement-by-accepting-invitation-task";
    public const string SubmitKind = "engagement-from-opportunity-task";
    public const string ConvertKind = "opportunity-from-engagement-task";

    public const string TaskIdPattern = "^task-[0-9a-z]{13}$";
    public const string JobIdPattern = "^job-[0-9a-z]+$";
    public const string OpportunityIdPattern = "^O[0-9]{7,8}$";
    public const string EngagementIdPattern = "^eng-[0-9a-z]{14}$";
    public const string InvitationIdPattern = "^engi-[0-9a-z]{13}$";

    public static string TaskArn(string kind, string taskId, string catalog = RequestBodies.Sandbox) =>
        $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/{kind}/{taskId}";

    public static JsonObject AcceptTask(string invitation, string? token = null, string catalog = RequestBodies.Sandbox) => new()
    {
        ["Catalog"] = catalog, ["ClientToken"] = token ?? RequestBodies.NewToken(), ["Identifier"] = invitation,
    };

    public static JsonObject SubmitTask(
        string opportunityId, string? token = null, string catalog = RequestBodies.Sandbox, string involvement = "Co-Sell", string? visibility = "Full")
    {
        var submission = new JsonObject { ["InvolvementType"] = involvement };
        if (visibility is not null)
        {
            submission["Visibility"] = visibility;
        }
        return new JsonObject
        {
            ["Catalog"] = catalog, ["ClientToken"] = token ?? RequestBodies.NewToken(), ["Identifier"] = opportunityId, ["AwsSubmission"] = submission,
        };
    }

    public static JsonObject ConvertTask(string engagement, string context = "1", string? token = null, string catalog = RequestBodies.Sandbox) => new()
    {
        ["Catalog"] = catalog, ["ClientToken"] = token ?? RequestBodies.NewToken(), ["Identifier"] = engagement, ["ContextIdentifier"] = context,
    };

    /// <summary>StartEngagementByAcceptingInvitationTask, required to answer 200; returns the task.</summary>
    public static async Task<JsonObject> AcceptByTaskAsync(this CosellServer server, TestAccount receiver, string invitation) =>
        (await server.OkAsync("StartEngagementByAcceptingInvitationTask", AcceptTask(invitation), receiver))!.AsObject();

    /// <summary>StartEngagementFromOpportunityTask, required to answer 200; returns the task.</summary>
    public static async Task<JsonObject> SubmitByTaskAsync(
        this CosellServer server, TestAccount owner, string opportunityId, string catalog = RequestBodies.Sandbox) =>
        (await server.OkAsync("StartEngagementFromOpportunityTask", SubmitTask(opportunityId, catalog: catalog), owner))!.AsObject();

    /// <summary>StartOpportunityFromEngagementTask, required to answer 200; returns the task.</summary>
    public static async Task<JsonObject> ConvertByTaskAsync(this CosellServer server, TestAccount caller, string engagement, string context = "1") =>
        (await server.OkAsync("StartOpportunityFromEngagementTask", ConvertTask(engagement, context), caller))!.AsObject();

    /// <summary>A Sandbox opportunity of <paramref name="owner"/> submitted with StartEngagementFromOpportunityTask (COMPLETE required).</summary>
    public static async Task<(string Opportunity, string Engagement, JsonObject Task)> SubmittedOpportunityAsync(
        this CosellServer server, TestAccount owner, JsonObject? body = null)
    {
        var opportunity = await server.CreateOpportunityAsync(owner, body);
        var task = await server.SubmitByTaskAsync(owner, opportunity);
        Assert.True((string?)task["TaskStatus"] == "COMPLETE", $"the submission should complete: {task.ToJsonString()}");
        return (opportunity, (string)task["EngagementId"]!, task);
    }

    /// <summary>The ids of every opportunity <paramref name="caller"/> can list in the catalog (all pages).</summary>
    public static async Task<List<string>> OpportunityIdsAsync(this CosellServer server, TestAccount caller, string catalog = RequestBodies.Sandbox)
    {
        var (items, _) = await server.ListAllAsync("ListOpportunities",
            new JsonObject { ["Catalog"] = catalog, ["MaxResults"] = 100 }, "OpportunitySummaries", caller, maxPages: 200);
        return items.Select(i => (string)i["Id"]!).ToList();
    }

    public static async Task<string> ReviewStatusAsync(this CosellServer server, TestAccount owner, string opportunityId) =>
        (string)(await server.GetOpportunityAsync(owner, opportunityId))["LifeCycle"]!["ReviewStatus"]!;

    /// <summary>Every member of an engagement as the caller lists it (all pages).</summary>
    public static async Task<List<JsonObject>> MembersAsync(this CosellServer server, TestAccount caller, string engagement)
    {
        var (items, _) = await server.ListAllAsync("ListEngagementMembers",
            new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["Identifier"] = engagement }, "EngagementMemberList", caller);
        return items;
    }

    /// <summary>The invitations the caller sent (SENDER), optionally only those of one engagement.</summary>
    public static async Task<List<JsonObject>> SentInvitationsAsync(
        this CosellServer server, TestAccount sender, string? engagement = null, string catalog = RequestBodies.Sandbox)
    {
        var request = new JsonObject { ["Catalog"] = catalog, ["ParticipantType"] = "SENDER", ["MaxResults"] = 100 };
        if (engagement is not null)
        {
            request["EngagementIdentifier"] = RequestBodies.Array(engagement);
        }
        var (items, _) = await server.ListAllAsync("ListEngagementInvitations", request, "EngagementInvitationSummaries", sender);
        return items;
    }

    /// <summary>The invitations addressed to the caller (RECEIVER), optionally only those from the given senders.</summary>
    public static async Task<List<JsonObject>> ReceivedInvitationsAsync(this CosellServer server, TestAccount receiver, params string[] senders)
    {
        var request = new JsonObject { ["Catalog"] = RequestBodies.Sandbox, ["ParticipantType"] = "RECEIVER", ["MaxResults"] = 100 };
        if (senders.Length > 0)
        {
            request["SenderAwsAccountId"] = RequestBodies.Array(senders);
        }
        var (items, _) = await server.ListAllAsync("ListEngagementInvitations", request, "EngagementInvitationSummaries", receiver);
        return items;
    }

    /// <summary>Requires a FAILED task with the given ReasonCode and a message, and no snapshot job.</summary>
    public static void AssertFailed(JsonObject task, string reasonCode)
    {
        Assert.True((string?)task["TaskStatus"] == "FAILED" && (string?)task["ReasonCode"] == reasonCode,
            $"expected a FAILED task with ReasonCode {reasonCode}, got {task.ToJsonString()}");
        Assert.False(string.IsNullOrEmpty((string?)task["Message"]), $"a failed task carries a Message: {task.ToJsonString()}");
        Assert.Null(task["ResourceSnapshotJobId"]);
    }

    /// <summary>Requires a COMPLETE task without ReasonCode or Message.</summary>
    public static void AssertComplete(JsonObject task)
    {
        Assert.True((string?)task["TaskStatus"] == "COMPLETE", $"expected a COMPLETE task, got {task.ToJsonString()}");
        Assert.Null(task["ReasonCode"]);
        Assert.Null(task["Message"]);
    }
}
