using System.Collections.Concurrent;

namespace Cosell.Storage;

/// <summary>
/// The records parsed from recently read documents, so that a document read again unchanged is not parsed again (the
/// invitation create path reads its engagement on the store's single writer; a CRM inviting several partners reads the
/// same engagement several times in a row). The key only finds the entry: it is used only when the stored text is
/// the same, character for character, so no rollback, failed group or reused version can serve a stale record.
/// One instance is handed to every reader: callers must treat it as read-only and change a record only through
/// <c>with</c> (the domain records are init-only; the generated model types inside them are settable, for the serializer,
/// and must not be changed in place either).
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
