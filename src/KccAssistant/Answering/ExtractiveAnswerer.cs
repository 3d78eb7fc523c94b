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
    private const int MaxSentences = 3;
    private const int MaxWords = 75;
    private const int SnippetChars = 420;
    private static readonly double[] RankPrior = [1.0, 0.75, 0.6, 0.5, 0.45];

    /// <summary>The answer text and citations for the retrieved documents.</summary>
    public (string Answer, IReadOnlyList<Citation> Citations) Build(string question, IReadOnlyList<RetrievedDocument> documents, int maxCitations)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var queryStems = QueryStems(question);
        var intent = QuestionIntent.Of(question);
        var cited = documents.Take(maxCitations).ToList();
        var sentences = new List<(int Doc, Chunk Chunk, int Position, string Sentence, List<string> Stems)>();
        for (var d = 0; d < cited.Count; d++)
        {
            foreach (var chunk in cited[d].Chunks.Take(2))
            {
                var split = DutchSentenceSplitter.Default.Split(chunk.Text);
                for (var s = 0; s < split.Count; s++)
                {
                    sentences.Add((d, chunk, s, split[s], Stems(split[s])));
                }
            }
        }

        // A question word found in nearly every candidate sentence ("paspoort" when all sources are about passports)
        // says little about which sentence answers; weigh words by how rare they are among the candidates.
        var weights = queryStems.ToDictionary(
            stem => stem,
            stem => Math.Log(1 + (sentences.Count + 1.0) / (1 + sentences.Count(x => Matches(x.Stems, stem) > 0))),
            StringComparer.Ordinal);
        var contexts = sentences.Select(x => x.Chunk).Distinct().ToDictionary(
            chunk => chunk,
            chunk =>
            {
                // When the title or VAC question already says what the question asks ("Wat kost een paspoort?"),
                // the passage's own sentences answer it even without repeating the words ("18 jaar en ouder: € 84,40").
                var stems = Stems($"{chunk.Title} {chunk.Question} {chunk.Section}");
                return queryStems.Sum(stem => Matches(stems, stem) * weights[stem]);
            });
        var candidates = sentences.Select(x =>
        {
            var own = queryStems.Sum(stem => Matches(x.Stems, stem) * weights[stem]);
            var boost = intent.Boost(x.Sentence);
            // The passage's title lends weight only to sentences that say something themselves: a question word, or
            // the kind of fact asked for. "Vervelend dat dit is gebeurd." answers nothing, whatever its title.
            var overlap = own > 0 || boost > 1 ? own + (0.6 * contexts[x.Chunk]) : 0;
            // Early sentences of a chunk tend to state the point; pointers to other pages do not answer anything.
            var score = overlap * RankPrior[Math.Min(x.Doc, RankPrior.Length - 1)] * (1.0 - (0.05 * Math.Min(x.Position, 10)))
                * (IsPointer(x.Sentence) ? 0.3 : 1.0)
                * (x.Sentence.EndsWith('?') ? 0.5 : 1.0)
                * boost;
            return (x.Doc, x.Chunk, x.Position, x.Sentence, Score: score);
        }).ToList();
        var bestScore = candidates.Count == 0 ? 0 : candidates.Max(c => c.Score);

        var chosen = new List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)>();
        var words = 0;
        // Only sentences nearly as good as the best one: a short answer beats a padded one.
        foreach (var candidate in candidates.Where(c => c.Score > 0 && c.Score >= 0.5 * bestScore).OrderByDescending(c => c.Score))
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

        chosen = chosen.Select(c => c with { Sentence = WithListItems(c.Sentence, c.Chunk.Text) }).ToList();

        if (chosen.Count == 0 && cited.Count > 0)
        {
            var first = DutchSentenceSplitter.Default.Split(cited[0].Best.Text).FirstOrDefault();
            if (first is not null)
            {
                chosen.Add((0, cited[0].Best, 0, first, 0));
            }
        }

        // Best sentence first: the agent reads the answer to the resident from the top.
        var answer = string.Join(' ', chosen
            .OrderByDescending(c => c.Score)
            .Select(c => $"{EnsureEnd(c.Sentence.TrimStart('-', ' '))} [{c.Doc + 1}]"));

        var citations = cited.Select((document, index) =>
        {
            var highlights = chosen.Where(c => c.Doc == index).Select(c => c.Sentence).ToList();
            var chunk = chosen.FirstOrDefault(c => c.Doc == index).Chunk ?? document.Best;
            return new Citation(
                index + 1,
                chunk.Title,
                LinkTo(chunk),
                Snippet(chunk.Text, highlights),
                highlights,
                chunk.SourceType,
                chunk.Section,
                chunk.LastModified,
                document.DocumentId,
                Math.Round(document.Score, 5));
        }).ToList();
        return (answer, citations);
    }

    /// <summary>The stems of a question's meaning-bearing words.</summary>
    internal static HashSet<string> QueryStems(string question) =>
        DutchTextNormalizer.Tokenize(question)
            .Where(t => !DutchStopwords.IsStopword(t))
            .Select(DutchStemmer.Stem)
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsPointer(string sentence) =>
        PointerPhrases.Any(phrase => sentence.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] PointerPhrases = ["op de pagina", "lees meer", "kijk op", "zie ook", "meer informatie"];

    /// <summary>A sentence that introduces a list ("De prijs hangt af van uw leeftijd:") is nothing without the list.</summary>
    private static string WithListItems(string sentence, string text)
    {
        if (!sentence.EndsWith(':'))
        {
            return sentence;
        }

        var at = text.IndexOf(sentence, StringComparison.Ordinal);
        if (at < 0)
        {
            return sentence;
        }

        var items = text[(at + sentence.Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Take(4)
            .Select(line => line[2..].TrimEnd('.', ';'));
        var list = string.Join("; ", items);
        return list.Length == 0 ? sentence : $"{sentence} {list}";
    }

    private static List<string> Stems(string sentence) =>
        DutchTextNormalizer.Tokenize(sentence).Where(t => !DutchStopwords.IsStopword(t)).Select(DutchStemmer.Stem).ToList();

    /// <summary>1 when the sentence has the stem, 0.5 when a word of it contains the stem ("vergunning" in "parkeervergunning").</summary>
    private static double Matches(List<string> stems, string query)
    {
        if (stems.Contains(query))
        {
            return 1;
        }

        return query.Length >= 4 && stems.Any(s => s.Length > query.Length && s.Contains(query, StringComparison.Ordinal)) ? 0.5 : 0;
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
