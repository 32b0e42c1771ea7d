namespace Cosell.Storage.Sqlite;

/// <summary>A write session's group failed as a whole; the inner exception is SQLite's reason.</summary>
internal sealed class GroupCommitException(string message, Exception cause) : InvalidOperationException(message, cause);
