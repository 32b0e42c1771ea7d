using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cosell.Server.Hosting;
using Cosell.Service.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Cosell.Server.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var data = new Option<string>("--data") { Description = "Folder of the SQLite store", DefaultValueFactory = _ => "./cosell-data" };
        var store = new Option<string?>("--store") { Description = "PostgreSQL connection string (Npgsql syntax; also env COSELL_STORE): share one database between instances; --data is then ignored" };
        var accounts = new Option<string?>("--accounts") { Description = "Accounts file (JSON); without it, demo accounts are created and printed" };
        var throttling = new Option<bool>("--throttling") { Description = "Enforce the documented per-second and 24-hour quotas (ThrottlingException)" };
        var maxConnections = new Option<long?>("--max-connections")
        {
            Description = "Most concurrent connections; further ones are closed unanswered",
            CustomParser = result => ParseNumber(result, "--max-connections", 1, long.MaxValue, "a whole number of at least 1", long.Parse),
        };
        var tokenHours = new Option<double>("--client-token-hours")
        {
            Description = "Hours a ClientToken replays its first response; after that the same token starts a new request",
            DefaultValueFactory = _ => IdempotencyOptions.DefaultTokenLifetime.TotalHours,
            // At least one tick: a smaller positive number of hours would become a zero TimeSpan, and no token would replay.
            CustomParser = result => ParseNumber(result, "--client-token-hours", 1.0 / TimeSpan.TicksPerHour, 24 * 366, "more than 0 and at most 8784 (a year)",
                static (text, culture) => double.Parse(text, NumberStyles.Float, culture)),
        };
        var retentionDays = new Option<double?>("--event-retention-days")
        {
            Description = "Days (0.0417 to 3660) events stay for the event feed, webhooks and EventBridge targets; older ones are deleted (default: kept)",
            CustomParser = result => ParseNumber(result, "--event-retention-days", 0.0417, 3660, "a number of days from 0.0417 (an hour) to 3660 (ten years)",
                static (text, culture) => double.Parse(text, NumberStyles.Float, culture)),
        };
        var strictTokens = new Option<bool>("--strict-client-tokens")
        {
            Description = "Take only ClientTokens of 1 to 64 printable ASCII characters without spaces on the engagement, task and snapshot create operations, as AWS's API reference shows for some of them",
        };
        var clockControl = new Option<bool>("--clock-control")
        {
            Description = "Serve /_cosell/clock, which moves the server's time forward (to see invitations expire in a test); SQLite store only",
        };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least level logged: Debug logs every request, Trace also the request bodies (sensitive members redacted)", DefaultValueFactory = _ => LogLevel.Warning };
        // An enum option also takes numbers ("42"); only the named levels mean something. The token is read, not the
        // value: asking for the value of a name that did not convert ("Verbose") throws instead of reporting it.
        logLevel.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && token.Value.Length > 0 && (char.IsAsciiDigit(token.Value[0]) || token.Value[0] is '-' or '+'))
            {
                result.AddError($"--log-level must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}.");
            }
        });
        urls.Validators.Add(result =>
        {
            if (ServeOptions.CheckUrls(result.Tokens is [var token] ? token.Value : ServeOptions.DefaultUrls) is { } problem)
            {
                result.AddError("--urls " + problem);
            }
        });
        data.Validators.Add(result => RequireName(result, "--data must name a folder."));
        accounts.Validators.Add(result => RequireName(result, "--accounts must name a file."));
        // An empty flag (--store "$STORE" with STORE unset) would otherwise start on SQLite in --data, each instance on
        // its own data; an empty COSELL_STORE still means SQLite, as an unset one does.
        store.Validators.Add(result => RequireName(result, "--store must be a PostgreSQL connection string; leave the flag out for SQLite."));
        var command = new Command("serve", "Serve the Partner Central Selling API") { urls, data, store, accounts, throttling, maxConnections, tokenHours, retentionDays, strictTokens, clockControl, logLevel };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(data)!,
                AccountsPath = parse.GetValue(accounts),
                // Read here, not as the option's default, so that --help never prints a password.
                Store = parse.GetValue(store) ?? Environment.GetEnvironmentVariable("COSELL_STORE"),
                Throttling = parse.GetValue(throttling),
                MaxConnections = parse.GetValue(maxConnections),
                ClientTokenLifetime = TimeSpan.FromHours(parse.GetValue(tokenHours)),
                EventRetention = parse.GetValue(retentionDays) is { } days ? TimeSpan.FromDays(days) : null,
                StrictClientTokens = parse.GetValue(strictTokens),
                ClockControl = parse.GetValue(clockControl),
                LogLevel = parse.GetValue(logLevel),
            };
            if (ListenCheck.Problem(options.Urls) is { } busy)
            {
                await Console.Error.WriteLineAsync("cosell serve: " + busy);
                return 1;
            }
            WebApplication app;
            // The PostgreSQL store retries a server it cannot reach for half a minute (one that is still starting, in a
            // compose file say): say so after a moment instead of being silent all that time.
            using var opened = new CancellationTokenSource();
            if (!string.IsNullOrWhiteSpace(options.Store))
            {
                _ = Task.Delay(TimeSpan.FromSeconds(2), opened.Token).ContinueWith(
                    static _ => Console.Error.WriteLine("cosell serve: waiting for the PostgreSQL store (connecting and migrating: a server that does not answer is retried for up to 30 s, a migration takes what it takes)…"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
            try
            {
                app = await CosellHost.BuildAsync(options, ct: ct);
            }
            catch (StartupException e)
            {
                await Console.Error.WriteLineAsync("cosell serve: " + e.Message);
                return 1;
            }
            finally
            {
                await opened.CancelAsync();
            }
            await using (app)
            {
                // Not the parser's token: Ctrl-C and SIGTERM stop the host through its own lifetime, which lets requests
                // in flight finish.
                try
                {
                    await app.StartAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    // The port was taken after ListenCheck tried it ("Failed to bind to address http://…: address already in use.").
                    await Console.Error.WriteLineAsync($"cosell serve: cannot listen on {options.Urls}: {e.Message}");
                    return 1;
                }
                await app.WaitForShutdownAsync(CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    private static void RequireName(OptionResult result, string message)
    {
        if (result.Tokens is [var token] && string.IsNullOrWhiteSpace(token.Value))
        {
            result.AddError(message);
        }
    }

    /// <summary>
    /// A number in the invariant culture (so <c>1,5</c> is refused, not read as 15) within [min, max]; anything else is a
    /// usage error the parser reports, instead of an exception.
    /// </summary>
    private static T ParseNumber<T>(ArgumentResult result, string name, T min, T max, string expected, Func<string, CultureInfo, T> parse)
        where T : struct, IComparable<T>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        try
        {
            var value = parse(text, CultureInfo.InvariantCulture);
            if (value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0)
            {
                return value;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            // reported below
        }
        result.AddError($"{name} must be {expected}; '{text}' is not.");
        return default;
    }
}
