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
    public void Handlers_EveryOperationOfTheModel_HasAHandler()
    {
        var registered = ServiceRegistration.HandlerTypes().Select(h => h.Contract).ToHashSet();
        var missing = OperationTable.All.Values
            .Where(op => !registered.Contains(typeof(IOperationHandler<,>).MakeGenericType(op.GetType().GetGenericArguments())))
            .Select(op => op.Name)
            .ToList();
        Assert.True(missing.Count == 0, $"operations without a handler: {string.Join(", ", missing)}");
    }

    [Fact]
    public void OperationTable_HasEveryModelOperation_45()
    {
        // 42 of the vendored model, 3 added by model/patches/006-prospecting-operations.json.
        Assert.Equal(45, OperationTable.All.Count);
        Assert.Equal("ClientToken", OperationTable.CreateEngagementInvitation.IdempotencyTokenMember);
        Assert.True(OperationTable.GetEngagementInvitation.ReadOnly);
        Assert.Null(OperationTable.AcceptEngagementInvitation.Output);
    }
}
