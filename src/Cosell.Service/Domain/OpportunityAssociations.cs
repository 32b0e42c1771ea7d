using System.Text.RegularExpressions;
using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Domain;

/// <summary>
/// AssociateOpportunity / DisassociateOpportunity (spec 03 §1.3; limits DG:quotas, DG:assoc): partner solutions (the
/// caller's own, Active), AWS product codes, and one AWS Marketplace private offer or offer set. Allowed at any review
/// status; every change bumps LastModifiedDate.
/// </summary>
public static partial class OpportunityAssociations
{
    public const int MaxAwsProducts = 20;
    public const int MaxSolutions = 10;

    /// <summary>AWS Marketplace solutions and products (model/patches/004; DG:quotas).</summary>
    public const int MaxMarketplaceSolutions = 10;
    public const int MaxMarketplaceProducts = 10;

    /// <summary>Offers and offer sets together: either one offer or one offer set.</summary>
    public const int MaxMarketplaceOffers = 1;

    private const string Field = "relatedEntityIdentifier";

    [GeneratedRegex(@"^S-[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex SolutionId();

    /// <summary>AWS product codes as in AWS's product list (e.g. AmazonRedshift, AWSAppFabric).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductCode();

    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/Offer/.+$", RegexOptions.CultureInvariant)]
    private static partial Regex OfferArn();

    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/OfferSet/offerset-.+$", RegexOptions.CultureInvariant)]
    private static partial Regex OfferSetArn();

    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/Solution/soln-.+$", RegexOptions.CultureInvariant)]
    private static partial Regex MarketplaceSolutionArn();

    /// <summary>Marketplace product ARNs name the product type: SaaSProduct, AmiProduct, ContainerProduct, ...</summary>
    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/[A-Za-z]*Product/prod-.+$", RegexOptions.CultureInvariant)]
    private static partial Regex MarketplaceProductArn();

    public static RelatedEntityIdentifiers Associate(OperationContext ctx, OpportunityRecord o, RelatedEntityType type, string identifier)
    {
        var r = OpportunityViews.Complete(o.RelatedEntityIdentifiers);
        CheckIdentifier(ctx, o.Catalog, type, identifier);
        var list = ListOf(r, type);
        if (list.Contains(identifier))
        {
            throw ApiException.Business(Field, "DUPLICATE_KEY_VALUE", $"{identifier} is already associated with opportunity {o.Id}.");
        }
        if (type == RelatedEntityType.Solutions && list.Count >= MaxSolutions)
        {
            throw TooMany(o, $"{MaxSolutions} partner solutions, the most allowed");
        }
        if (type == RelatedEntityType.AwsProducts && list.Count >= MaxAwsProducts)
        {
            throw TooMany(o, $"{MaxAwsProducts} AWS products, the most allowed");
        }
        if (type == RelatedEntityType.AwsMarketplaceSolutions && list.Count >= MaxMarketplaceSolutions)
        {
            throw TooMany(o, $"{MaxMarketplaceSolutions} AWS Marketplace solutions, the most allowed");
        }
        if (type == RelatedEntityType.AwsMarketplaceProducts && list.Count >= MaxMarketplaceProducts)
        {
            throw TooMany(o, $"{MaxMarketplaceProducts} AWS Marketplace products, the most allowed");
        }
        if ((type == RelatedEntityType.AwsMarketplaceOffers || type == RelatedEntityType.AwsMarketplaceOfferSets)
            && r.AwsMarketplaceOffers!.Count + r.AwsMarketplaceOfferSets!.Count >= MaxMarketplaceOffers)
        {
            throw TooMany(o, "an AWS Marketplace offer or offer set, and takes only one of either");
        }
        return With(r, type, [.. list, identifier]);
    }

    /// <summary>
    /// An AWS Marketplace private offer goes with one opportunity (AWS's guide to associating opportunities, in the
    /// version read; kept until a capture shows otherwise; offer sets are not named there). Offers come from the seller
    /// account linked to the caller's (<see cref="IsSellersOwn"/>), so only the caller's own opportunities are searched.
    /// </summary>
    public static async Task ThrowIfOfferTakenAsync(OperationContext ctx, OpportunityRecord o, string offerArn, CancellationToken ct)
    {
        if (await ctx.Store.FindOpportunityWithOfferAsync(o.Catalog, o.OwnerAccountId, offerArn, ct) is { } other && other != o.Id)
        {
            throw ApiException.Business(Field, "DUPLICATE_KEY_VALUE",
                $"{offerArn} is associated with opportunity {other}; an AWS Marketplace offer goes with one opportunity, so disassociate it there first.");
        }
    }

    public static RelatedEntityIdentifiers Disassociate(OpportunityRecord o, RelatedEntityType type, string identifier)
    {
        var r = OpportunityViews.Complete(o.RelatedEntityIdentifiers);
        var list = ListOf(r, type);
        if (!list.Contains(identifier))
        {
            throw ApiException.Business(Field, "INVALID_VALUE", $"{identifier} is not associated with opportunity {o.Id} as {type}.");
        }
        var after = With(r, type, list.Where(i => i != identifier).ToList());
        // "Attach the new one first": at Committed or Launched the last solution or offer cannot go (DG:assoc).
        var stage = o.LifeCycle.Stage;
        if ((stage == Stage.Committed || stage == Stage.Launched) && OpportunityRules.HasSolutionOrOffer(r) && !OpportunityRules.HasSolutionOrOffer(after))
        {
            throw ApiException.Business(Field, "ACTION_NOT_PERMITTED",
                $"Opportunity {o.Id} is {stage} and needs an associated solution or offer; associate the replacement before removing {identifier}.");
        }
        return after;
    }

    private static void CheckIdentifier(OperationContext ctx, string catalog, RelatedEntityType type, string identifier)
    {
        if (type == RelatedEntityType.Solutions)
        {
            var solution = SolutionId().IsMatch(identifier) && ctx.Accounts.Find(ctx.AccountId) is { } account
                ? AccountProfiles.FindSolution(account, catalog, identifier)
                : null;
            if (solution is null)
            {
                // Older documentation offers "Other" as a solution id; the model's pattern for the listed ids has only S-.
                var other = string.Equals(identifier, "Other", StringComparison.OrdinalIgnoreCase)
                    ? " A solution without an id is described in Project.OtherSolutionDescription."
                    : "";
                throw ApiException.Business(Field, "INVALID_VALUE",
                    $"{identifier} is not a solution of account {ctx.AccountId} in catalog {catalog}; see ListSolutions.{other}");
            }
            if (solution.Status != SolutionStatus.Active)
            {
                throw ApiException.Business(Field, "INVALID_VALUE", $"Solution {identifier} is {solution.Status}; only Active solutions can be associated.");
            }
            return;
        }
        var valid = type == RelatedEntityType.AwsProducts ? ProductCode().IsMatch(identifier)
            : type == RelatedEntityType.AwsMarketplaceOffers ? OfferArn().IsMatch(identifier)
            : type == RelatedEntityType.AwsMarketplaceOfferSets ? OfferSetArn().IsMatch(identifier)
            : type == RelatedEntityType.AwsMarketplaceSolutions ? MarketplaceSolutionArn().IsMatch(identifier)
            : type == RelatedEntityType.AwsMarketplaceProducts && MarketplaceProductArn().IsMatch(identifier);
        if (!valid)
        {
            throw ApiException.Business(Field, "INVALID_VALUE", $"{identifier} is not a valid identifier for {type}.");
        }
        if (IsSellersOwn(type) && SellerAccount(identifier) is var seller && seller != ctx.AccountId)
        {
            throw ApiException.Business(Field, "INVALID_VALUE",
                $"{identifier} belongs to AWS Marketplace seller account {seller}; an opportunity of account " +
                $"{ctx.AccountId} takes {type} of its own seller account only.");
        }
    }

    /// <summary>
    /// Offers, offer sets and AWS Marketplace solutions come from the seller account linked to the partner's, which is
    /// the account that calls (AWS's guide to associating opportunities: "only associate offers from the AWS Marketplace
    /// Seller account linked", "solutions from your seller account"; AWS's opportunity-to-offer sample associates an offer
    /// its own account made). Products are left open: the guide says nothing of their seller, and a reseller's
    /// channel offer is for a product another seller lists.
    /// </summary>
    private static bool IsSellersOwn(RelatedEntityType type) =>
        type == RelatedEntityType.AwsMarketplaceOffers || type == RelatedEntityType.AwsMarketplaceOfferSets
        || type == RelatedEntityType.AwsMarketplaceSolutions;

    /// <summary>The account field of an ARN the patterns above accepted (arn:aws:aws-marketplace:region:account:...).</summary>
    private static string SellerAccount(string arn) => arn.Split(':', 6)[4];

    private static IReadOnlyList<string> ListOf(RelatedEntityIdentifiers r, RelatedEntityType type) =>
        type == RelatedEntityType.Solutions ? r.Solutions!
        : type == RelatedEntityType.AwsProducts ? r.AwsProducts!
        : type == RelatedEntityType.AwsMarketplaceOffers ? r.AwsMarketplaceOffers!
        : type == RelatedEntityType.AwsMarketplaceSolutions ? r.AwsMarketplaceSolutions!
        : type == RelatedEntityType.AwsMarketplaceProducts ? r.AwsMarketplaceProducts!
        : r.AwsMarketplaceOfferSets!;

    private static RelatedEntityIdentifiers With(RelatedEntityIdentifiers r, RelatedEntityType type, IReadOnlyList<string> list) =>
        type == RelatedEntityType.Solutions ? r with { Solutions = list }
        : type == RelatedEntityType.AwsProducts ? r with { AwsProducts = list }
        : type == RelatedEntityType.AwsMarketplaceOffers ? r with { AwsMarketplaceOffers = list }
        : type == RelatedEntityType.AwsMarketplaceSolutions ? r with { AwsMarketplaceSolutions = list }
        : type == RelatedEntityType.AwsMarketplaceProducts ? r with { AwsMarketplaceProducts = list }
        : r with { AwsMarketplaceOfferSets = list };

    private static ApiException TooMany(OpportunityRecord o, string limit) =>
        ApiException.Business(Field, "TOO_MANY_VALUES", $"Opportunity {o.Id} already has {limit}; disassociate one first.");
}
