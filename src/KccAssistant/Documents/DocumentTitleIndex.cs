using KccAssistant.Text;

namespace KccAssistant.Documents;

/// <summary>One document of a generation as a title search shows it.</summary>
/// <param name="DocumentId">The document's id: what feedback records as the right source.</param>
/// <param name="Title">The title shown in citations.</param>
/// <param name="Type">The kind of source.</param>
/// <param name="Url">Where a citation links to.</param>
public sealed record DocumentTitle(string DocumentId, string Title, SourceType Type, string Url);

/// <summary>
/// The titles of one generation's documents, searchable as an agent types: case and diacritics do not matter, and a
/// title that starts with the typed text comes before one where a word does, which comes before a mere substring.
/// Immutable once built, so any number of circuits can search it at once.
/// </summary>
public sealed class DocumentTitleIndex
{
    /// <summary>Fewer characters than this match too many titles to be worth listing.</summary>
    public const int MinimumQueryLength = 2;

    /// <summary>How many titles a search returns by default: what fits under a field without scrolling.</summary>
    public const int DefaultLimit = 8;

    private readonly Entry[] _entries;

    /// <summary>Builds the index from a generation's chunks (several per document; the first one names the document).</summary>
    /// <param name="generation">The generation the chunks belong to.</param>
    /// <param name="chunks">Every chunk of the generation.</param>
    public DocumentTitleIndex(long generation, IEnumerable<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        Generation = generation;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var chunk in chunks)
        {
            if (seen.Add(chunk.DocumentId) && !string.IsNullOrWhiteSpace(chunk.Title))
            {
                var folded = Collapse(DutchTextNormalizer.Fold(chunk.Title));
                entries.Add(new Entry(
                    new DocumentTitle(chunk.DocumentId, chunk.Title.Trim(), chunk.SourceType, chunk.Url),
                    folded,
                    [.. DutchTextNormalizer.Tokenize(chunk.Title).Distinct(StringComparer.Ordinal)]));
            }
        }

        _entries = [.. entries];
    }

    /// <summary>The generation the titles come from.</summary>
    public long Generation { get; }

    /// <summary>How many documents the index holds.</summary>
    public int Count => _entries.Length;

    /// <summary>
    /// Up to <paramref name="limit"/> documents whose title contains <paramref name="query"/>, or whose words start with
    /// every word of it; best first. Empty below <see cref="MinimumQueryLength"/> characters.
    /// </summary>
    public IReadOnlyList<DocumentTitle> Search(string query, int limit = DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var folded = Collapse(DutchTextNormalizer.Fold(query));
        if (folded.Length < MinimumQueryLength)
        {
            return [];
        }

        var words = DutchTextNormalizer.Tokenize(query).ToArray();
        var matches = new List<(Entry Entry, int Rank)>();
        foreach (var entry in _entries)
        {
            if (Rank(entry, folded, words) is { } rank)
            {
                matches.Add((entry, rank));
            }
        }

        // Shorter titles first within a rank: typing "paspoort" should offer "Paspoort" before
        // "Paspoort kwijt of gestolen in het buitenland".
        return [.. matches
            .OrderBy(m => m.Rank)
            .ThenBy(m => m.Entry.Document.Title.Length)
            .ThenBy(m => m.Entry.Document.Title, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(m => m.Entry.Document.DocumentId, StringComparer.Ordinal)
            .Take(limit)
            .Select(m => m.Entry.Document)];
    }

    private static int? Rank(Entry entry, string folded, string[] words)
    {
        if (entry.Folded.StartsWith(folded, StringComparison.Ordinal))
        {
            return 0;
        }

        // Every typed word starts a word of the title, in any order: "kwijt pasp" finds "Paspoort kwijt".
        if (words.Length > 0 && words.All(w => entry.Words.Any(t => t.StartsWith(w, StringComparison.Ordinal))))
        {
            return 1;
        }

        return entry.Folded.Contains(folded, StringComparison.Ordinal) ? 2 : null;
    }

    // Runs of white space count as one space, in titles and typed text alike.
    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed record Entry(DocumentTitle Document, string Folded, string[] Words);
}
