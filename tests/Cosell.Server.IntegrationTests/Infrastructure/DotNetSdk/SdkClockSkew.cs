using System.Collections.Concurrent;
using System.Reflection;
using Amazon.Runtime;

namespace Cosell.Server.IntegrationTests.Infrastructure.DotNetSdk;

/// <summary>
/// Makes the SDK believe its clock is off for one endpoint, by setting the per-endpoint correction it keeps itself
/// (<see cref="CorrectClockSkew"/>, which it only writes internally). Per endpoint, so other servers' clients are not
/// affected; the SDK replaces the value when it corrects the skew.
/// </summary>
public static class SdkClockSkew
{
    public static void Set(string endpoint, TimeSpan correction)
    {
        var field = typeof(CorrectClockSkew).GetField("clockCorrectionDictionary", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("AWSSDK.Core no longer keeps CorrectClockSkew.clockCorrectionDictionary: update this helper.");
        var corrections = (ConcurrentDictionary<string, TimeSpan>)field.GetValue(null)!;
        corrections[endpoint] = correction;
    }
}
