using Cosell.Model;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Tests;

public sealed class HandlerCoverageTests
{
    [Fact]
    public void Handlers_EachOperation_AtMostOneHandler()
    {
        var byContract = ServiceRegistration.HandlerTypes().GroupBy(h => h.Contract).Where(g => g.Count() > 1).Select(g => g.Key.Name);
        Assert.Empty(byContract);
    }

    [Fact]
    public void Handlers_EveryHandler_ServesAModelOperation()
    {
        // A handler whose input/output pair matches no operation would never be called.
        var pairs = OperationTable.All.Values
            .Select(op => op.GetType().GetGenericArguments())
            .Select(a => (a[0], a[1]))
            .ToHashSet();
        foreach (var (contract, implementation) in ServiceRegistration.HandlerTypes())
        {
            var args = contract.GetGenericArguments();
            Assert.True(pairs.Contains((args[0], args[1])), $"{implementation.Name} serves no operation of the model");
        }
    }

    [Fact]
    public void OperationTable_HasEveryModelOperation_42()
    {
        Assert.Equal(42, OperationTable.All.Count);
        Assert.Equal("ClientToken", OperationTable.CreateEngagementInvitation.IdempotencyTokenMember);
        Assert.True(OperationTable.GetEngagementInvitation.ReadOnly);
        Assert.Null(OperationTable.AcceptEngagementInvitation.Output);
    }
}
