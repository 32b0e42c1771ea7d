using Cosell.Model;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Tests;

/// <summary>Spec 06 Q15's strict mode names operations by string: they must be the ones that take a ClientToken.</summary>
public sealed class StrictClientTokenTests
{
    [Fact]
    public void StrictTokenOperations_EveryOperationWithAClientTokenButCreateOpportunity()
    {
        // No API reference page restricts CreateOpportunity's token; every other token-taking page or its prose does.
        var withTokens = OperationTable.All.Where(o => o.Value.IdempotencyTokenMember is not null).Select(o => o.Key);

        Assert.Equal(withTokens.Where(n => n != "CreateOpportunity").Order(StringComparer.Ordinal),
            IdempotencyOptions.StrictTokenOperations.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("!~", true)]
    [InlineData("crm sync", false)]
    [InlineData("token\n", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void IsStrictToken_PrintableAsciiWithoutSpaces(string token, bool strict) =>
        Assert.Equal(strict, IdempotencyOptions.IsStrictToken(token));

    [Fact]
    public void IsStrictToken_SixtyFourCharactersAtMost()
    {
        Assert.True(IdempotencyOptions.IsStrictToken(new string('x', 64)));
        Assert.False(IdempotencyOptions.IsStrictToken(new string('x', 65)));
    }
}
