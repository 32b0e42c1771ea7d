using System.Security.Cryptography;
using System.Text;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;
using Cosell.Service.Domain.Events;
using Cosell.Service.Operations.Contexts;

namespace Cosell.Service.Domain;

/// <summary>
/// StartProspectingFromEngagementTask (spec 01 §5). The emulator has no AWS prospecting model behind it, so each result is
/// synthetic and says so: derived only from the engagement's id and its customer (company, industry, country from its
/// CustomerProject or Lead context), it is the same for the same engagement every time, and its profile summary begins
/// with "[Synthetic]". Engagements succeed or fail one by one; the task runs to completion in the request.
/// </summary>
public static class Prospecting
{
    public const string Kind = "prospecting-from-engagement-task";

    public const string SyntheticMarker = "[Synthetic]";

    /// <summary>No page size is documented (the model says "service-defined"); 20 as the other task lists (spec README §6).</summary>
    public const int DefaultPageSize = 20;

    private static readonly string[] Scores = ["Low", "Medium", "High"];

    private static readonly (string Category, string SubCategory)[] Solutions =
    [
        ("Data and Analytics", "Data Warehousing"),
        ("Migration", "Application Migration"),
        ("Security", "Identity and Access"),
        ("Machine Learning", "Generative AI"),
        ("DevOps", "Continuous Delivery"),
        ("Storage", "Backup and Recovery"),
    ];

    private static readonly string[] Programs = ["MAP", "ISV Accelerate", "Greenfield Acceleration", "Migration Acceleration", "POC Funding"];

    private static readonly string[] Sizes = ["1-50", "51-200", "201-1000", "1001-5000", "5000+"];

    /// <summary>
    /// Processes one engagement of the task, named by its plain id (no ARN: API reference, StartProspectingFromEngagementTask
    /// Identifiers): the caller must be a member; the result becomes a ProspectingResult context (an earlier one from
    /// prospecting is replaced in place, so repeated prospecting does not use up the five contexts).
    /// </summary>
    public static async Task<EngagementProspectingResult> ProspectAsync(
        OperationContext ctx, string catalog, string id, ProspectingTaskRecord task, CancellationToken ct)
    {
        var engagement = await ctx.Store.GetEngagementAsync(catalog, id, ct);
        if (engagement is null)
        {
            return Failed(id, ReasonCode.EngagementValidationFailed.Value, $"Engagement {id} was not found in catalog {catalog}.");
        }
        if (!engagement.IsMember(ctx.AccountId))
        {
            return Failed(id, ReasonCode.EngagementAccessDenied.Value, $"Account {ctx.AccountId} is not a member of engagement {id}.");
        }
        var payload = new EngagementContextPayload { ProspectingResult = new ProspectingResult { Aws = Result(engagement, task) } };
        var existing = engagement.Contexts.FirstOrDefault(c => c.Type == EngagementContextType.ProspectingResult);
        string contextId;
        if (existing is not null)
        {
            var updated = engagement.ChangedBy(ctx.AccountId, ctx.Now) with
            {
                Contexts = engagement.Contexts.Select(c => c.Id == existing.Id ? c with { Payload = payload } : c).ToList(),
            };
            if (!await ctx.Store.UpdateEngagementAsync(updated, engagement.Version, ct))
            {
                throw ApiException.Conflict($"Engagement {engagement.Id} was changed by another request; retry.");
            }
            Emit.EngagementUpdated(ctx, updated);
            contextId = existing.Id!;
        }
        else if (engagement.Contexts.Count >= EngagementContexts.MaxContexts)
        {
            return Failed(id, ReasonCode.ServiceQuotaExceeded.Value,
                $"Engagement {id} already has {EngagementContexts.MaxContexts} contexts; the ProspectingResult context does not fit.");
        }
        else
        {
            (_, contextId) = await CreateEngagementContextHandler.AddAsync(ctx, engagement, EngagementContextType.ProspectingResult, payload, ct);
        }
        return new EngagementProspectingResult { EngagementIdentifier = id, EngagementContextId = contextId, Status = ProspectingTaskStatus.Completed };
    }

    /// <summary>The synthetic prospecting result for the engagement: a pure function of the engagement's id and customer.</summary>
    public static ProspectingResultAws Result(EngagementRecord engagement, ProspectingTaskRecord task)
    {
        var (company, industry, country) = CustomerOf(engagement);
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(engagement.Catalog + "/" + engagement.Id + "/" + company));
        var solution = Solutions[seed[2] % Solutions.Length];
        var (geo, region, subRegion) = Geography(country);
        return new ProspectingResultAws
        {
            Customer = new ProspectingResultCustomer
            {
                AccountName = company ?? $"Synthetic account of {engagement.Id}",
                Geo = geo,
                Region = region,
                SubRegion = subRegion,
                Country = country,
                Industry = industry,
                SubIndustry = industry is { } i ? i.Value + " (general)" : null,
                Segment = seed[3] % 2 == 0 ? "Commercial" : "Enterprise",
                CompanySize = Sizes[seed[4] % Sizes.Length],
                EligiblePrograms = [Programs[seed[5] % Programs.Length], Programs[(seed[5] + 1 + seed[6] % (Programs.Length - 1)) % Programs.Length]],
                PublicProfileSummary = $"{SyntheticMarker} Generated by Cosell, not AWS data: a profile for {company ?? engagement.Id}" +
                    (industry is { } ind ? $" in {ind.Value}" : "") + (country is { } c ? $" ({c.Value})" : "") + ".",
            },
            Insights = new ProspectingInsights
            {
                MarketplaceEngagementScore = Scores[seed[0] % Scores.Length],
                SolutionScore = Scores[seed[1] % Scores.Length],
                SolutionCategory = solution.Category,
                SolutionSubCategory = solution.SubCategory,
            },
            StartTime = task.StartTime,
            EndTime = task.StartTime,
            TaskId = task.Id,
            TaskArn = Arn(task.Catalog, task.Id),
            TaskName = task.TaskName,
        };
    }

    public static string Arn(string catalog, string id) => Tasks.Arn(catalog, Kind, id);

    /// <summary>
    /// Prospecting task ids have 14 characters after "task-", one more than the other task kinds' (API reference:
    /// GetProspectingFromEngagementTask, TaskIdentifier); they are drawn from the same alphabet.
    /// </summary>
    public static string NewId(OperationContext ctx) => "task-" + ctx.Ids.Random(14);

    /// <summary>The whole task FAILED only when it had engagements and every one of them failed; its reason is theirs when they agree.</summary>
    public static ProspectingTaskRecord Finish(ProspectingTaskRecord task, IReadOnlyList<EngagementProspectingResult> results, DateTimeOffset now)
    {
        var allFailed = results.Count > 0 && results.All(r => r.Status == ProspectingTaskStatus.Failed);
        var reasons = results.Select(r => r.ReasonCode).Distinct().ToList();
        return task with
        {
            Engagements = results,
            EndTime = now,
            Status = allFailed ? ProspectingTaskStatus.Failed : ProspectingTaskStatus.Completed,
            ReasonCode = allFailed ? (reasons.Count == 1 ? reasons[0] : ReasonCode.EngagementValidationFailed.Value) : null,
            Message = allFailed ? $"No engagement could be prospected: {results[0].Message}" + (results.Count > 1 ? $" (and {results.Count - 1} more)" : "") : null,
        };
    }

    private static EngagementProspectingResult Failed(string identifier, string reason, string message) =>
        new() { EngagementIdentifier = identifier, Status = ProspectingTaskStatus.Failed, ReasonCode = reason, Message = message };

    private static (string? Company, Industry? Industry, CountryCode? Country) CustomerOf(EngagementRecord engagement)
    {
        foreach (var c in engagement.Contexts)
        {
            if (c.Payload?.CustomerProject?.Customer is { } customer)
            {
                return (customer.CompanyName, customer.Industry, customer.CountryCode);
            }
        }
        foreach (var c in engagement.Contexts)
        {
            if (c.Payload?.Lead?.Customer is { } lead)
            {
                return (lead.CompanyName, LeadCustomers.Industry(lead.Industry), LeadCustomers.Country(lead.Address?.CountryCode));
            }
        }
        return (null, null, null);
    }

    private static (string Geo, string Region, string SubRegion) Geography(CountryCode? country) => country?.Value switch
    {
        "US" => ("AMER", "North America", "US"),
        "CA" => ("AMER", "North America", "Canada"),
        "BR" or "AR" or "CL" or "CO" or "MX" or "PE" => ("AMER", "Latin America", country!.Value.Value),
        "GB" or "IE" => ("EMEA", "Europe", "UK and Ireland"),
        "DE" or "AT" or "CH" => ("EMEA", "Europe", "DACH"),
        "FR" or "ES" or "IT" or "PT" or "NL" or "BE" or "SE" or "NO" or "DK" or "FI" or "PL" => ("EMEA", "Europe", country!.Value.Value),
        "AE" or "SA" or "ZA" or "NG" or "EG" or "IL" => ("EMEA", "Middle East and Africa", country!.Value.Value),
        "JP" => ("APJ", "Japan", "Japan"),
        "IN" => ("APJ", "India", "India"),
        "AU" or "NZ" => ("APJ", "ANZ", country!.Value.Value),
        "CN" or "KR" or "SG" or "ID" or "MY" or "TH" or "VN" or "PH" => ("APJ", "Asia", country!.Value.Value),
        null => ("Global", "Unknown", "Unknown"),
        _ => ("Global", "Other", country!.Value.Value),
    };
}
