using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// TagResource, UntagResource and ListTagsForResource (spec 03 §7). The ARN names the resource: the model's
/// TaggableResourceArn pattern already requires an account-bearing <c>catalog/{C}/…</c> ARN, so engagement, invitation
/// and task ARNs never get here. Of the account-owned resources, opportunities and resource snapshot jobs take tags;
/// another account's resource, like an unknown one, is not found (spec 06 Q3). Tags live in the resource's own record.
/// </summary>
public static class TaggableResources
{
    /// <summary>Most tags one resource carries (the model's TagList bound; inferred for the total).</summary>
    public const int MaxTagsPerResource = 200;

    private const string ArnField = "resourceArn";

    public sealed record Target(string Catalog, string Kind, string Id);

    public static Target Parse(OperationContext ctx, string arn)
    {
        // arn:aws:partnercentral:{region}:{account}:catalog/{catalog}/{kind}/{id}
        var parts = arn.Split(':', 6);
        var path = parts.Length == 6 ? parts[5].Split('/') : [];
        if (parts.Length != 6 || path.Length != 4 || path[0] != "catalog")
        {
            throw NotTaggable(arn);
        }
        var (partition, region, account, catalog, kind, id) = (parts[1], parts[3], parts[4], path[1], path[2], path[3]);
        if (catalog is not ("AWS" or "Sandbox"))
        {
            throw ApiException.RequestInvalid(ArnField, "Member must name the catalog AWS or Sandbox", "INVALID_VALUE");
        }
        if (kind is not ("opportunity" or "resource-snapshot-job"))
        {
            throw NotTaggable(arn);
        }
        if (partition != "aws" || region != "us-east-1" || account != ctx.AccountId)
        {
            throw NotFound(arn);
        }
        return new Target(catalog, kind, id);
    }

    public static async Task<IReadOnlyList<Tag>> ListAsync(OperationContext ctx, string arn, CancellationToken ct)
    {
        var target = Parse(ctx, arn);
        return target.Kind == "opportunity"
            ? (await LoadOpportunityAsync(ctx, target, arn, ct)).Tags ?? []
            : (await LoadJobAsync(ctx, target, arn, ct)).Tags ?? [];
    }

    /// <summary>Applies <paramref name="change"/> to the resource's tags and stores them; the resource's own LastModifiedDate does not move.</summary>
    public static async Task ChangeAsync(
        OperationContext ctx, string arn, Func<IReadOnlyList<Tag>, IReadOnlyList<Tag>> change, CancellationToken ct)
    {
        var target = Parse(ctx, arn);
        if (target.Kind == "opportunity")
        {
            var o = await LoadOpportunityAsync(ctx, target, arn, ct);
            var tags = change(o.Tags ?? []);
            if (!await ctx.Store.UpdateOpportunityAsync(o with { Tags = tags.Count == 0 ? null : tags }, o.Version, ct))
            {
                throw ApiException.Conflict($"Opportunity {o.Id} was changed by another request; retry.");
            }
            return;
        }
        // Jobs are read without a row lock (see ResourceSnapshotJobs): a concurrent change makes the store refuse the
        // version, and the tags are then worked out again on the job as it is now, as Start, Stop and Delete do.
        await ResourceSnapshotJobs.ChangeAsync(ctx, await LoadJobAsync(ctx, target, arn, ct), job =>
        {
            if (job.Deleted)
            {
                throw NotFound(arn);
            }
            var tags = change(job.Tags ?? []);
            return job with { Tags = tags.Count == 0 ? null : tags };
        }, ct);
    }

    /// <summary>New values replace those of the same key; the total stays within <see cref="MaxTagsPerResource"/>.</summary>
    public static IReadOnlyList<Tag> Merge(IReadOnlyList<Tag> current, IReadOnlyList<Tag> added)
    {
        CheckNew(added, "tags");
        var merged = current.ToList();
        foreach (var tag in added)
        {
            var i = merged.FindIndex(t => t.Key == tag.Key);
            if (i >= 0)
            {
                merged[i] = tag;
            }
            else
            {
                merged.Add(tag);
            }
        }
        if (merged.Count > MaxTagsPerResource)
        {
            throw ApiException.Business("tags", "TOO_MANY_VALUES",
                $"A resource carries at most {MaxTagsPerResource} tags; this request would give it {merged.Count}.");
        }
        return merged;
    }

    /// <summary>
    /// Keys the resource does not carry are ignored, but not reserved ones: AWS's tagging convention lets nobody remove an
    /// <c>aws:</c> key (inferred, as for <see cref="CheckNew"/>), so asking to is refused rather than passed over.
    /// </summary>
    public static IReadOnlyList<Tag> Remove(IReadOnlyList<Tag> current, IReadOnlyList<string> keys)
    {
        if (keys.FirstOrDefault(IsReserved) is { } reserved)
        {
            throw ApiException.Business("tagKeys", "INVALID_VALUE", $"Tag keys beginning with aws: are reserved for AWS ({reserved}).");
        }
        return current.Where(t => !keys.Contains(t.Key)).ToList();
    }

    private static bool IsReserved(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Tags a request adds (TagResource, and the Tags of the operations that create taggable resources): a key at most once
    /// per request, and none in the reserved <c>aws:</c> prefix (AWS's tagging convention; inferred).
    /// </summary>
    public static void CheckNew(IReadOnlyList<Tag>? tags, string fieldName)
    {
        if (tags is null)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (!seen.Add(tag.Key))
            {
                throw ApiException.Business(fieldName + ".key", "DUPLICATE_KEY_VALUE", $"The tag key {tag.Key} appears more than once.");
            }
            if (IsReserved(tag.Key))
            {
                throw ApiException.Business(fieldName + ".key", "INVALID_VALUE", $"Tag keys beginning with aws: are reserved for AWS ({tag.Key}).");
            }
        }
    }

    private static async Task<OpportunityRecord> LoadOpportunityAsync(OperationContext ctx, Target target, string arn, CancellationToken ct) =>
        await ctx.Store.GetOpportunityAsync(target.Catalog, ctx.AccountId, target.Id, ct) is { Hidden: false } o ? o : throw NotFound(arn);

    private static async Task<ResourceSnapshotJobRecord> LoadJobAsync(OperationContext ctx, Target target, string arn, CancellationToken ct) =>
        await ctx.Store.GetSnapshotJobAsync(target.Catalog, ctx.AccountId, target.Id, ct) is { Deleted: false } job ? job : throw NotFound(arn);

    private static ApiException NotFound(string arn) => ApiException.NotFound($"Resource {arn} was not found.");

    private static ApiException NotTaggable(string arn) =>
        ApiException.Business(ArnField, "INVALID_VALUE",
            $"{arn} is not the ARN of a taggable resource; opportunities and resource snapshot jobs take tags.");
}
