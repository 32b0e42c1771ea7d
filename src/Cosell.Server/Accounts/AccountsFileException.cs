using Cosell.Server.Hosting;

namespace Cosell.Server.Accounts;

/// <summary>
/// The accounts file cannot be used as it is: unreadable, not JSON, or an entry breaks a rule. <c>cosell serve</c> prints
/// the message and exits 1; it is a user's mistake, not a fault of the server.
/// </summary>
public sealed class AccountsFileException : StartupException
{
    public AccountsFileException(string message)
        : base(message)
    {
    }

    public AccountsFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AccountsFileException()
    {
    }
}
