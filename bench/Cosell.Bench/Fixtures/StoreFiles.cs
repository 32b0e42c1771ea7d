using System.Globalization;
using System.Text;

namespace Cosell.Bench.Fixtures;

/// <summary>The plan of a kept store (which engagements, which stored invitations) as a text file beside it.</summary>
internal static class StoreFiles
{
    private const string ReadsMarker = "# reads";

    public static void WritePlan(string path, EngagementPlan plan, InvitationSet reads)
    {
        using var w = new StreamWriter(path, append: false, Encoding.ASCII);
        w.WriteLine(plan.InvitationsPerEngagement.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < plan.Count; i++)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Encoding.ASCII.GetString(plan.Ids[i])} {plan.Creator[i]}"));
        }
        w.WriteLine(ReadsMarker);
        for (var i = 0; i < reads.Count; i++)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Encoding.ASCII.GetString(reads.Ids[i])} {reads.Sender[i]} {reads.Receiver[i]} {Encoding.ASCII.GetString(reads.EngagementIds[i])}"));
        }
    }

    public static (EngagementPlan Plan, InvitationSet Reads) ReadPlan(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.ASCII);
        var per = int.Parse(lines[0], CultureInfo.InvariantCulture);
        var marker = Array.IndexOf(lines, ReadsMarker);
        var count = marker - 1;
        var ids = new byte[count][];
        var creators = new int[count];
        for (var i = 0; i < count; i++)
        {
            var parts = lines[i + 1].Split(' ');
            ids[i] = Encoding.ASCII.GetBytes(parts[0]);
            creators[i] = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        var readCount = lines.Length - marker - 1;
        var readIds = new byte[readCount][];
        var senders = new int[readCount];
        var receivers = new int[readCount];
        var engagements = new byte[readCount][];
        for (var i = 0; i < readCount; i++)
        {
            var parts = lines[marker + 1 + i].Split(' ');
            readIds[i] = Encoding.ASCII.GetBytes(parts[0]);
            senders[i] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            receivers[i] = int.Parse(parts[2], CultureInfo.InvariantCulture);
            engagements[i] = Encoding.ASCII.GetBytes(parts[3]);
        }
        return (new EngagementPlan(ids, creators, per), new InvitationSet(readIds, senders, receivers, engagements));
    }
}
