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
        var intent = QuestionIntent.Of(question);
        var cited = documents.Take(maxCitations).ToList();
        var sentences = new List<(int Doc, Chunk Chunk, int Position, string Sentence, List<string> Stems)>();
        for (var d = 0; d < cited.Count; d++)
        {
            foreach (var chunk in cited[d].Chunks.Take(PassagesPerDocument))
            {
                // Table rows and list lines are answer units of their own ("Trouwboekje | - | € 32,50").
                var split = DutchSentenceSplitter.Default.Split(chunk.Text)
                    .SelectMany(sentence => sentence.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToList();
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
                * (LeansOnContext(x.Sentence) ? 0.7 : 1.0)
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

        var conflict = intent.AsksAmount ? FindConflict(candidates) : null;
        if (conflict is { } found)
        {
            // Both sides of a disagreement belong in the answer, so the agent sees them and can check.
            foreach (var side in new[] { found.First, found.Second })
            {
                if (!chosen.Any(c => c.Sentence == side.Sentence))
                {
                    chosen.Add(side);
                }
            }
        }

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
            .Select(c => $"{EnsureEnd(WithListItems(c.Sentence, c.Chunk.Text).TrimStart('-', ' '))} [{c.Doc + 1}]"));
        if (conflict is { } disagreement)
        {
            answer += $" Let op: de bronnen noemen verschillende bedragen: {string.Join(" / ", disagreement.FirstAmounts)} [{disagreement.First.Doc + 1}]"
                + $" tegenover {string.Join(" / ", disagreement.SecondAmounts)} [{disagreement.Second.Doc + 1}]. Controleer welke bron actueel is.";
        }

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

    private readonly record struct Disagreement(
        (int Doc, Chunk Chunk, int Position, string Sentence, double Score) First,
        IReadOnlyList<string> FirstAmounts,
        (int Doc, Chunk Chunk, int Position, string Sentence, double Score) Second,
        IReadOnlyList<string> SecondAmounts);

    /// <summary>
    /// Two sources that each answer an amount question with a strong sentence, but with different amounts (the
    /// website says € 10,00 for a new afvalpas, the knowledge base € 15,00): the answer must say so rather than
    /// silently pick one. Conservative on purpose: only the best amount sentence per source counts, both must be
    /// nearly as relevant as the best, and their amounts must not overlap at all.
    /// </summary>
    private static Disagreement? FindConflict(List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)> candidates)
    {
        var perSource = candidates
            .Where(c => c.Score > 0 && c.Doc < 3 && QuestionIntent.Amounts(c.Sentence).Count > 0)
            .GroupBy(c => c.Doc)
            .Select(g => g.MaxBy(c => c.Score))
            .OrderByDescending(c => c.Score)
            .ToList();
        if (perSource.Count < 2)
        {
            return null;
        }

        var best = perSource[0];
        var bestAmounts = QuestionIntent.Amounts(best.Sentence);
        foreach (var other in perSource.Skip(1).Where(c => c.Score >= 0.7 * best.Score))
        {
            var otherAmounts = QuestionIntent.Amounts(other.Sentence);
            if (!bestAmounts.Intersect(otherAmounts).Any() && SameSubject(best.Sentence, other.Sentence))
            {
                return new Disagreement(best, bestAmounts, other, otherAmounts);
            }
        }

        return null;
    }

    /// <summary>Whether two sentences speak about the same thing: most of the shorter one's words occur in the other.</summary>
    private static bool SameSubject(string first, string second)
    {
        var a = Stems(first).Where(t => !char.IsDigit(t[0])).ToHashSet(StringComparer.Ordinal);
        var b = Stems(second).Where(t => !char.IsDigit(t[0])).ToHashSet(StringComparer.Ordinal);
        var smaller = Math.Min(a.Count, b.Count);
        return smaller > 0 && a.Intersect(b).Count() >= Math.Max(2, smaller / 2);
    }

    /// <summary>
    /// "Daar meldt u ..." or "Dan betaalt u ..." refers back to a sentence the agent will not read: fine as a second
    /// sentence, weak as the answer.
    /// </summary>
    private static bool LeansOnContext(string sentence)
    {
        var first = sentence.TrimStart('-', ' ').Split(' ', 2)[0].TrimEnd(',', ':');
        return ContextWords.Contains(first);
    }

    private static readonly HashSet<string> ContextWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Daar", "Dan", "Dit", "Die", "Deze", "Dat", "Hier", "Daarvoor", "Daarna", "Daarom", "Ook", "Verder", "Bovendien", "Hij", "Zij", "Het",
    };

    private static bool IsPointer(string sentence) =>
        PointerPhrases.Any(phrase => sentence.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] PointerPhrases = ["op de pagina", "lees meer", "kijk op", "zie ook", "meer informatie"];

    /// <summary>
    /// A sentence is sometimes nothing on its own: one that introduces a list ("De prijs hangt af van uw leeftijd:")
    /// needs the list, and a question heading ("Raakt u uw paspoort kwijt op vakantie?") needs the sentence that
    /// answers it.
    /// </summary>
    private static string WithListItems(string sentence, string text)
    {
        var at = text.IndexOf(sentence, StringComparison.Ordinal);
        if (at < 0 || !(sentence.EndsWith(':') || sentence.EndsWith('?')))
        {
            return sentence;
        }

        var rest = text[(at + sentence.Length)..];
        if (sentence.EndsWith('?'))
        {
            var next = DutchSentenceSplitter.Default.Split(rest).FirstOrDefault();
            if (next is null || next.StartsWith("- ", StringComparison.Ordinal) || next.EndsWith('?'))
            {
                return sentence;
            }

            var nextLine = next.Split('\n')[0].Trim();
            return $"{sentence} {WithListItems(nextLine, rest)}";
        }

        var items = rest
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(line => line.StartsWith("- ", StringComparison.Ordinal))
            .Take(4)
            .Select(line => (DutchSentenceSplitter.Default.Split(line[2..]).FirstOrDefault() ?? line[2..]).TrimEnd('.', ';'));
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
