using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cosell.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A real Cosell server on Kestrel (127.0.0.1, ephemeral port) with its own temporary data directory (or, when
/// <c>COSELL_TEST_POSTGRES</c> is set, its own PostgreSQL database: <see cref="PostgresTestDatabase"/>), an accounts file of
/// <see cref="AccountCount"/> partner accounts, and a <see cref="ManualClock"/> as its TimeProvider. One per test class
/// (IClassFixture): tests in a class share it, so each test makes its own engagements. Variants (the events fixture)
/// derive from it and add to the accounts entries and the services through <see cref="ConfigureAccount"/> and
/// <see cref="ConfigureServices"/>.
/// </summary>
public class CosellServer : IAsyncLifetime
{
    public const int AccountCount = 12;
    public const string AmzJson = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AWSPartnerCentralSelling.";

    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly string[] Companies =
    [
        "Alpha Analytics", "Bravo Builders", "Charlie Cloudworks", "Delta Data", "Echo Engineering", "Foxtrot Fintech",
        "Golf Genomics", "Hotel Hosting", "India Integrations", "Juliet Journeys", "Kilo Kinetics", "Lima Logistics",
    ];

    private WebApplication? _app;
    private (string Name, string ConnectionString)? _database;

    public CosellServer()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "cosell-it-" + Guid.NewGuid().ToString("N"));
        Clock = new ManualClock(DateTimeOffset.UtcNow);
        Accounts = Enumerable.Range(0, AccountCount).Select(i => new TestAccount(
            AccountId: $"7000000000{i + 1:D2}",
            CompanyName: Companies[i],
            // The last account has no website: members without one must come out without WebsiteUrl (spec 01 §2).
            WebsiteUrl: i == AccountCount - 1 ? null : $"https://{Companies[i].Split(' ')[0].ToLowerInvariant()}.example.com",
            AccessKeyId: "AKIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16),
            SecretAccessKey: RandomNumberGenerator.GetString(SecretAlphabet, 40))).ToList();
    }

    public ManualClock Clock { get; }

    /// <summary>The fixture's own PostgreSQL database (its connection string), or null on SQLite.</summary>
    public string? PostgresConnectionString => _database?.ConnectionString;
    public IReadOnlyList<TestAccount> Accounts { get; }
    public TestAccount A => Accounts[0];
    public TestAccount B => Accounts[1];
    public TestAccount C => Accounts[2];
    public TestAccount D => Accounts[3];

    /// <summary>The account whose profile has no website.</summary>
    public TestAccount NoWebsite => Accounts[^1];

    /// <summary>The account whose entry configures users and solutions (<see cref="TestProfiles"/>); the others use the defaults.</summary>
    public TestAccount Profiled => Accounts[TestProfiles.AccountIndex];

    public string DataDirectory { get; }
    public string AccountsPath => Path.Combine(DataDirectory, "accounts.json");

    /// <summary>The address Kestrel bound, e.g. http://127.0.0.1:40123/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A plain client for hand-made requests (no signing).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The running app's services (e.g. InvitationExpiry, to run the expiry sweep on demand).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Adds to an account's entry of the accounts file (a variant's webhooks, say).</summary>
    protected virtual void ConfigureAccount(TestAccount account, JsonObject entry)
    {
    }

    /// <summary>The options the server starts with, as <c>cosell serve</c>'s flags would set them.</summary>
    protected virtual ServeOptions ConfigureOptions(ServeOptions options) => options;

    /// <summary>Registers a variant's services after the fixture's own (the last registration wins).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var file = new JsonObject
        {
            ["accounts"] = new JsonArray(Accounts.Select(a =>
            {
                var entry = new JsonObject
                {
                    ["accountId"] = a.AccountId,
                    ["companyName"] = a.CompanyName,
                    ["accessKeys"] = new JsonArray(new JsonObject
                    {
                        ["accessKeyId"] = a.AccessKeyId,
                        ["secretAccessKey"] = a.SecretAccessKey,
                    }),
                };
                if (a.WebsiteUrl is not null)
                {
                    entry["websiteUrl"] = a.WebsiteUrl;
                }
                if (a == Profiled)
                {
                    TestProfiles.AddTo(entry);
                }
                ConfigureAccount(a, entry);
                return (JsonNode)entry;
            }).ToArray()),
        };
        await File.WriteAllTextAsync(AccountsPath, file.ToJsonString());

        if (PostgresTestDatabase.ConnectionString is { } postgres)
        {
            _database = await PostgresTestDatabase.CreateAsync(postgres); // a fresh database per fixture
        }
        await StartAsync();
    }

    private async Task StartAsync()
    {
        _app = await CosellHost.BuildAsync(
            ConfigureOptions(new ServeOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = Path.Combine(DataDirectory, "data"),
                AccountsPath = AccountsPath,
                Store = _database?.ConnectionString,
                PrintAccounts = false,
            }),
            // CosellHost registers TimeProvider.System with TryAdd before calling this; the last registration wins.
            services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                ConfigureServices(services);
            });
        await _app.StartAsync();
        var url = _app.Urls.Single();
        BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        Assert.NotEqual(0, BaseAddress.Port);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Stops the server and starts a new one on the same data directory and accounts (a new port);
    /// <paramref name="whileStopped"/> runs in between.
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await StopAsync();
        if (whileStopped is not null)
        {
            await whileStopped();
        }
        await StartAsync();
    }

    private async Task StopAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public virtual async Task DisposeAsync()
    {
        await StopAsync();
        if (_database is { } database)
        {
            await PostgresTestDatabase.DropAsync(PostgresTestDatabase.ConnectionString!, database.Name);
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }

    /// <summary>Signs and sends one API call as <paramref name="caller"/>; a 200 answer is checked against the output shape.</summary>
    public async Task<ApiResponse> CallAsync(string operation, string jsonBody, TestAccount caller)
    {
        using var request = SignedRequest(TargetPrefix + operation, Encoding.UTF8.GetBytes(jsonBody), caller);
        var response = await SendAsync(request);
        if (response.Status == 200)
        {
            AssertConforms(operation, response);
        }
        return response;
    }

    public Task<ApiResponse> CallAsync(string operation, JsonNode body, TestAccount caller) =>
        CallAsync(operation, body.ToJsonString(), caller);

    /// <summary>Fails the test unless the 200 body fits the operation's output shape in the model.</summary>
    public static void AssertConforms(string operation, ApiResponse response)
    {
        var violations = ModelShapes.Violations(operation, response.Body);
        Assert.True(violations.Count == 0,
            $"{operation} answered 200 with a body that does not fit its output shape:\n  {string.Join("\n  ", violations)}\nBody: {response.Body}");
    }

    /// <summary>
    /// A <c>POST /</c> signed like boto3 signs it (content-type, host, x-amz-date, x-amz-target), with knobs for the
    /// malformed variants: no target, another content type, another secret, another key id, no signature at all, another
    /// signing time, and further headers to send and sign (the JS SDK signs nine); or a <c>POST /{Operation}</c>, the
    /// path form, with <paramref name="path"/>.
    /// </summary>
    public HttpRequestMessage SignedRequest(
        string? target, byte[] body, TestAccount caller,
        string contentType = AmzJson, string? secret = null, string? accessKeyId = null, bool sign = true,
        DateTimeOffset? at = null, IReadOnlyDictionary<string, string>? extraSignedHeaders = null, string path = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var toSign = new Dictionary<string, string>
        {
            ["content-type"] = contentType,
            ["host"] = BaseAddress.Authority,
        };
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            toSign["x-amz-target"] = target;
        }
        foreach (var (name, value) in extraSignedHeaders ?? new Dictionary<string, string>())
        {
            // HttpClient writes Content-Length itself; it is only signed here.
            if (!name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            toSign[name.ToLowerInvariant()] = value;
        }
        var signature = TestSigner.Sign("POST", path, toSign, body,
            accessKeyId ?? caller.AccessKeyId, secret ?? caller.SecretAccessKey, at ?? Clock.GetUtcNow());
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (sign)
        {
            request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        }
        return request;
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }
        return new ApiResponse((int)response.StatusCode, headers, body);
    }

    /// <summary>Parses a JSON literal written in a test (for request bodies).</summary>
    public static JsonObject Json(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!.AsObject();
}
