namespace Cosell.Storage;

/// <summary>
/// The store's schema is newer than this build's migrations: a newer cosell wrote it. Its own type so that start-up can
/// say so in one line (a downgrade is an operator's mistake, not a crash).
/// </summary>
public sealed class SchemaVersionException(long found, long known)
    : Exception($"The database has schema version {found}, newer than this build knows ({known}); use a newer cosell.");
