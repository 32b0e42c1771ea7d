using Cosell.Model;

namespace Cosell.Service.Domain;

/// <summary>
/// Which <c>ExpectedCustomerSpend.TargetCompany</c> values an opportunity keeps. The model's documentation accepts only
/// <c>AWS</c> and says any other value is set to <c>AWS</c>; the newer JS SDK (3.1124.0, with ExpectedContractDuration)
/// adds <c>Self</c> when the Project carries an ExpectedContractDuration (a partner's Total Contract Value entry).
/// The sources do not say what happens to other values next to a duration: by the same wording, they are set to
/// <c>AWS</c> too, never refused (our choice).
/// </summary>
public static class SpendTargets
{
    public const string Aws = "AWS";
    public const string Self = "Self";

    /// <summary>The project with every spend entry's TargetCompany as the service stores it; the same instance when nothing changes.</summary>
    public static Project? Normalize(Project? project)
    {
        if (project?.ExpectedCustomerSpend is not { Count: > 0 } spend || spend.All(s => IsAccepted(s.TargetCompany, project)))
        {
            return project;
        }
        return project with
        {
            ExpectedCustomerSpend = [.. spend.Select(s => IsAccepted(s.TargetCompany, project) ? s : s with { TargetCompany = Aws })],
        };
    }

    private static bool IsAccepted(string targetCompany, Project project) =>
        targetCompany == Aws || (targetCompany == Self && project.ExpectedContractDuration is not null);
}
