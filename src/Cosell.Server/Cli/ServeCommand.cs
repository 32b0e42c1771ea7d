using System.CommandLine;
using Cosell.Server.Hosting;
using Cosell.Service.Dispatch;
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
        var maxConnections = new Option<long?>("--max-connections") { Description = "Most concurrent connections; further ones are closed unanswered" };
        var tokenHours = new Option<double>("--client-token-hours")
        {
            Description = "Hours a ClientToken replays its first response; after that the same token starts a new request",
            DefaultValueFactory = _ => IdempotencyOptions.DefaultTokenLifetime.TotalHours,
        };
        tokenHours.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 24 * 366))
            {
                result.AddError("--client-token-hours must be more than 0 and at most 8784 (a year).");
            }
        });
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
            await using var app = await CosellHost.BuildAsync(options, ct: ct);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
