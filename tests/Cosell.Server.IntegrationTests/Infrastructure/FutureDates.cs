using System.Globalization;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// Target close dates for fixtures. AWS refuses one in the past, so they name days of a year ahead of the clock (which
/// starts at the real time and moves forward by days at most) instead of fixed dates that would pass one day.
/// </summary>
public static class FutureDates
{
    public static readonly int Year = DateTime.UtcNow.Year + 2;

    /// <summary><paramref name="monthDay"/> ("MM-dd") of <see cref="Year"/>, or of a year <paramref name="yearsLater"/> after it.</summary>
    public static string On(string monthDay, int yearsLater = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"{Year + yearsLater}-{monthDay}");

    /// <summary>The target close date of <see cref="OpportunityBodies.Create"/>.</summary>
    public static string CloseDate => On("06-30");
}
