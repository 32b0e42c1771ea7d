using System.Text.Json;
using Cosell.Model.Json;
using Xunit;

namespace Cosell.Service.Tests;

public sealed class EpochTimestampTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new AwsDateTimeConverter() } };

    [Theory]
    [InlineData("253402300799", "9999-12-31T23:59:59Z")]
    [InlineData("253402300799.9999999", "9999-12-31T23:59:59.9999999Z")]
    [InlineData("1764158400.123", "2025-11-26T12:00:00.123Z")]
    [InlineData("-62135596800", "0001-01-01T00:00:00Z")]
    [InlineData("0.0000001", "1970-01-01T00:00:00.0000001Z")]
    public void Read_EpochSeconds_ExactToTheTick(string json, string expected)
    {
        var value = JsonSerializer.Deserialize<DateTimeOffset>(json, Options);

        Assert.Equal(expected, AwsDateTimeConverter.ToWire(value));
    }
}
