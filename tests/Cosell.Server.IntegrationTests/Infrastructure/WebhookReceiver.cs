using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.IntegrationTests.Infrastructure;

/// <summary>
/// What a user's webhook endpoint would be: a tiny Kestrel app on 127.0.0.1 (ephemeral port) that takes POSTs on any
/// path and records every attempt (path, status answered, body). It answers 200, or 500 while it is told to fail: the
/// next N requests of a path (<see cref="FailNext"/>), or every request while <see cref="Down"/>. A path can also be
/// made to hang (<see cref="Hang"/>): its requests get no answer until it is released. A path can be given the bodies of
/// its next 200 answers (<see cref="AnswerWith"/>), e.g. what an EventBridge endpoint says to PutEvents, or be told to
/// refuse the requests whose body matches (<see cref="RefuseWhere"/>), or redirect its next POSTs (<see cref="RedirectNext"/>;
/// GETs are recorded and answered 200). A PutEvents call without a given answer gets EventBridge's answer for an entry taken.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>
    /// One POST as it arrived: the path, the status answered, the raw body and the body parsed (null if not JSON), and the
    /// request's headers (name as sent → value) with the path and query as sent.
    /// </summary>
    public sealed record Attempt(string Path, int Status, string ContentType, string Body, JsonObject? Json)
    {
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        public string RawTarget { get; init; } = "";

        public string Method { get; init; } = "POST";

        public string Header(string name) =>
            Headers.Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        public bool Delivered => Method == "POST" && Status is >= 200 and < 300;
    }

    private readonly Lock _lock = new();
    private readonly List<Attempt> _attempts = [];
    private readonly Dictionary<string, int> _failNext = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hanging = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _arrivals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<JsonObject?, bool>> _refuse = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<JsonObject?, bool>> _hangWhere = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string Location)> _redirectNext = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private bool _down;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", receiver.HandleAsync);
        app.MapGet("/{**path}", receiver.HandleGet);
        await app.StartAsync();
        var url = app.Urls.Single();
        receiver._app = app;
        receiver.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        return receiver;
    }

    /// <summary>The URL of a webhook served at <paramref name="path"/> (no leading slash).</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>While true, every POST is answered 500 (and recorded as such).</summary>
    public bool Down
    {
        get { lock (_lock) { return _down; } }
        set { lock (_lock) { _down = value; } }
    }

    /// <summary>POSTs to <paramref name="path"/> whose body matches <paramref name="body"/> are answered 500 (null: none).</summary>
    public void RefuseWhere(string path, Func<JsonObject?, bool>? body)
    {
        lock (_lock)
        {
            if (body is null)
            {
                _refuse.Remove(Normalize(path));
            }
            else
            {
                _refuse[Normalize(path)] = body;
            }
        }
    }

    /// <summary>The next 200 answers to <paramref name="path"/> carry these bodies, one each; then the usual answers again.</summary>
    public void AnswerWith(string path, params string[] bodies)
    {
        lock (_lock)
        {
            _answers[Normalize(path)] = new Queue<string>(bodies);
        }
    }

    /// <summary>The next <paramref name="count"/> POSTs to <paramref name="path"/> are answered 500.</summary>
    public void FailNext(string path, int count)
    {
        lock (_lock)
        {
            _failNext[Normalize(path)] = count;
        }
    }

    /// <summary>The next <paramref name="count"/> POSTs to <paramref name="path"/> are answered 302 to <paramref name="location"/>.</summary>
    public void RedirectNext(string path, int count, string location)
    {
        lock (_lock)
        {
            _redirectNext[Normalize(path)] = (count, location);
        }
    }

    /// <summary>While <paramref name="hang"/>, requests to <paramref name="path"/> wait without an answer (then get 200).</summary>
    public void Hang(string path, bool hang)
    {
        lock (_lock)
        {
            if (hang)
            {
                _hanging.Add(Normalize(path));
            }
            else
            {
                _hanging.Remove(Normalize(path));
            }
        }
    }

    /// <summary>Requests to <paramref name="path"/> whose body matches wait without an answer (null: none waits).</summary>
    public void HangWhere(string path, Func<JsonObject?, bool>? body)
    {
        lock (_lock)
        {
            if (body is null)
            {
                _hangWhere.Remove(Normalize(path));
            }
            else
            {
                _hangWhere[Normalize(path)] = body;
            }
        }
    }

    /// <summary>How many requests to <paramref name="path"/> have arrived and not been answered yet.</summary>
    public int InFlight(string path)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(Normalize(path));
        }
    }

    /// <summary>How many requests to <paramref name="path"/> have arrived, answered or not (one the sender gave up on too).</summary>
    public int Arrivals(string path)
    {
        lock (_lock)
        {
            return _arrivals.GetValueOrDefault(Normalize(path));
        }
    }

    /// <summary>Every attempt so far (of <paramref name="path"/> when given), in arrival order.</summary>
    public IReadOnlyList<Attempt> Attempts(string? path = null)
    {
        lock (_lock)
        {
            return _attempts.Where(a => path is null || a.Path == Normalize(path)).ToList();
        }
    }

    /// <summary>The bodies answered with 2xx (of <paramref name="path"/> when given), in arrival order, duplicates included.</summary>
    public IReadOnlyList<JsonObject> Delivered(string? path = null) =>
        Attempts(path).Where(a => a.Delivered && a.Json is not null).Select(a => a.Json!).ToList();

    /// <summary>
    /// Polls until <paramref name="done"/> holds for the attempts recorded so far; fails after <paramref name="timeout"/>
    /// (30 s by default: a bound for a loaded CI machine) with <paramref name="what"/> and what did arrive. A time-out bounds
    /// the wait; it measures nothing.
    /// </summary>
    public async Task<IReadOnlyList<Attempt>> WaitUntilAsync(
        Func<IReadOnlyList<Attempt>, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var attempts = Attempts();
            if (done(attempts))
            {
                return attempts;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Timed out waiting for {what}. Attempts so far ({attempts.Count}):\n  " +
                    string.Join("\n  ", attempts.TakeLast(40).Select(a => $"{a.Path} {a.Status} {a.Json?["detail-type"]} {a.Json?["id"]}")));
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every event id of <paramref name="ids"/> has been delivered (2xx) to <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForIdsAsync(string path, IReadOnlyCollection<string> ids, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(
            attempts =>
            {
                var seen = attempts.Where(a => a.Path == Normalize(path) && a.Delivered).Select(a => (string?)a.Json?["id"]).ToHashSet();
                return ids.All(seen.Contains);
            },
            $"events [{string.Join(", ", ids)}] at /{Normalize(path)}", timeout);
        return Delivered(path);
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
        }
        var path = Normalize(http.Request.Path.Value ?? "");
        lock (_lock)
        {
            _inFlight[path] = _inFlight.GetValueOrDefault(path) + 1;
            _arrivals[path] = _arrivals.GetValueOrDefault(path) + 1;
        }
        try
        {
            while (IsHanging(path, json))
            {
                await Task.Delay(20, http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the sender gave up waiting
        }
        finally
        {
            lock (_lock)
            {
                _inFlight[path]--;
            }
        }
        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        int status;
        string? answer = null;
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        lock (_lock)
        {
            if (_down)
            {
                status = 500;
            }
            else if (_refuse.TryGetValue(path, out var refuse) && refuse(json))
            {
                status = 500;
            }
            else if (_failNext.TryGetValue(path, out var left) && left > 0)
            {
                _failNext[path] = left - 1;
                status = 500;
            }
            else if (_redirectNext.TryGetValue(path, out var redirect) && redirect.Count > 0)
            {
                _redirectNext[path] = (redirect.Count - 1, redirect.Location);
                status = 302;
                http.Response.Headers.Location = redirect.Location;
            }
            else
            {
                status = 200;
                if (_answers.TryGetValue(path, out var queue) && queue.Count > 0)
                {
                    answer = queue.Dequeue();
                }
                else if (headers.TryGetValue("X-Amz-Target", out var target) && target == "AWSEvents.PutEvents")
                {
                    // What EventBridge answers when it takes the entry.
                    answer = $$"""{"FailedEntryCount":0,"Entries":[{"EventId":"{{Guid.NewGuid()}}"}]}""";
                }
            }
            _attempts.Add(new Attempt(path, status, http.Request.ContentType ?? "", body, json) { Headers = headers, RawTarget = rawTarget });
        }
        http.Response.StatusCode = status;
        if (answer is not null)
        {
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync(answer);
        }
    }

    /// <summary>A GET (what a client that follows a redirect of a POST sends next) is recorded and answered 200.</summary>
    private void HandleGet(HttpContext http)
    {
        lock (_lock)
        {
            _attempts.Add(new Attempt(Normalize(http.Request.Path.Value ?? ""), 200, "", "", null) { Method = "GET" });
        }
        http.Response.StatusCode = 200;
    }

    private bool IsHanging(string path, JsonObject? json)
    {
        lock (_lock)
        {
            return _hanging.Contains(path) || (_hangWhere.TryGetValue(path, out var matches) && matches(json));
        }
    }

    private static string Normalize(string path) => path.TrimStart('/');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
