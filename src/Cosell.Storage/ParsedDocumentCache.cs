using System.Collections.Concurrent;

namespace Cosell.Storage;

/// <summary>
/// The records parsed from recently read documents, so that a document read again unchanged is not parsed again (the
/// invitation create path reads its engagement on the store's single writer; a CRM inviting several partners reads the
/// same engagement several times in a row). The key only finds the entry: it is used only when the stored text is
/// the same, character for character, so no rollback, failed group or reused version can serve a stale record.
/// Records are immutable, so one instance can be handed to any number of readers.
/// </summary>
internal sealed class ParsedDocumentCache<T>(int capacity) where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public T GetOrParse(string key, string document, Func<string, T> parse)
    {
        if (_entries.TryGetValue(key, out var cached) && string.Equals(cached.Document, document, StringComparison.Ordinal))
        {
            return cached.Record;
        }
        var record = parse(document);
        if (_entries.Count >= capacity)
        {
            // Bounded without bookkeeping on the hot path: a full cache starts over.
            _entries.Clear();
        }
        _entries[key] = new Entry(document, record);
        return record;
    }

    private sealed record Entry(string Document, T Record);
}
