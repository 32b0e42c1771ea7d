using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Model;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>
/// What an UpdateOpportunity changes and whether the current ReviewStatus allows it (spec 03 §1.1). Changes are found by
/// comparing the partner-editable members as JSON, so FieldNames are the dotted lowerCamelCase request paths; an empty
/// list or object counts as absent, so a GetOpportunity echo changes nothing.
/// </summary>
public static class OpportunityEdits
{
    /// <summary>The only members a partner may change while AWS asks for action (DG:updates; M LifeCycle.ReviewStatus).</summary>
    public static readonly IReadOnlyList<string> EditableWhenActionRequired =
    [
        "customer.account.address.city",
        "customer.account.address.countryCode",
        "customer.account.address.postalCode",
        "customer.account.address.stateOrRegion",
        "customer.account.address.streetAddress",
        "customer.account.websiteUrl",
        "lifeCycle.targetCloseDate",
        "project.expectedCustomerSpend",
        "project.customerBusinessProblem",
        "partnerOpportunityIdentifier",
    ];

    /// <summary>
    /// Members frozen once AWS approved the opportunity (DG:updates), and two more a public integration found frozen in
    /// the real Sandbox (May 2026): the customer's company name and the whole SoftwareRevenue block.
    /// </summary>
    public static readonly IReadOnlyList<string> FrozenWhenApproved =
    [
        "customer.account.address.countryCode",
        "customer.account.address.postalCode",
        "customer.account.companyName",
        "customer.account.industry",
        "customer.account.websiteUrl",
        "project.customerBusinessProblem",
        "partnerOpportunityIdentifier",
        "project.title",
        "softwareRevenue",
    ];

    /// <summary>
    /// What a Launched opportunity still takes. AWS's CRM field table (aws-samples partner-crm-integration-samples,
    /// Opportunity-Fields.csv, with each field's API name) allows updates "up until Launched/Lost" and, after Launched,
    /// only these two (for ISV partners) and SoftwareRevenue (for SaaS revenue recognition partners), which stays frozen
    /// here as <see cref="FrozenWhenApproved"/> says. A Closed Lost one takes nothing.
    /// </summary>
    public static readonly IReadOnlyList<string> EditableWhenLaunched = ["project.deliveryModels", "project.additionalComments"];

    private const string StagePath = "lifeCycle.stage";

    private const string PartnerIdPath = "partnerOpportunityIdentifier";

    /// <summary>
    /// What every update must name, although CreateOpportunity takes an opportunity without it: the stage (a public
    /// integration quotes the real service's refusal of an update without it, 2026; full replacement would otherwise leave
    /// an opportunity without a stage, which AWS never holds) and the marketing source (REQUIRED_FIELD_MISSING on
    /// marketing.source since May 2026, as another integration records; a third names Marketing among the members an
    /// update must carry). And what <paramref name="stored"/> holds of what AWS requires of an opportunity it receives
    /// (<see cref="OpportunityRules.MissingForAws"/>, Cosell's choice of members): that third integration, in production,
    /// had a LifeCycle-only update refused with REQUIRED_FIELD_MISSING for the Customer (it names no member), and a
    /// fourth says a required member left blank on update is REQUIRED_FIELD_MISSING, not an erasure. Members the
    /// opportunity never held may stay out (it was created without them). Listed together, as the validator lists a
    /// request's violations.
    /// </summary>
    public static void CheckRequiredOnUpdate(OpportunityRecord stored, UpdateOpportunityRequest update)
    {
        var missing = new List<FieldError>();
        if (update.LifeCycle?.Stage is null)
        {
            missing.Add(Required(StagePath));
        }
        if (update.Marketing?.Source is null)
        {
            missing.Add(Required("marketing.source"));
        }
        var lacking = OpportunityRules.MissingForAws(stored.Customer, stored.Project, update.NationalSecurity == NationalSecurity.Yes)
            .Select(m => m.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, _) in OpportunityRules.MissingForAws(update.Customer, update.Project, update.NationalSecurity == NationalSecurity.Yes))
        {
            if (!lacking.Contains(field))
            {
                missing.Add(Required(field));
            }
        }
        // The same integration and another (2026) record an update without the primary needs refused, AWS reading the
        // omission as a move to For Visibility Only (which its CRM field table forbids once an opportunity is Co-Sell).
        // Neither limits the refusal to a review status, so a draft cannot drop them either; it can change them.
        if (stored.PrimaryNeedsFromAws is { Count: > 0 } && update.PrimaryNeedsFromAws is not { Count: > 0 })
        {
            missing.Add(Required("primaryNeedsFromAws"));
        }
        if (missing.Count > 0)
        {
            throw ApiException.BusinessInvalid(missing);
        }
    }

    private static FieldError Required(string path) => new(path, $"{path} is required", "REQUIRED_FIELD_MISSING");

    /// <summary>The dotted paths whose values differ between the stored opportunity and the update (read-only members excluded).</summary>
    public static IReadOnlyList<string> ChangedFields(OpportunityRecord stored, UpdateOpportunityRequest update)
    {
        var changed = new List<string>();
        Diff(Content(AsUpdate(stored)), Content(update), "", changed);
        // Supplying a member every update must name (CheckRequiredOnUpdate) that the opportunity lacks (created without a
        // marketing source, or left without a stage by an older build) is not a change the review status forbids: without
        // this, such an opportunity could take no update, nor a Sandbox review, once it left Pending Submission.
        if (stored.Marketing?.Source is null)
        {
            changed.Remove("marketing.source");
        }
        if (stored.LifeCycle.Stage is null)
        {
            changed.Remove(StagePath);
        }
        changed.RemoveAll(p => OpportunityDefaults.OnlyFillsAnOlderRecord(stored, update, p));
        return changed;
    }

    /// <summary>
    /// Refuses changes the status does not allow (BUSINESS / ACTION_NOT_PERMITTED, one entry per field). Submitted,
    /// In review and Rejected opportunities take no update at all; a Sandbox review simulation (<paramref name="reviewSimulation"/>)
    /// may still move their status, as long as it changes nothing else.
    /// </summary>
    public static void CheckAllowed(OpportunityRecord stored, IReadOnlyList<string> changed, bool reviewSimulation)
    {
        var status = stored.ReviewStatus;
        // A Launched or Closed Lost refusal names the stage: Approved alone would not explain it.
        var state = status.Value;
        List<string> refused;
        if (status == ReviewStatus.PendingSubmission)
        {
            // Everything else is the partner's to change before submission, but not the stage: two public integrations
            // quote this refusal from the real service (2026), against the developer guide's "fully editable".
            if (changed.Contains(StagePath))
            {
                throw ApiException.Business(StagePath, "ACTION_NOT_PERMITTED",
                    "You can not update the stage when Opportunity status is Pending Submission");
            }
            return;
        }
        if (status == ReviewStatus.ActionRequired)
        {
            refused = changed.Where(p => !EditableWhenActionRequired.Any(a => Covers(a, p))).ToList();
        }
        else if (status == ReviewStatus.Approved && stored.LifeCycle.Stage is { } stage && (stage == Stage.Launched || stage == Stage.ClosedLost))
        {
            state = stage.Value;
            refused = changed.Where(p => stage == Stage.ClosedLost || !EditableWhenLaunched.Any(a => Covers(a, p))).ToList();
        }
        else if (status == ReviewStatus.Approved)
        {
            refused = changed.Where(p => FrozenWhenApproved.Any(f => Covers(f, p))).ToList();
            // The partner's own id may be given once: an AWS referral is Approved when accepted, without one. The developer
            // guide freezes the member once approved; AWS's CRM field table asks for it on every update up until Launched.
            // Both hold if setting an absent id is not a change of it (an id set is then frozen as the guide says).
            if (string.IsNullOrEmpty(stored.PartnerOpportunityIdentifier))
            {
                refused.Remove(PartnerIdPath);
            }
        }
        else
        {
            if (!reviewSimulation || status == ReviewStatus.Rejected)
            {
                // The real service's words, as a public integration quotes them (2026).
                throw ApiException.Business(null, "ACTION_NOT_PERMITTED",
                    $"Opportunity {stored.Id} cannot be modified in Submitted, Rejected or In review status (it is {status}).");
            }
            refused = [.. changed];
        }
        if (refused.Count > 0)
        {
            // UpdateOpportunity replaces the whole opportunity: a member left out counts as a change to it.
            var errors = refused.Select(p => new FieldError(p,
                $"{p} cannot be changed while the opportunity is {state} (a member left out is a change: send it back as GetOpportunity returns it).",
                "ACTION_NOT_PERMITTED")).ToList();
            throw ApiException.BusinessInvalid(errors,
                $"Opportunity {stored.Id} is {state}; these fields cannot be changed now: {string.Join(", ", refused)}.");
        }
    }

    /// <summary>The stored opportunity as the UpdateOpportunity request that would leave it unchanged.</summary>
    public static UpdateOpportunityRequest AsUpdate(OpportunityRecord o) => new()
    {
        Catalog = o.Catalog,
        Identifier = o.Id,
        LastModifiedDate = o.LastModifiedDate,
        PrimaryNeedsFromAws = o.PrimaryNeedsFromAws,
        NationalSecurity = o.NationalSecurity,
        PartnerOpportunityIdentifier = o.PartnerOpportunityIdentifier,
        Customer = o.Customer,
        Project = o.Project,
        OpportunityType = o.OpportunityType,
        Marketing = o.Marketing,
        SoftwareRevenue = o.SoftwareRevenue,
        LifeCycle = o.LifeCycle,
    };

    /// <summary>Whether <paramref name="changed"/> (from <see cref="ChangedFields"/>) holds <paramref name="member"/> or a part of it.</summary>
    public static bool Changes(IReadOnlyList<string> changed, string member) => changed.Any(p => Covers(member, p));

    private static bool Covers(string prefix, string path) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static JsonNode? Content(UpdateOpportunityRequest request)
    {
        var lifeCycle = request.LifeCycle is { } l
            ? l with { ReviewStatus = null, ReviewComments = null, ReviewStatusReason = null, NextStepsHistory = null }
            : null;
        var node = JsonSerializer.SerializeToNode(
            request with { Catalog = "", Identifier = "", LastModifiedDate = default, LifeCycle = lifeCycle },
            ModelJsonContext.Default.UpdateOpportunityRequest)!.AsObject();
        node.Remove("Catalog");
        node.Remove("Identifier");
        node.Remove("LastModifiedDate");
        return node;
    }

    private static void Diff(JsonNode? a, JsonNode? b, string path, List<string> changed)
    {
        a = JsonContent.Empty(a) ? null : a;
        b = JsonContent.Empty(b) ? null : b;
        if (a is null && b is null)
        {
            return;
        }
        if (a is JsonObject or null && b is JsonObject or null)
        {
            var left = a as JsonObject ?? [];
            var right = b as JsonObject ?? [];
            var names = left.Select(p => p.Key).ToList();
            names.AddRange(right.Select(p => p.Key).Where(n => !names.Contains(n)));
            foreach (var name in names)
            {
                Diff(left[name], right[name], Join(path, name), changed);
            }
            return;
        }
        if (a is JsonArray leftList && b is JsonArray rightList && leftList.Count == rightList.Count)
        {
            for (var i = 0; i < leftList.Count; i++)
            {
                Diff(leftList[i], rightList[i], path, changed);
            }
            return;
        }
        if (!JsonNode.DeepEquals(a, b) && !SameAmount(a, b, path) && !changed.Contains(path))
        {
            changed.Add(path);
        }
    }

    /// <summary>
    /// Amounts are numbers written as text: "1000" sent back for a stored "1000.00" (a CRM's decimal field) is the same
    /// amount, not a change a frozen member refuses.
    /// </summary>
    private static bool SameAmount(JsonNode? a, JsonNode? b, string path) =>
        path.EndsWith(".amount", StringComparison.Ordinal)
        && a is JsonValue left && left.TryGetValue<string>(out var x) && b is JsonValue right && right.TryGetValue<string>(out var y)
        && Amounts.Value(x) is { } value && Amounts.Value(y) == value;

    private static string Join(string path, string member)
    {
        var camel = char.ToLowerInvariant(member[0]) + member[1..];
        return path.Length == 0 ? camel : path + "." + camel;
    }
}
