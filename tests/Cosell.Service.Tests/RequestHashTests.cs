using System.Text.Json;
using Cosell.Service.Dispatch;

namespace Cosell.Service.Tests;

public sealed class RequestHashTests
{
    private static string Hash(string json) => RequestHash.Compute(JsonDocument.Parse(json).RootElement, "ClientToken");

    [Fact]
    public void Compute_MemberOrderAndWhitespace_Ignored() =>
        Assert.Equal(Hash("""{"A":1,"B":{"x":"1","y":[1,2]}}"""), Hash("""{ "B": {"y": [1, 2], "x": "1"}, "A": 1 }"""));

    [Fact]
    public void Compute_TokenAndNulls_Ignored() =>
        Assert.Equal(Hash("""{"A":1,"ClientToken":"t1","C":null}"""), Hash("""{"ClientToken":"t2","A":1}"""));

    [Fact]
    public void Compute_DifferentValue_Differs() =>
        Assert.NotEqual(Hash("""{"A":1}"""), Hash("""{"A":2}"""));

    [Fact]
    public void Compute_ListOrder_Matters() =>
        Assert.NotEqual(Hash("""{"A":[1,2]}"""), Hash("""{"A":[2,1]}"""));

    [Fact]
    public void Compute_NestedTokenNamedMember_NotIgnored() =>
        Assert.NotEqual(Hash("""{"X":{"ClientToken":"a"}}"""), Hash("""{"X":{"ClientToken":"b"}}"""));
}
