namespace Cosell.Server.Hosting;

/// <summary>
/// The server cannot start as configured: a data folder it cannot use, a store it cannot open, a bad accounts file
/// (<see cref="Accounts.AccountsFileException"/>). <c>cosell serve</c> prints the message and exits 1; the cause is the
/// setting, not a fault of the server.
/// </summary>
public class StartupException : InvalidOperationException
{
    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StartupException()
    {
    }
}
