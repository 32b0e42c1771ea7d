using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cosell.Soak;

// cosell-soak accounts FILE [COUNT]                 write an accounts file for `cosell serve --accounts`
// cosell-soak run --url URL --accounts FILE --minutes M [--clients N] [--pid PID]
//     mixed signed traffic from every account for M minutes (fractions allowed), then a report:
//     throughput, answers by status, errors (5xx, transport failures, unexpected 4xx), and the server's RSS (--pid).
if (args is ["accounts", var path, ..])
{
    Accounts.Write(path, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6);
    return 0;
}
if (args is not ["run", ..])
{
    Console.Error.WriteLine("usage: cosell-soak accounts FILE [COUNT] | cosell-soak run --url URL --accounts FILE --minutes M [--clients N] [--pid PID]");
    return 2;
}
string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
}
var url = new Uri(Arg("--url"));
var accounts = Accounts.Read(Arg("--accounts"));
var duration = TimeSpan.FromMinutes(double.Parse(Arg("--minutes"), CultureInfo.InvariantCulture));
var clients = int.Parse(Arg("--clients", "8"), CultureInfo.InvariantCulture);
int? pid = args.Contains("--pid") ? int.Parse(Arg("--pid"), CultureInfo.InvariantCulture) : null;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { Timeout = TimeSpan.FromSeconds(60) };
var stats = new ConcurrentDictionary<string, long>();
var errors = new ConcurrentQueue<string>();
long total = 0;
var rssStart = Rss(pid);
var rssPeak = rssStart ?? 0;
Console.WriteLine($"soak: {accounts.Count} accounts, {clients} clients, {duration.TotalMinutes:0.##} min against {url}; server RSS at start {Mb(rssStart)}");

var stopwatch = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(duration);
var progress = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
        }
        catch (OperationCanceledException)
        {
            break;
        }
        var rss = Rss(pid);
        rssPeak = Math.Max(rssPeak, rss ?? 0);
        Console.WriteLine($"  {stopwatch.Elapsed:mm\\:ss}  {Interlocked.Read(ref total),9} requests  {Interlocked.Read(ref total) / stopwatch.Elapsed.TotalSeconds,8:0.0}/s  errors {errors.Count}  RSS {Mb(rss)}");
    }
});

var loops = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
{
    var me = accounts[c % accounts.Count];
    var random = new Random(c * 7919 + Environment.TickCount);
    var engagements = new List<string>();
    var received = new List<string>();
    while (!stop.IsCancellationRequested)
    {
        var roll = random.Next(100);
        var (operation, body) = roll switch
        {
            < 15 => ("CreateEngagement", Bodies.Engagement()),
            < 30 when engagements.Count > 0 => ("CreateEngagementInvitation",
                Bodies.Invitation(engagements[random.Next(engagements.Count)], Other(random, me, accounts).AccountId)),
            < 45 when engagements.Count > 0 => ("GetEngagement", Bodies.Identify(engagements[random.Next(engagements.Count)])),
            < 55 when engagements.Count > 0 => ("ListEngagementMembers", Bodies.Identify(engagements[random.Next(engagements.Count)])),
            < 70 => ("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 20 }),
            < 80 => ("ListEngagementInvitations", new JsonObject { ["Catalog"] = "Sandbox", ["ParticipantType"] = "RECEIVER", ["MaxResults"] = 20, ["Status"] = new JsonArray("PENDING") }),
            < 88 when received.Count > 0 => ("GetEngagementInvitation", Bodies.Identify(received[random.Next(received.Count)])),
            < 100 when received.Count > 0 => (random.Next(2) == 0 ? "AcceptEngagementInvitation" : "RejectEngagementInvitation",
                Bodies.Identify(Take(random, received))),
            _ => ("ListEngagements", new JsonObject { ["Catalog"] = "Sandbox", ["MaxResults"] = 5 }),
        };
        var bytes = Encoding.UTF8.GetBytes(Accounts.Json(body));
        string outcome;
        try
        {
            using var request = Signer.Request(url, operation, bytes, me, DateTimeOffset.UtcNow);
            using var response = await http.SendAsync(request, stop.Token);
            var text = await response.Content.ReadAsStringAsync(stop.Token);
            var status = (int)response.StatusCode;
            outcome = status.ToString(CultureInfo.InvariantCulture);
            if (status == 200)
            {
                var json = text.Length > 0 ? JsonNode.Parse(text) : null;
                if (operation == "CreateEngagement" && engagements.Count < 200)
                {
                    engagements.Add((string)json!["Id"]!);
                }
                else if (operation == "ListEngagementInvitations")
                {
                    received = json!["EngagementInvitationSummaries"]!.AsArray().Select(i => (string)i!["Id"]!).ToList();
                }
            }
            else
            {
                var type = (string?)JsonNode.Parse(text)?["__type"];
                type = type?[(type.IndexOf('#', StringComparison.Ordinal) + 1)..]; // the name, as SDKs read it
                outcome += " " + type;
                // Conflicts, quota and throttling answers are business as usual under concurrent mixed traffic.
                if (status >= 500 || status is not (409 or 402 or 429))
                {
                    errors.Enqueue($"{operation}: {status} {text[..Math.Min(200, text.Length)]}");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            break;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            outcome = "transport " + e.GetType().Name;
            errors.Enqueue($"{operation}: {e.Message}");
        }
        Interlocked.Increment(ref total);
        stats.AddOrUpdate($"{operation} {outcome}", 1, (_, n) => n + 1);
    }
})).ToList();

await Task.WhenAll(loops);
await progress;
var elapsed = stopwatch.Elapsed.TotalSeconds;
var rssEnd = Rss(pid);
rssPeak = Math.Max(rssPeak, rssEnd ?? 0);

Console.WriteLine();
Console.WriteLine("answers:");
foreach (var (key, count) in stats.OrderBy(kv => kv.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {count,9}  {key}");
}
foreach (var error in errors.Take(10))
{
    Console.WriteLine("  error: " + error);
}
Console.WriteLine();
Console.WriteLine($"requests {total} in {elapsed:0.0} s = {total / elapsed:0.0}/s; errors {errors.Count}");
Console.WriteLine($"server RSS start {Mb(rssStart)}, end {Mb(rssEnd)}, peak {Mb(rssPeak)}");
return errors.IsEmpty ? 0 : 1;

static Account Other(Random random, Account me, List<Account> all) => all.Where(a => a != me).ElementAt(random.Next(all.Count - 1));

static string Take(Random random, List<string> list)
{
    var i = random.Next(list.Count);
    var id = list[i];
    list.RemoveAt(i);
    return id;
}

static long? Rss(int? pid)
{
    if (pid is null)
    {
        return null;
    }
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return null;
    }
}

static string Mb(long? bytes) => bytes is null ? "n/a" : $"{bytes.Value / 1048576.0:0.0} MB";
