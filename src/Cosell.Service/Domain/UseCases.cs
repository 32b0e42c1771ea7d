using System.Collections.Frozen;
using Cosell.Model.Contracts;

namespace Cosell.Service.Domain;

/// <summary>
/// The values an opportunity's two use-case members take. The model types both as free text and its documentation lists
/// the values; AWS's CRM picklists (aws-samples partner-crm-integration-samples, Opportunity_-_StandardValues.csv, columns
/// useCase and marketingActivityUsecase) list the same ones, and a public integration records the real service refusing
/// another CustomerUseCase with the list in its message (2026). Where the documentation and the picklist differ, the
/// picklist's spelling is kept: "Migration / Database Migration" with spaces, as the model spells its own sales
/// activities ("Conducted POC / Demo") where the documentation writes "Conducted POC/demo".
/// </summary>
public static class UseCases
{
    public static readonly IReadOnlyList<string> CustomerUseCaseValues =
    [
        "AI Machine Learning and Analytics", "Archiving", "Big Data: Data Warehouse / Data Integration / ETL / Data Lake / BI",
        "Blockchain", "Business Applications: Mainframe Modernization", "Business Applications & Contact Center",
        "Business Applications & SAP Production", "Centralized Operations Management", "Cloud Management Tools",
        "Cloud Management Tools & DevOps with Continuous Integration & Continuous Delivery (CICD)",
        "Configuration, Compliance & Auditing", "Connected Services", "Containers & Serverless", "Content Delivery & Edge Services",
        "Database", "Edge Computing / End User Computing", "Energy", "Enterprise Governance & Controls",
        "Enterprise Resource Planning", "Financial Services", "Healthcare and Life Sciences", "High Performance Computing",
        "Hybrid Application Platform", "Industrial Software", "IOT", "Manufacturing, Supply Chain and Operations",
        "Media & High performance computing (HPC)", "Migration / Database Migration", "Monitoring, logging and performance",
        "Monitoring & Observability", "Networking", "Outpost", "SAP", "Security & Compliance", "Storage & Backup", "Training",
        "VMC", "VMWare", "Web development & DevOps",
    ];

    public static readonly IReadOnlyList<string> MarketingUseCaseValues =
    [
        "AI/ML", "Analytics", "Application Integration", "Blockchain", "Business Applications", "Cloud Financial Management",
        "Compute", "Containers", "Customer Engagement", "Databases", "Developer Tools", "End User Computing",
        "Front End Web & Mobile", "Game Tech", "IoT", "Management & Governance", "Media Services", "Migration & Transfer",
        "Networking & Content Delivery", "Quantum Technologies", "Robotics", "Satellite", "Security", "Serverless", "Storage",
        "VR & AR",
    ];

    private static readonly FrozenSet<string> CustomerUseCaseSet = CustomerUseCaseValues.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> MarketingUseCaseSet = MarketingUseCaseValues.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// INVALID_VALUE on project.customerUseCase when the request gives a value off the list, or null. Sending back the
    /// stored value is not refused, so an opportunity saved before the rule can still be updated as read.
    /// </summary>
    public static FieldError? CustomerUseCaseError(string? given, string? stored) =>
        given is null || given == stored || CustomerUseCaseSet.Contains(given)
            ? null
            : new FieldError("project.customerUseCase",
                $"CustomerUseCase '{given}' is not a use case AWS accepts; use one of: {string.Join(" | ", CustomerUseCaseValues)}.",
                "INVALID_VALUE");

    /// <summary>INVALID_VALUE on marketing.useCases for the first value off the list that the stored ones do not hold, or null.</summary>
    public static FieldError? MarketingUseCaseError(IReadOnlyList<string>? given, IReadOnlyList<string>? stored) =>
        given?.FirstOrDefault(v => !MarketingUseCaseSet.Contains(v) && stored?.Contains(v) != true) is { } refused
            ? new FieldError("marketing.useCases",
                $"Marketing use case '{refused}' is not one AWS accepts; use any of: {string.Join(" | ", MarketingUseCaseValues)}.",
                "INVALID_VALUE")
            : null;
}
