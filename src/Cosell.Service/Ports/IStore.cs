namespace Cosell.Service.Ports;

/// <summary>The persistent store. Each request runs in one session; a write session is one transaction.</summary>
public interface IStore
{
    string Kind { get; }

    /// <summary>A write session serialises against other writers and commits all or nothing.</summary>
    Task<IStoreSession> BeginAsync(bool write, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="error"/> means the store rolled the session back because of a concurrent one (a deadlock,
    /// say) and the whole request may simply run again. Never true for a failure the request itself caused.
    /// </summary>
    bool IsTransientConflict(Exception error) => false;
}
