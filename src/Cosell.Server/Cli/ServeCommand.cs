using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cosell.Server.Accounts;
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
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least level logged: Debug logs every request, Trace also the request bodies (sensitive members redacted)", DefaultValueFactory = _ => LogLevel.Warning };
        var command = new Command("serve", "Serve the Partner Central Selling API") { urls, data, store, accounts, throttling, maxConnections, tokenHours, logLevel };
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
                LogLevel = parse.GetValue(logLevel),
            };
            WebApplication app;
            try
            {
                app = await CosellHost.BuildAsync(options, ct: ct);
            }
            catch (AccountsFileException e)
            {
                await Console.Error.WriteLineAsync("cosell serve: " + e.Message);
                return 1;
            }
            await using (app)
            {
                await app.RunAsync();
            }
            return 0;
        });
        return command;
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
