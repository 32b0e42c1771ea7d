using Cosell.Service.Dispatch;
using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>Ids, ARNs and listing shared by the three engagement task kinds (spec 03 §2).</summary>
public static class Tasks
{
    /// <summary>The model's docs also mention an <c>oit-</c> prefix; the pattern and every capture use <c>task-</c> (spec 06 Q29).</summary>
    public static string NewId(OperationContext ctx) => Identifiers.Task.New(ctx.Ids);

    public static string Arn(string catalog, string kind, string id) => $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/{kind}/{id}";

    /// <summary>The task lists have no documented default page size; 20 like the other listings (spec README §6).</summary>
    public const int DefaultPageSize = 20;

    public static async Task<(IReadOnlyList<TaskRecord> Items, string? NextToken)> ListAsync(
        OperationContext ctx, string catalog, string kind, IReadOnlyList<string>? statuses, IReadOnlyList<string>? taskIds,
        IReadOnlyList<string>? opportunityIds, IReadOnlyList<string>? engagementIds, IReadOnlyList<string>? invitationIds,
        IReadOnlyList<string>? contextIds, bool ascending, int? maxResults, string? nextToken, CancellationToken ct)
    {
        var tasksResolved = taskIds.OrNull()?.Select(t => Arns.ResolveId(t, catalog, kind, "taskIdentifier")).ToList();
        var engagementsResolved = engagementIds.OrNull()?.Select(e => Arns.ResolveId(e, catalog, "engagement", "engagementIdentifier")).ToList();
        var invitationsResolved = invitationIds.OrNull()?.Select(i => Arns.ResolveId(i, catalog, "engagement-invitation", "engagementInvitationIdentifier")).ToList();
        var opportunities = opportunityIds.OrNull()?.Select(Arns.OpportunityIdOf).ToList();
        var scope = PageToken.Scope(ctx.Operation, ctx.AccountId, catalog, statuses.OrNull(), tasksResolved, opportunities,
            engagementsResolved, invitationsResolved, contextIds.OrNull(), ascending);
        var page = await ctx.Store.ListTasksAsync(new TaskQuery(catalog, kind, ctx.AccountId, statuses.OrNull(), tasksResolved,
            opportunities, engagementsResolved, invitationsResolved, contextIds.OrNull(), ascending,
            PageToken.Decode(nextToken, scope), maxResults ?? DefaultPageSize), ct);
        return (page.Items, page.Next is null ? null : PageToken.Encode(page.Next, scope));
    }
}
