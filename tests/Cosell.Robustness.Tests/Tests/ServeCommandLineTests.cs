using System.Diagnostics;
using Cosell.Robustness.Tests.Infrastructure;

namespace Cosell.Robustness.Tests.Tests;

/// <summary>
/// <c>cosell serve</c> given bad flags or a bad accounts file: a one-line message and exit code 1, never an unhandled
/// exception with a stack trace, and no server started.
/// </summary>
public sealed class ServeCommandLineTests
{
    [Theory]
    [InlineData("--client-token-hours", "abc", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--client-token-hours", "1,5", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--client-token-hours", "0", "--client-token-hours must be more than 0 and at most 8784")]
    [InlineData("--max-connections", "0", "--max-connections must be a whole number of at least 1")]
    [InlineData("--max-connections", "many", "--max-connections must be a whole number of at least 1")]
    public async Task Serve_FlagOutOfItsRange_UsageErrorExit1(string flag, string value, string expected)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await RunServeAsync("--data", data.Path, flag, value);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A"},{"accountId":"111111111111","companyName":"B"}]}""",
        "account 111111111111 is listed twice")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connections":["abc"]}]}""",
        "connection 'abc' is not a 12-digit account id")]
    [InlineData("""{"accounts":[{"accountId":"12345","companyName":"A"}]}""", "accountId '12345' must be 12 digits")]
    [InlineData("""{"accounts":[""", "is not valid")]
    [InlineData("""{"accounts":[null]}""", "an entry of \"accounts\" is null")]
    [InlineData("""{"accounts":[{"accountId":null,"companyName":"A"}]}""", "is not valid")]
    [InlineData("""{"accounts":[{"accountId":"111111111111","companyName":"A","connections":[null]}]}""", "connection 'null' is not a 12-digit account id")]
    [InlineData(null, "cannot be read")]
    public async Task Serve_AccountsFileItCannotUse_OneLineMessageExit1(string? content, string expected)
    {
        using var data = new TempDirectory();
        var accounts = Path.Combine(data.Path, "accounts.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(accounts, content);
        }

        var (exitCode, output) = await RunServeAsync("--data", Path.Combine(data.Path, "data"), "--accounts", accounts);

        Assert.Equal(1, exitCode);
        Assert.Contains("cosell serve: ", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunServeAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.ServerDll);
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("cosell serve did not exit: it started instead of refusing its arguments.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
