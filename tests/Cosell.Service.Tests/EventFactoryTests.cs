using Cosell.Model;
using Cosell.Service.Domain;
using Cosell.Service.Domain.Events;
using Xunit;

namespace Cosell.Service.Tests;

public sealed class EventFactoryTests
{
    [Fact]
    public void EngagementDetail_TwoContextsOfOneType_ContextTypesListsEachTypeOnce()
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var engagement = new EngagementRecord
        {
            Catalog = "Sandbox", Id = "eng-abcdefghijklmn", Title = "T", Description = "D",
            CreatedAt = at, CreatedBy = "111111111111", ModifiedAt = at, ModifiedBy = "111111111111",
            Members = [new EngagementMemberRecord("111111111111", at)],
            Contexts =
            [
                new EngagementContextDetails { Id = "1", Type = EngagementContextType.Create("CustomerProject") },
                new EngagementContextDetails { Id = "2", Type = EngagementContextType.Create("CustomerProject") },
                new EngagementContextDetails { Id = "3", Type = EngagementContextType.Create("Lead") },
            ],
        };

        var detail = EventFactory.EngagementDetail(engagement, created: true);

        Assert.Equal("""["CustomerProject","Lead"]""", detail["engagement"]!["ContextTypes"]!.ToJsonString());
    }

    [Fact]
    public void Create_DetailWithPlusAmpersandAndNonAscii_EnvelopeCarriesThemAsThemselves()
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var detail = new System.Text.Json.Nodes.JsonObject { ["title"] = "Müller & Söhne +1 <Zürich>", ["quote"] = "say \"hi\"" };

        var e = EventFactory.Create("111111111111", "Sandbox", "Engagement Updated", at, null, detail, Guid.Empty);

        Assert.Contains("\"title\":\"Müller & Söhne +1 <Zürich>\"", e.Envelope, StringComparison.Ordinal);
        Assert.Contains("\"quote\":\"say \\\"hi\\\"\"", e.Envelope, StringComparison.Ordinal);
    }
}
