using Cosell.Service.Ports;

namespace Cosell.Service.Domain;

/// <summary>New ids in the shapes the model's patterns require and the captures show (spec README §4).</summary>
public static class Identifiers
{
    public static readonly IdShape Engagement = new("eng-", 14);
    public static readonly IdShape Invitation = new("engi-", 13);

    /// <summary>The engagement task kinds' ids (prospecting tasks have 14 characters: <see cref="Prospecting.NewId"/>).</summary>
    public static readonly IdShape Task = new("task-", 13);

    public static string NewEngagementId(IIdGenerator ids) => Engagement.New(ids);

    public static string NewInvitationId(IIdGenerator ids) => Invitation.New(ids);
}

/// <summary>An id's prefix and how many characters of <see cref="RandomIdGenerator.Alphabet"/> follow it.</summary>
public sealed record IdShape(string Prefix, int Length)
{
    public string New(IIdGenerator ids) => Prefix + ids.Random(Length);

    /// <summary>Whether <paramref name="id"/> has this shape, as every id made by <see cref="New"/> has.</summary>
    public bool Matches(ReadOnlySpan<char> id) =>
        id.Length == Prefix.Length + Length && id.StartsWith(Prefix, StringComparison.Ordinal)
        && !id[Prefix.Length..].ContainsAnyExcept(RandomIdGenerator.Characters);
}
