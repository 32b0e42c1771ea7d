using System.Text.Json.Nodes;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// An <see cref="EventsServer"/> where four accounts send their events to an EventBridge-compatible endpoint (the
/// test's receiver at <c>eb/{accountId}</c>) instead of a plain webhook: A with every default, B with its own region,
/// bus and keys, C with defaults (for the retry test), <see cref="TwoBuses"/> to two buses behind the same URL, and
/// <see cref="NotABus"/> with defaults.
/// </summary>
public class EventBridgeServer : EventsServer
{
    public const string Region = "eu-west-1";
    public const string BusName = "partner-events";
    public const string KeyId = "AKIDEVENTBRIDGE00001";
    public const string Secret = "eventbridge/secret/for/tests/0000000000";

    public static readonly string[] BusNames = ["bus-one", "bus-two"];

    public static string BusPath(TestAccount account) => "eb/" + account.AccountId;

    public TestAccount TwoBuses => Accounts[4];

    /// <summary>A fifth with every default, for answers that are not EventBridge's.</summary>
    public TestAccount NotABus => Accounts[5];

    protected override void ConfigureAccount(TestAccount account, JsonObject entry)
    {
        base.ConfigureAccount(account, entry);
        JsonObject? target = account == A || account == C || account == NotABus
            ? []
            : account == B ? new JsonObject
            {
                ["region"] = Region, ["eventBusName"] = BusName, ["accessKeyId"] = KeyId, ["secretAccessKey"] = Secret,
            }
            : null;
        if (target is not null)
        {
            entry["webhooks"] = new JsonArray(new JsonObject { ["url"] = Receiver.Url(BusPath(account)), ["eventBridge"] = target });
        }
        else if (account == TwoBuses)
        {
            entry["webhooks"] = new JsonArray([.. BusNames.Select(bus => (JsonNode)new JsonObject
            {
                ["url"] = Receiver.Url(BusPath(account)), ["eventBridge"] = new JsonObject { ["eventBusName"] = bus },
            })]);
        }
    }
}
