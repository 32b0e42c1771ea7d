namespace Cosell.Storage.Sqlite;

/// <summary>The store's database file was deleted or replaced while the server ran; writes are refused from then on.</summary>
internal sealed class DatabaseMovedException(string path) : IOException(
    $"{path} was deleted or replaced while the server ran: writes are refused, since they would be lost at the next start; " +
    "restart the server (on a data folder that exists)");
