using System.CommandLine;
using Cosell.Server.Hosting;

namespace Cosell.Server.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var data = new Option<string>("--data") { Description = "Folder of the SQLite store", DefaultValueFactory = _ => "./cosell-data" };
        var accounts = new Option<string?>("--accounts") { Description = "Accounts file (JSON); without it, demo accounts are created and printed" };
        var throttling = new Option<bool>("--throttling") { Description = "Enforce the documented per-second quotas (ThrottlingException)" };
        var command = new Command("serve", "Serve the Partner Central Selling API") { urls, data, accounts, throttling };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(data)!,
                AccountsPath = parse.GetValue(accounts),
                Throttling = parse.GetValue(throttling),
            };
            await using var app = await CosellHost.BuildAsync(options, ct: ct);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
