namespace Cosell.Service.Ports;

/// <summary>A claim of <see cref="IStore.TryClaimAsync"/>: released when disposed.</summary>
public interface IStoreClaim : IAsyncDisposable
{
    /// <summary>
    /// False once the claim was lost without being released (the store ended the session that held it): another
    /// process may hold it now, so whatever it guards must stop.
    /// </summary>
    Task<bool> StillHeldAsync(CancellationToken ct);
}
