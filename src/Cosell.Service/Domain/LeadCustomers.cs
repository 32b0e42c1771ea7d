using Cosell.Model;
using Cosell.Model.Json;
using Cosell.Model.Smithy;

namespace Cosell.Service.Domain;

/// <summary>
/// A lead's customer is free text (model patch 007: industry, country and website are plain strings there), while an
/// opportunity and a CustomerProject context take the model's enums and bounds. These say what of a lead carries over.
/// </summary>
public static class LeadCustomers
{
    /// <summary>The opportunity's industry for a lead's: a known value in any letter case, else Other (see OtherIndustry).</summary>
    public static Industry? Industry(string? text) =>
        Blank(text) ? null : Known<Industry>(text!, Model.Industry.Values) ?? Model.Industry.Other;

    /// <summary>The lead's own words when its industry is not one of the model's; an opportunity asks for them with Other.</summary>
    public static string? OtherIndustry(string? text) =>
        Blank(text) || Known<Industry>(text!, Model.Industry.Values) is not null ? null : text!.Trim();

    /// <summary>A country the opportunity model knows (ISO code, any letter case); anything else is not carried.</summary>
    public static CountryCode? Country(string? text) =>
        Blank(text) ? null : Known<CountryCode>(text!, CountryCode.Values);

    /// <summary>The website when an opportunity's account would take it (4 to 255 characters); a lead's may be shorter.</summary>
    public static string? Website(string? text) => text is not null && AccountWebsitePattern.IsMatch(text) ? text : null;

    /// <summary>
    /// The website when a CustomerProject context's customer would take it (of a lead or of an opportunity): that member
    /// has a URL pattern, while a lead's and an opportunity's website are any 4 to 255 characters.
    /// </summary>
    public static string? CompanyWebsite(string? text) => text is not null && CompanyWebsitePattern.IsMatch(text) ? text : null;

    /// <summary>A lead's business problem when a project would take it (20 to 2,000 characters); a lead's may be shorter.</summary>
    public static string? BusinessProblem(string? text) => text is not null && BusinessProblemPattern.IsMatch(text) ? text : null;

    // The model's own patterns (CompanyWebsiteUrl's nested lazy groups included), judged as request validation judges.
    private static readonly SmithyPattern AccountWebsitePattern = ModelPatterns.Of("WebsiteUrl");
    private static readonly SmithyPattern CompanyWebsitePattern = ModelPatterns.Of("CompanyWebsiteUrl");
    private static readonly SmithyPattern BusinessProblemPattern = ModelPatterns.Of("EngagementCustomerBusinessProblem");

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static T? Known<T>(string text, IReadOnlyList<string> values) where T : struct, IStringEnum<T>
    {
        var trimmed = text.Trim();
        foreach (var v in values)
        {
            if (string.Equals(v, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return T.Create(v);
            }
        }
        return null;
    }
}
