using Cosell.Model;
using Cosell.Model.Contracts;
using Cosell.Model.Json;
using Cosell.Service.Domain;

namespace Cosell.Service.Tests;

public sealed class DomainTests
{
    [Fact]
    public void PageToken_RoundTrip_SamePosition()
    {
        var token = PageToken.Encode(new SortPosition(638_000_000_000_000_123, "engi-abc"), "scope-1");
        Assert.Equal(new SortPosition(638_000_000_000_000_123, "engi-abc"), PageToken.Decode(token, "scope-1"));
    }

    [Fact]
    public void PageToken_OtherScope_ValidationException()
    {
        var token = PageToken.Encode(new SortPosition(1, "x"), "scope-1");
        var e = Assert.Throws<ApiException>(() => PageToken.Decode(token, "scope-2"));
        Assert.Equal("ValidationException", e.Type);
    }

    [Theory]
    [InlineData("\"T\":1,", "\"T\":2147483649,")]
    [InlineData("\"T\":1,", "\"T\":-2,")]
    [InlineData("\"I\":\"x\"", "\"I\":\"zzz\"")]
    public void PageToken_PositionEdited_ValidationException(string from, string to)
    {
        // The token is base64url JSON a client can read; a position no page ended at must not be served from.
        var token = PageToken.Encode(new SortPosition(1, "x"), "scope-1");
        var json = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(3)));
        Assert.Contains(from, json, StringComparison.Ordinal);
        var edited = "CSL" + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(json.Replace(from, to, StringComparison.Ordinal)));

        Assert.Equal("ValidationException", Assert.Throws<ApiException>(() => PageToken.Decode(edited, "scope-1")).Type);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CSL!!!")]
    [InlineData("")]
    public void PageToken_Garbage_ValidationException(string token) =>
        Assert.Equal("ValidationException", Assert.Throws<ApiException>(() => PageToken.Decode(token, "s")).Type);

    [Theory]
    [InlineData("2026-11-27T10:00:00.1234567Z", "2026-11-27T10:00:05.0000001Z", "2026-11-27T10:00:05.0000001Z")] // later: now
    [InlineData("2026-11-27T10:00:00.1234567Z", "2026-11-27T10:00:00.1239999Z", "2026-11-27T10:00:00.1240000Z")] // same ms
    [InlineData("2026-11-27T10:00:00.1230000Z", "2026-11-27T10:00:00.1240000Z", "2026-11-27T10:00:00.1240000Z")] // next ms
    [InlineData("2026-11-27T10:00:00.1234567Z", "2026-11-27T09:59:59.0000000Z", "2026-11-27T10:00:00.1240000Z")] // clock behind
    public void Engagement_ChangedBy_ModifiedAtInALaterMillisecond(string current, string now, string expected)
    {
        static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var engagement = new EngagementRecord
        {
            Catalog = "Sandbox", Id = "eng-xhyvbgfeme4xh4", Title = "t", Description = "d",
            CreatedAt = At(current), CreatedBy = "111111111111", ModifiedAt = At(current), ModifiedBy = "111111111111",
            Members = [], Contexts = [],
        };

        var next = engagement.ChangedBy("222222222222", At(now)).ModifiedAt;

        Assert.Equal(At(expected), next);
    }

    [Fact]
    public void Arns_Engagement_ObservedForm() =>
        Assert.Equal("arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-xhyvbgfeme4xh4",
            Arns.Engagement("Sandbox", "eng-xhyvbgfeme4xh4"));

    [Fact]
    public void Arns_ResolveId_AcceptsIdAndOwnArn()
    {
        Assert.Equal("eng-xhyvbgfeme4xh4", Arns.ResolveId("eng-xhyvbgfeme4xh4", "AWS", "engagement", "identifier"));
        Assert.Equal("eng-xhyvbgfeme4xh4", Arns.ResolveId(
            "arn:aws:partnercentral:us-east-1::catalog/AWS/engagement/eng-xhyvbgfeme4xh4", "AWS", "engagement", "identifier"));
    }

    [Theory]
    [InlineData("arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/eng-xhyvbgfeme4xh4")]
    [InlineData("arn:aws:partnercentral:us-east-1::catalog/AWS/engagement-invitation/engi-5x2rtvhpgoyvz")]
    [InlineData("arn:aws:partnercentral:eu-west-1::catalog/AWS/engagement/eng-xhyvbgfeme4xh4")]
    public void Arns_ResolveId_ForeignArn_ValidationException(string arn)
    {
        var e = Assert.Throws<ApiException>(() => Arns.ResolveId(arn, "AWS", "engagement", "identifier"));
        Assert.Equal(ApiException.RequestValidationFailed, e.Reason);
        Assert.Equal("identifier", e.ErrorList![0].FieldName);
    }

    [Fact]
    public void Invitation_StatusAt_ExpiresExactlyAtExpirationDate()
    {
        var sent = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var i = new InvitationRecord
        {
            Catalog = "Sandbox", Id = "engi-0000000000000", EngagementId = "eng-00000000000000", SenderAccountId = "111111111111",
            SenderCompanyName = "S", ReceiverAccountId = "222222222222",
            Receiver = new Receiver { Account = new AccountReceiver { AwsAccountId = "222222222222" } },
            PayloadType = EngagementInvitationPayloadType.OpportunityInvitation, Payload = new Payload(), Message = "m",
            Status = InvitationStatus.Pending, InvitationDate = sent, ExpirationDate = sent.AddDays(15),
        };
        Assert.Equal(InvitationStatus.Pending, i.StatusAt(sent.AddDays(15).AddTicks(-1)));
        Assert.Equal(InvitationStatus.Expired, i.StatusAt(sent.AddDays(15)));
        Assert.Equal(InvitationStatus.Accepted, (i with { Status = InvitationStatus.Accepted }).StatusAt(sent.AddDays(30)));
    }

    [Theory]
    [InlineData(0L, "2025-01-15T16:34:26Z")]
    [InlineData(4932597L, "2025-01-15T16:34:26.4932597Z")]
    [InlineData(1230000L, "2025-01-15T16:34:26.123Z")]
    public void Timestamps_Written_Rfc3339UtcTrimmed(long fractionTicks, string expected)
    {
        var t = new DateTimeOffset(2025, 1, 15, 17, 34, 26, TimeSpan.FromHours(1)).AddTicks(fractionTicks);
        Assert.Equal(expected, AwsDateTimeConverter.ToWire(t));
    }
}
