using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>New ids in the shapes the model's patterns require and the captures show (spec README §4).</summary>
public static class Identifiers
{
    public static string NewEngagementId(IIdGenerator ids) => "eng-" + ids.Random(14);

    public static string NewInvitationId(IIdGenerator ids) => "engi-" + ids.Random(13);
}
