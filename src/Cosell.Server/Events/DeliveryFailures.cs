namespace Cosell.Server.Events;

/// <summary>What the warning of a failed delivery says of a request that got no HTTP answer.</summary>
public static class DeliveryFailures
{
    /// <summary>
    /// The request's message and its innermost cause's: the outer one is often only "An error occurred while sending the
    /// request.", while the cause (the connection closed before an answer, a refused port) is what an operator can act on.
    /// </summary>
    public static string Describe(HttpRequestException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error.GetBaseException();
        return ReferenceEquals(cause, error) || error.Message.Contains(cause.Message, StringComparison.Ordinal)
            ? error.Message
            : $"{error.Message} {cause.Message}";
    }
}
