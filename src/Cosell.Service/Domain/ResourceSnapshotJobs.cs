using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// Resource snapshot jobs (spec 03 §4): Stopped when created, Running after Start; Stop and Delete as the state machine
/// allows. A running job "executes" whenever its resource may have changed: it compares what the template would copy now
/// with the latest snapshot and takes a new revision only when they differ. Executions run as the account's
/// ResourceSnapshotJobRole (§6): without one set, the execution fails and the job records why in LastFailure.
/// </summary>
public static class ResourceSnapshotJobs
{
    public static string NewId(OperationContext ctx) => "job-" + ctx.Ids.Random(13);

    /// <summary>Account-owned: the ARN carries the owner (spec README §4).</summary>
    public static string Arn(string catalog, string ownerAccountId, string id) =>
        $"arn:aws:partnercentral:us-east-1:{ownerAccountId}:catalog/{catalog}/resource-snapshot-job/{id}";

    public static string Arn(ResourceSnapshotJobRecord job) => Arn(job.Catalog, job.OwnerAccountId, job.Id);

    /// <summary>ListResourceSnapshotJobs pages hold 100 by default (the model's default trait; spec 06 Q24).</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The caller's job; another account's, an unknown or a deleted one is not found.</summary>
    public static async Task<ResourceSnapshotJobRecord> LoadAsync(OperationContext ctx, string catalog, string id, CancellationToken ct) =>
        await ctx.Store.GetSnapshotJobAsync(catalog, ctx.AccountId, id, ct) is { Deleted: false } job ? job : throw NotFound(catalog, id);

    private static ApiException NotFound(string catalog, string id) =>
        ApiException.NotFound($"Resource snapshot job {id} was not found in catalog {catalog}.");

    /// <summary>
    /// A new, Stopped job for the caller's opportunity in the engagement (membership, ownership and template checked by the
    /// caller). A second job for the same engagement, resource and template is a conflict (spec 03 §4).
    /// </summary>
    public static async Task<ResourceSnapshotJobRecord> CreateAsync(
        OperationContext ctx, SnapshotKey key, IReadOnlyList<Tag>? tags, CancellationToken ct)
    {
        if (await ctx.Store.FindSnapshotJobAsync(key, ctx.AccountId, ct) is { } existing)
        {
            throw ApiException.Conflict(
                $"Resource snapshot job {existing.Id} already snapshots {key.ResourceType} {key.ResourceId} with template {key.TemplateName} in engagement {key.EngagementId}.");
        }
        return await InsertAsync(ctx, key, tags, ct);
    }

    private static async Task<ResourceSnapshotJobRecord> InsertAsync(
        OperationContext ctx, SnapshotKey key, IReadOnlyList<Tag>? tags, CancellationToken ct)
    {
        var job = new ResourceSnapshotJobRecord
        {
            Catalog = key.Catalog,
            Id = NewId(ctx),
            OwnerAccountId = ctx.AccountId,
            EngagementId = key.EngagementId,
            ResourceType = key.ResourceType,
            ResourceId = key.ResourceId,
            TemplateName = key.TemplateName,
            CreatedAt = ctx.Now,
            Status = ResourceSnapshotJobStatus.Stopped,
            Tags = tags is { Count: > 0 } ? tags : null,
            Version = 1,
        };
        await ctx.Store.InsertSnapshotJobAsync(job, ct);
        return job;
    }

    /// <summary>
    /// What the engagement tasks do after linking an opportunity to an engagement (spec 03 §2: CreateResourceSnapshot, then
    /// CreateResourceSnapshotJob + StartResourceSnapshotJob): an OpportunitySummaryView snapshot, and a new running job on
    /// it carrying <paramref name="tags"/>, also when an earlier task made one: real submissions of a converted lead
    /// answered with a job other than the conversion's (the AWS sample's steps 5 and 10; the LeadToOpportunity folder of
    /// AWS's Postman samples). Jobs on one opportunity take one revision per change between them: the first to execute
    /// takes it, the others find it current. Only CreateResourceSnapshotJob refuses a second job (spec 03 §4).
    /// </summary>
    public static async Task<ResourceSnapshotJobRecord> ShareAsync(
        OperationContext ctx, string engagementId, OpportunityRecord opportunity, IReadOnlyList<Tag>? tags, CancellationToken ct)
    {
        var engagement = await ctx.Store.GetEngagementAsync(opportunity.Catalog, engagementId, ct)
            ?? throw ApiException.Internal($"Engagement {engagementId} disappeared while it was being shared into.");
        var key = new SnapshotKey(engagement.Catalog, engagement.Id, ResourceSnapshots.OpportunityResourceType, opportunity.Id,
            ResourceSnapshots.OpportunitySummaryView);
        // A running job has already taken this change's revision (the opportunity was saved first): a second, identical
        // one would repeat its Snapshot Created events (one snapshot per submission, DG:events).
        if (await ctx.Store.GetSnapshotAsync(key, null, ct) is not { } latest || !ResourceSnapshots.IsCurrent(latest, engagement, opportunity))
        {
            await ResourceSnapshots.TakeAsync(ctx, engagement, opportunity, ResourceSnapshots.OpportunitySummaryView, ct);
        }
        return await StartAsync(ctx, await InsertAsync(ctx, key, tags, ct), ct);
    }

    /// <summary>
    /// Stopped → Running, then one execution (nothing is taken when the latest snapshot is current). Running stays Running;
    /// a Running job whose latest execution failed executes once more, so that starting it again after fixing the cause (the
    /// role set with PutSellingSystemSettings, say) brings the members' snapshot up to date without a change of the
    /// opportunity.
    /// </summary>
    public static async Task<ResourceSnapshotJobRecord> StartAsync(OperationContext ctx, ResourceSnapshotJobRecord job, CancellationToken ct)
    {
        if (job.Status == ResourceSnapshotJobStatus.Running && !job.Failing)
        {
            return job;
        }
        // The opportunity first: every path that changes a job holds its opportunity before the job (see ChangeAsync).
        var opportunity = await ctx.Store.GetOpportunityAsync(job.Catalog, job.OwnerAccountId, job.ResourceId, ct);
        // A job read again after a concurrent change may have been deleted meanwhile: then Start comes after the delete.
        var started = await ChangeAsync(ctx, job,
            j => j.Deleted ? throw NotFound(j.Catalog, j.Id)
                : j.Status == ResourceSnapshotJobStatus.Running ? null : j with { Status = ResourceSnapshotJobStatus.Running, StartedAt = ctx.Now }, ct);
        return opportunity is { Hidden: false } && started.Status == ResourceSnapshotJobStatus.Running
            ? await ExecuteAsync(ctx, started, opportunity, starting: true, ct)
            : started;
    }

    /// <summary>
    /// Running → Stopped. A job that never ran cannot be stopped (ValidationException INVALID_RESOURCE_STATE); one that ran
    /// and is Stopped again stays so (the operation is idempotent) — spec 06 Q12.
    /// </summary>
    public static async Task StopAsync(OperationContext ctx, ResourceSnapshotJobRecord job, CancellationToken ct)
    {
        if (job.StartedAt is null)
        {
            throw ApiException.Business("resourceSnapshotJobIdentifier", "INVALID_RESOURCE_STATE",
                $"Resource snapshot job {job.Id} was never started; start it before stopping it.");
        }
        await ChangeAsync(ctx, job,
            j => j.Deleted ? throw NotFound(j.Catalog, j.Id)
                : j.Status == ResourceSnapshotJobStatus.Running ? j with { Status = ResourceSnapshotJobStatus.Stopped } : null, ct);
    }

    /// <summary>Only a Stopped job can be deleted: a Running one is a ConflictException (spec 03 §4). Deleting a deleted job succeeds.</summary>
    public static Task DeleteAsync(OperationContext ctx, ResourceSnapshotJobRecord job, CancellationToken ct) =>
        ChangeAsync(ctx, job, j => j.Deleted ? null
            : j.Status == ResourceSnapshotJobStatus.Running
                ? throw ApiException.Conflict($"Resource snapshot job {j.Id} is Running; stop it before deleting it.")
                : j with { Deleted = true }, ct);

    /// <summary>
    /// The hook of every opportunity change (<see cref="Opportunities.SaveAsync"/>): each Running job of the opportunity's
    /// owner on it executes once.
    /// </summary>
    public static async Task OnOpportunityChangedAsync(OperationContext ctx, OpportunityRecord opportunity, CancellationToken ct)
    {
        var jobs = await ctx.Store.ListRunningSnapshotJobsAsync(
            opportunity.Catalog, opportunity.OwnerAccountId, ResourceSnapshots.OpportunityResourceType, opportunity.Id, ct);
        foreach (var job in jobs)
        {
            await ExecuteAsync(ctx, job, opportunity, starting: false, ct);
        }
    }

    /// <summary>
    /// One execution: a new revision when the template's fields differ from the latest snapshot (or there is none yet).
    /// It fails, recorded in LastFailure, when the owner has no ResourceSnapshotJobRole, is no longer a member of the
    /// engagement, or the lead engagement has no room for the CustomerProject context a snapshot adds; the AWS view waits
    /// (no execution) until there is an AWS opportunity. The execution a start makes is recorded even when the snapshot
    /// is current (LastSuccessfulExecutionDate, or LastFailure), so a job's health shows from its start; those an
    /// opportunity change makes are recorded only when they take a snapshot or their outcome changes.
    /// </summary>
    public static async Task<ResourceSnapshotJobRecord> ExecuteAsync(
        OperationContext ctx, ResourceSnapshotJobRecord job, OpportunityRecord opportunity, bool starting, CancellationToken ct)
    {
        var latest = await ctx.Store.GetSnapshotAsync(job.Key, null, ct);
        if (job.TemplateName == ResourceSnapshots.AwsOpportunitySummaryFullView && !ResourceSnapshots.HasAwsOpportunity(opportunity))
        {
            return job; // nothing to copy yet: the AWS opportunity appears with the submission
        }
        var current = latest is not null && ResourceSnapshots.SamePayload(latest.Payload, ResourceSnapshots.Payload(opportunity, job.TemplateName));
        if (current && !starting && !job.Failing)
        {
            return job;
        }
        // Nothing to take when current; a failure recorded earlier is over once its cause is (the role set, say),
        // although the snapshot it missed was taken some other way meanwhile (CreateResourceSnapshot).
        var failure = await FailureAsync(ctx, job, ct);
        if (failure is not null)
        {
            return await ChangeAsync(ctx, job,
                j => j.Deleted || (j.Failing && j.LastFailure == failure) ? null : j with { LastFailure = failure, Recovered = false }, ct);
        }
        if (!current)
        {
            var engagement = (await ctx.Store.GetEngagementAsync(job.Catalog, job.EngagementId, ct))!;
            await ResourceSnapshots.TakeAsync(ctx, engagement, opportunity, job.TemplateName, ct);
        }
        return await ChangeAsync(ctx, job,
            j => j.Deleted ? null : j with { LastSuccessfulExecutionDate = ctx.Now, Recovered = j.LastFailure is not null }, ct);
    }

    private static async Task<string?> FailureAsync(OperationContext ctx, ResourceSnapshotJobRecord job, CancellationToken ct)
    {
        var settings = await ctx.Store.GetSellingSystemSettingsAsync(job.OwnerAccountId, job.Catalog, ct);
        if (settings?.ResourceSnapshotJobRoleArn is null)
        {
            return $"No ResourceSnapshotJobRoleArn is set for account {job.OwnerAccountId} in catalog {job.Catalog}; " +
                "the job runs as that role: set it with PutSellingSystemSettings.";
        }
        var engagement = await ctx.Store.GetEngagementAsync(job.Catalog, job.EngagementId, ct);
        if (engagement is null || !engagement.IsMember(job.OwnerAccountId))
        {
            return $"Account {job.OwnerAccountId} is not a member of engagement {job.EngagementId}.";
        }
        // A job runs in the background: what CreateResourceSnapshot refuses with ServiceQuotaExceededException is this
        // execution's LastFailure, not an error of the request that set it off (UpdateOpportunity, StartResourceSnapshotJob).
        return ResourceSnapshots.NoRoomForCustomerProject(engagement);
    }

    /// <summary>Each refusal means another request's change went in first, so up to this many writers of one job at once all get through.</summary>
    private const int MaxChangeAttempts = 16;

    /// <summary>
    /// Applies <paramref name="change"/> (null: nothing to do) to the job and stores it. Jobs are read without a row lock,
    /// so that every path takes its locks in one order (opportunity, engagement, then the job as it is written): when
    /// another request changed the job first, it is read again and the change decided anew, so Start, Stop, Delete and
    /// the tag operations stay correct under concurrency.
    /// </summary>
    internal static async Task<ResourceSnapshotJobRecord> ChangeAsync(
        OperationContext ctx, ResourceSnapshotJobRecord job, Func<ResourceSnapshotJobRecord, ResourceSnapshotJobRecord?> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (change(job) is not { } changed)
            {
                return job;
            }
            if (await ctx.Store.UpdateSnapshotJobAsync(changed, job.Version, ct))
            {
                return changed with { Version = job.Version + 1 };
            }
            if (attempt == MaxChangeAttempts)
            {
                throw ApiException.Conflict($"Resource snapshot job {job.Id} was changed by other requests meanwhile; retry.");
            }
            job = await ctx.Store.GetSnapshotJobAsync(job.Catalog, job.OwnerAccountId, job.Id, ct) ?? throw NotFound(job.Catalog, job.Id);
        }
    }

    public static GetResourceSnapshotJobResponse View(ResourceSnapshotJobRecord job) => new()
    {
        Catalog = job.Catalog,
        Id = job.Id,
        Arn = Arn(job),
        EngagementId = job.EngagementId,
        ResourceType = ResourceType.Create(job.ResourceType),
        ResourceId = job.ResourceId,
        ResourceArn = Arns.Opportunity(job.Catalog, job.OwnerAccountId, job.ResourceId),
        ResourceSnapshotTemplateName = job.TemplateName,
        CreatedAt = job.CreatedAt,
        Status = job.Status,
        LastSuccessfulExecutionDate = job.LastSuccessfulExecutionDate,
        LastFailure = job.LastFailure,
    };
}
