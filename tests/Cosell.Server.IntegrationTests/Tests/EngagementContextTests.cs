using System.Text.Json.Nodes;
using Cosell.Server.IntegrationTests.Infrastructure;
using Xunit;

namespace Cosell.Server.IntegrationTests.Tests;

/// <summary>CreateEngagementContext and UpdateEngagementContext (spec 01 §2-3, 06 Q6, Q17). Each test moves the clock forward only.</summary>
public sealed class EngagementContextTests(CosellServer server) : IClassFixture<CosellServer>
{
    private static JsonObject CreateContext(string engagementId, JsonObject context, string catalog = "Sandbox")
    {
        var body = new JsonObject
        {
            ["Catalog"] = catalog,
            ["EngagementIdentifier"] = engagementId,
            ["ClientToken"] = RequestBodies.NewToken(),
            ["Type"] = context["Type"]!.DeepClone(),
            ["Payload"] = context["Payload"]!.DeepClone(),
        };
        return body;
    }

    private static JsonObject UpdateLead(string engagementId, string contextId, string lastModified, string qualification, bool withInteraction)
    {
        var lead = RequestBodies.LeadContext()["Payload"]!["Lead"]!.AsObject();
        var update = new JsonObject
        {
            ["QualificationStatus"] = qualification,
            ["Customer"] = lead["Customer"]!.DeepClone(),
        };
        if (withInteraction)
        {
            var interaction = lead["Interactions"]![0]!.DeepClone().AsObject();
            interaction["SourceId"] = "CAMP-NEXT";
            update["Interaction"] = interaction;
        }
        return new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["EngagementIdentifier"] = engagementId,
            ["ContextIdentifier"] = contextId,
            ["EngagementLastModifiedAt"] = lastModified,
            ["Type"] = "Lead",
            ["Payload"] = new JsonObject { ["Lead"] = update },
        };
    }

    [Fact]
    public async Task CreateEngagementContext_Member_NextIdAndEngagementModified()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        server.Clock.Advance(TimeSpan.FromSeconds(3));
        var expectedTime = server.Clock.GetUtcNow();

        var json = (await server.OkAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.LeadContext()), server.A))!;

        Assert.Equal("2", (string?)json["ContextId"]);
        Assert.Equal(engagement, (string?)json["EngagementId"]);
        Assert.Equal(Wire.EngagementArn(engagement), (string?)json["EngagementArn"]);
        Assert.Equal(expectedTime, Wire.Time(json["EngagementLastModifiedAt"]));
        var got = await server.GetEngagementAsync(server.A, engagement);
        Assert.Equal(expectedTime, Wire.Time(got["ModifiedAt"]));
        Assert.Equal(["1", "2"], got["Contexts"]!.AsArray().Select(c => (string)c!["Id"]!).ToArray());
        Assert.Equal("Unqualified", (string?)got["Contexts"]![1]!["Payload"]!["Lead"]!["QualificationStatus"]);
    }

    [Fact]
    public async Task CreateEngagementContext_NonMember_AccessDenied()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var response = await server.CallAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.CustomerProjectContext()), server.B);
        response.AssertError(403, "AccessDeniedException");
    }

    [Fact]
    public async Task CreateEngagementContext_PayloadOfOtherType_RequestValidation()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var body = CreateContext(engagement, RequestBodies.LeadContext());
        body["Type"] = "CustomerProject";
        var errors = (await server.CallAsync("CreateEngagementContext", body, server.A)).AssertValidation("REQUEST_VALIDATION_FAILED");
        Assert.Contains(("payload", "INVALID_VALUE"), errors);
    }

    [Fact]
    public async Task CreateEngagementContext_SixthContext_ServiceQuotaExceeded()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        for (var i = 0; i < 4; i++)
        {
            await server.OkAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.CustomerProjectContext()), server.A);
        }
        var response = await server.CallAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.CustomerProjectContext()), server.A);
        response.AssertError(402, "ServiceQuotaExceededException");
        Assert.Equal(5, (await server.GetEngagementAsync(server.A, engagement))["Contexts"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateEngagementContext_LeadInAwsCatalog_ActionNotPermitted()
    {
        var engagement = await server.CreateEngagementAsync(server.A, catalog: "AWS");
        var errors = (await server.CallAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.LeadContext(), "AWS"), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Contains(("type", "ACTION_NOT_PERMITTED"), errors);
    }

    [Fact]
    public async Task UpdateEngagementContext_ModifiedAtFromGet_UpdatesAndAppendsInteraction()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        server.Clock.Advance(TimeSpan.FromSeconds(5));
        var before = await server.GetEngagementAsync(server.A, engagement);
        var expectedTime = server.Clock.GetUtcNow();

        var json = (await server.OkAsync("UpdateEngagementContext",
            UpdateLead(engagement, "1", (string)before["ModifiedAt"]!, "Qualified", withInteraction: true), server.A))!;

        Assert.Equal("1", (string?)json["ContextId"]);
        Assert.Equal(expectedTime, Wire.Time(json["EngagementLastModifiedAt"]));
        var lead = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]![0]!["Payload"]!["Lead"]!;
        Assert.Equal("Qualified", (string?)lead["QualificationStatus"]);
        Assert.Equal(["CAMP-2026-0042", "CAMP-NEXT"], lead["Interactions"]!.AsArray().Select(i => (string)i!["SourceId"]!).ToArray());
    }

    [Fact]
    public async Task UpdateEngagementContext_LeadWithoutQualificationStatus_TakesTheModelDefault()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        await server.OkAsync("UpdateEngagementContext", UpdateLead(engagement, "1", modified, "Qualified", false), server.A);
        modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        var update = UpdateLead(engagement, "1", modified, "Qualified", false);
        update["Payload"]!["Lead"]!.AsObject().Remove("QualificationStatus");

        await server.OkAsync("UpdateEngagementContext", update, server.A);

        var lead = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]![0]!["Payload"]!["Lead"]!;
        Assert.Equal("Unqualified", (string?)lead["QualificationStatus"]);
    }

    [Fact]
    public async Task UpdateEngagementContext_MillisecondEcho_Accepted()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        // A JS client keeps milliseconds only: 12:00:00.1234567 comes back as 12:00:00.123.
        server.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        await server.OkAsync("CreateEngagementContext", CreateContext(engagement, RequestBodies.CustomerProjectContext()), server.A);
        var modified = Wire.Time((await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]);
        var truncated = new DateTimeOffset(modified.UtcTicks - modified.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        Assert.NotEqual(modified, truncated);

        await server.OkAsync("UpdateEngagementContext",
            UpdateLead(engagement, "1", truncated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), "Qualified", false), server.A);
    }

    [Fact]
    public async Task UpdateEngagementContext_StaleModifiedAt_Conflict()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var stale = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        await server.OkAsync("UpdateEngagementContext", UpdateLead(engagement, "1", stale, "Qualified", false), server.A);

        var response = await server.CallAsync("UpdateEngagementContext", UpdateLead(engagement, "1", stale, "Disqualified", false), server.A);

        response.AssertError(409, "ConflictException");
        var lead = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]![0]!["Payload"]!["Lead"]!;
        Assert.Equal("Qualified", (string?)lead["QualificationStatus"]);
    }

    [Fact]
    public async Task UpdateEngagementContext_TwoChangesWithinOneMillisecond_FirstValueNoLongerAccepted()
    {
        // The clock does not move: both changes fall in the same millisecond, as on a fast machine.
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var stale = Wire.Time((await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]);
        var staleText = stale.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var first = (await server.OkAsync("UpdateEngagementContext", UpdateLead(engagement, "1", staleText, "Qualified", false), server.A))!;
        var moved = Wire.Time(first["EngagementLastModifiedAt"]);
        var response = await server.CallAsync("UpdateEngagementContext", UpdateLead(engagement, "1", staleText, "Disqualified", false), server.A);

        Assert.True(moved > stale && moved - stale <= TimeSpan.FromMilliseconds(1), $"{moved:O} is not just after {stale:O}");
        Assert.NotEqual(stale.UtcTicks / TimeSpan.TicksPerMillisecond, moved.UtcTicks / TimeSpan.TicksPerMillisecond);
        response.AssertError(409, "ConflictException");
        Assert.Equal(moved, Wire.Time((await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]));
    }

    [Fact]
    public async Task UpdateEngagementContext_CustomerProjectWithoutCustomer_ReplacesThePayloadCustomerRemoved()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["CustomerProject"]);
        var modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        var project = CosellServer.Json("""
            { "Title": "Data platform, phase two", "BusinessProblem": "Phase one left the reporting marts on premises", "TargetCompletionDate": "2027-09-30" }
            """);

        await server.OkAsync("UpdateEngagementContext", new JsonObject
        {
            ["Catalog"] = "Sandbox",
            ["EngagementIdentifier"] = engagement,
            ["ContextIdentifier"] = "1",
            ["EngagementLastModifiedAt"] = modified,
            ["Type"] = "CustomerProject",
            ["Payload"] = new JsonObject { ["CustomerProject"] = new JsonObject { ["Project"] = project.DeepClone() } },
        }, server.A);

        var stored = (await server.GetEngagementAsync(server.A, engagement))["Contexts"]![0]!["Payload"]!["CustomerProject"]!;
        Wire.Same(new JsonObject { ["Project"] = project }, stored, "CustomerProject");
    }

    [Fact]
    public async Task UpdateEngagementContext_UnknownContext_NotFound()
    {
        var engagement = await server.CreateEngagementAsync(server.A, contexts: ["Lead"]);
        var modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        var response = await server.CallAsync("UpdateEngagementContext", UpdateLead(engagement, "4", modified, "Qualified", false), server.A);
        response.AssertError(404, "ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateEngagementContext_TypeOtherThanStored_BusinessValidation()
    {
        var engagement = await server.CreateEngagementAsync(server.A);
        var modified = (string)(await server.GetEngagementAsync(server.A, engagement))["ModifiedAt"]!;
        var errors = (await server.CallAsync("UpdateEngagementContext", UpdateLead(engagement, "1", modified, "Qualified", false), server.A))
            .AssertValidation("BUSINESS_VALIDATION_FAILED");
        Assert.Contains(("type", "INVALID_VALUE"), errors);
    }
}
