namespace Cosell.Service.Ports;

/// <summary>The persistent store. Each request runs in one session; a write session is one transaction.</summary>
public interface IStore
{
    string Kind { get; }

    /// <summary>A write session serialises against other writers and commits all or nothing.</summary>
    Task<IStoreSession> BeginAsync(bool write, CancellationToken ct);
}
