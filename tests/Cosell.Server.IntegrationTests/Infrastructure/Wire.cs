using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>Reading values off response JSON.</summary>
public static class Wire
{
    public static DateTimeOffset Time(JsonNode? node)
    {
        var text = (string?)node ?? throw new Xunit.Sdk.XunitException("timestamp missing");
        Assert.True(ModelShapes.IsRfc3339(text), $"'{text}' is not an RFC 3339 date-time");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
    }

    public static List<string> Ids(JsonNode? list, string member = "Id") =>
        list!.AsArray().Select(n => (string)n![member]!).ToList();

    public static void Same(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"{what} differs.\nExpected: {expected?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");

    public static string EngagementArn(string id, string catalog = "Sandbox") =>
        $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/engagement/{id}";

    public static string InvitationArn(string id, string catalog = "Sandbox") =>
        $"arn:aws:partnercentral:us-east-1::catalog/{catalog}/engagement-invitation/{id}";
}
