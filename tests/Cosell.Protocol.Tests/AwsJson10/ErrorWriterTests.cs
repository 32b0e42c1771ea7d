using System.Text;
using System.Text.Json;
using Cosell.Model.Contracts;
using Cosell.Protocol.AwsJson10;
using Xunit;

namespace Cosell.Protocol.Tests.AwsJson10;

public sealed class ErrorWriterTests
{
    private const string Pattern = "^[\\w\\s.,+<>&'`-]+$ é \"quoted\"\tand a tab";

    [Fact]
    public void Serialize_RoundTripsEveryMember_WithOnlyWhatJsonRequiresEscaped()
    {
        var error = ApiException.Validation("REQUEST_VALIDATION_FAILED", "1 validation error detected: " + Pattern,
            [new FieldError("invitation.message", "Value must satisfy " + Pattern, "INVALID_STRING_FORMAT"), new FieldError(null, "x", "OTHER")]);

        var bytes = ErrorWriter.Serialize(error);
        var text = Encoding.UTF8.GetString(bytes);
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;

        Assert.Equal("com.amazon.partnerintegrationapi.common#ValidationException", root.GetProperty("__type").GetString());
        Assert.Equal(error.Message, root.GetProperty("message").GetString());
        Assert.Equal(error.Message, root.GetProperty("Message").GetString());
        Assert.Equal("REQUEST_VALIDATION_FAILED", root.GetProperty("Reason").GetString());
        var list = root.GetProperty("ErrorList");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal("invitation.message", list[0].GetProperty("FieldName").GetString());
        Assert.Equal("Value must satisfy " + Pattern, list[0].GetProperty("Message").GetString());
        Assert.Equal("INVALID_STRING_FORMAT", list[0].GetProperty("Code").GetString());
        Assert.False(list[1].TryGetProperty("FieldName", out _));

        // Symbols and non-ASCII go out as themselves (as AWS writes them); quotes, backslashes and control characters escaped.
        Assert.Contains("+<>&'`-]+$ é", text, StringComparison.Ordinal);
        Assert.Contains("\\\"quoted\\\"\\tand", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_OneThreadInTurn_EachBodyHoldsOnlyItsOwnError()
    {
        // The writer and its buffer are kept per thread: a large error must leave nothing behind for the next one.
        var large = ApiException.Validation("REQUEST_VALIDATION_FAILED", new string('x', 70_000),
            [new FieldError("a", new string('y', 5_000), "INVALID_STRING_FORMAT")]);
        var small = new ApiException("ConflictException", 409, "second");

        ErrorWriter.Serialize(large);
        ErrorWriter.Serialize(small);
        var again = ErrorWriter.Serialize(small);
        ErrorWriter.Serialize(large);
        var afterLarge = ErrorWriter.Serialize(small);

        const string expected = "{\"__type\":\"com.amazon.partnerintegrationapi.common#ConflictException\",\"message\":\"second\",\"Message\":\"second\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(again));
        Assert.Equal(expected, Encoding.UTF8.GetString(afterLarge));
    }

    [Fact]
    public void Serialize_WithoutReasonOrList_WritesOnlyTypeAndMessages()
    {
        using var doc = JsonDocument.Parse(ErrorWriter.Serialize(new ApiException("ResourceNotFoundException", 404, "Engagement eng-1 was not found.")));

        Assert.Equal(["__type", "message", "Message"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
