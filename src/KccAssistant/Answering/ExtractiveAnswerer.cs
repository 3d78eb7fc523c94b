using KccAssistant.Documents;
using KccAssistant.Retrieval;
using KccAssistant.Text;

namespace KccAssistant.Answering;

/// <summary>
/// Builds a short answer from the sources' own sentences: the sentences that share the most meaning-bearing words
/// with the question, preferring better-ranked sources, each marked with its source's [n]. Nothing is generated,
/// so every sentence is traceable to a citation.
/// </summary>
public sealed class ExtractiveAnswerer
{
    /// <summary>How many of a document's best chunks an answer draws on.</summary>
    internal const int PassagesPerDocument = 2;

    private const int MaxSentences = 3;
    private const int MaxWords = 75;
    private const int SnippetChars = 420;
    private static readonly double[] RankPrior = [1.0, 0.75, 0.6, 0.5, 0.45];

    /// <summary>The answer text and citations for the retrieved documents.</summary>
    public (string Answer, IReadOnlyList<Citation> Citations) Build(string question, IReadOnlyList<RetrievedDocument> documents, int maxCitations)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var queryStems = QueryStems(question);
        var cited = documents.Take(maxCitations).ToList();
        var candidates = new List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)>();
        for (var d = 0; d < cited.Count; d++)
        {
            foreach (var chunk in cited[d].Chunks.Take(PassagesPerDocument))
            {
                var sentences = DutchSentenceSplitter.Default.Split(chunk.Text);
                for (var s = 0; s < sentences.Count; s++)
                {
                    var overlap = Overlap(queryStems, sentences[s]);
                    // Early sentences of a chunk tend to state the point; list items and long sentences less so.
                    var score = overlap * RankPrior[Math.Min(d, RankPrior.Length - 1)] * (1.0 - (0.03 * Math.Min(s, 10)));
                    candidates.Add((d, chunk, s, sentences[s], score));
                }
            }
        }

        var chosen = new List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)>();
        var words = 0;
        foreach (var candidate in candidates.Where(c => c.Score > 0).OrderByDescending(c => c.Score))
        {
            var length = candidate.Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (chosen.Count >= MaxSentences || (chosen.Count > 0 && words + length > MaxWords))
            {
                continue;
            }

            if (chosen.Any(c => c.Sentence == candidate.Sentence))
            {
                continue;
            }

            chosen.Add(candidate);
            words += length;
        }

        if (chosen.Count == 0 && cited.Count > 0)
        {
            var first = DutchSentenceSplitter.Default.Split(cited[0].Best.Text).FirstOrDefault();
            if (first is not null)
            {
                chosen.Add((0, cited[0].Best, 0, first, 0));
            }
        }

        // Read in source order, then position, so that sentences of one source stay together.
        var answer = string.Join(' ', chosen
            .OrderBy(c => c.Doc).ThenBy(c => c.Chunk.Ordinal).ThenBy(c => c.Position)
            .Select(c => $"{EnsureEnd(c.Sentence)} [{c.Doc + 1}]"));

        var citations = cited.Select((document, index) =>
        {
            var highlights = chosen.Where(c => c.Doc == index).Select(c => c.Sentence).ToList();
            var chunk = chosen.FirstOrDefault(c => c.Doc == index).Chunk ?? document.Best;
            return Cite(index + 1, document, chunk, highlights);
        }).ToList();
        return (answer, citations);
    }

    /// <summary>Citation [<paramref name="number"/>] of a document, showing <paramref name="chunk"/> around its highlighted sentences.</summary>
    internal static Citation Cite(int number, RetrievedDocument document, Chunk chunk, IReadOnlyList<string> highlights) => new(
        number,
        chunk.Title,
        LinkTo(chunk),
        Snippet(chunk.Text, highlights),
        highlights,
        chunk.SourceType,
        chunk.Section,
        chunk.LastModified,
        document.DocumentId,
        Math.Round(document.Score, 5));

    /// <summary>The stems of a question's meaning-bearing words.</summary>
    internal static HashSet<string> QueryStems(string question) =>
        DutchTextNormalizer.Tokenize(question)
            .Where(t => !DutchStopwords.IsStopword(t))
            .Select(DutchStemmer.Stem)
            .ToHashSet(StringComparer.Ordinal);

    private static double Overlap(HashSet<string> queryStems, string sentence)
    {
        var stems = DutchTextNormalizer.Tokenize(sentence).Where(t => !DutchStopwords.IsStopword(t)).Select(DutchStemmer.Stem).ToList();
        double score = 0;
        foreach (var query in queryStems)
        {
            if (stems.Contains(query))
            {
                score += 1;
            }
            else if (query.Length >= 4 && stems.Any(s => s.Length > query.Length && s.Contains(query, StringComparison.Ordinal)))
            {
                // "vergunning" inside "parkeervergunning".
                score += 0.5;
            }
        }

        return score;
    }

    private static string EnsureEnd(string sentence) =>
        sentence.Length > 0 && !".!?:".Contains(sentence[^1], StringComparison.Ordinal) ? sentence + "." : sentence;

    private static string LinkTo(Chunk chunk) =>
        chunk.Anchor is { Length: > 0 } anchor && !chunk.Url.Contains('#', StringComparison.Ordinal) ? $"{chunk.Url}#{anchor}" : chunk.Url;

    private static string Snippet(string text, IReadOnlyList<string> highlights)
    {
        if (text.Length <= SnippetChars)
        {
            return text;
        }

        var at = highlights.Count > 0 ? Math.Max(0, text.IndexOf(highlights[0], StringComparison.Ordinal)) : 0;
        var start = Math.Max(0, Math.Min(at - 60, text.Length - SnippetChars));
        // Start and end on word boundaries.
        if (start > 0)
        {
            var space = text.IndexOf(' ', start);
            start = space < 0 ? start : space + 1;
        }

        var end = Math.Min(text.Length, start + SnippetChars);
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end);
            end = space > start ? space : end;
        }

        return (start > 0 ? "… " : "") + text[start..end].Trim() + (end < text.Length ? " …" : "");
    }
}
