using KccAssistant.Documents;
using KccAssistant.Retrieval;
using KccAssistant.Text;

namespace KccAssistant.Answering;

/// <summary>
/// Builds a short answer from the sources' own sentences: the sentences that share the most meaning-bearing words
/// with the question, preferring better-ranked sources, each marked with its source's [n]. Nothing is generated,
/// so every sentence is traceable to a citation.
/// </summary>
public sealed partial class ExtractiveAnswerer
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
        var sentences = new List<(int Doc, Chunk Chunk, int Position, string Sentence, List<string> Stems, bool Leans)>();
        for (var d = 0; d < cited.Count; d++)
        {
            foreach (var chunk in Passages(cited[d], intent))
            {
                // Table rows and list lines are answer units of their own ("Trouwboekje | - | € 32,50").
                var split = DutchSentenceSplitter.Default.Split(chunk.Text)
                    .SelectMany(sentence => sentence.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToList();
                for (var s = 0; s < split.Count; s++)
                {
                    // Headings, link texts and table headers are structure, never an answer on their own.
                    // A list item that continues its introduction ("- via het formulier op ...;") is shown with it, not alone.
                    if (IsStructure(split[s]) || IsTableHeader(split, s) || (split[s].StartsWith("- ", StringComparison.Ordinal) && split[s].Length > 2 && char.IsLower(split[s][2])))
                    {
                        continue;
                    }

                    // "Dan vraagt u ..." is only true under the sentence before it: it comes with that condition or not at all.
                    var condition = LeansOnContext(split[s]) ? Condition(split, s) : "";
                    if (condition is null)
                    {
                        continue;
                    }

                    var unit = condition.Length == 0 ? split[s] : $"{condition} {split[s]}";
                    // Scored on its own words: the condition explains the sentence, it does not make it a better answer.
                    sentences.Add((d, chunk, s, unit, Stems(split[s]), condition.Length > 0));
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
        // "Nee, op maandag is de milieustraat gesloten." answers another question than "wanneer is de milieustraat open".
        var answersYesOrNo = AsksYesOrNo(queryStems, question);
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
                // With its condition it is right, but a sentence that needs one is seldom the direct answer.
                * (x.Leans ? 0.7 : 1.0)
                * (answersYesOrNo || !YesOrNo().IsMatch(x.Sentence) ? 1.0 : 0.5)
                * boost;
            return (x.Doc, x.Chunk, x.Position, x.Sentence, Score: score);
        }).ToList();
        var bestScore = candidates.Count == 0 ? 0 : candidates.Max(c => c.Score);

        var chosen = new List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)>();
        var shown = new List<string>();
        var words = 0;
        void Choose((int Doc, Chunk Chunk, int Position, string Sentence, double Score) candidate)
        {
            chosen.Add(candidate);
            shown.Add(Render(candidate.Sentence, candidate.Chunk.Text));
            words += candidate.Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        // Already said: the same sentence, or one contained in a shown sentence with its condition or list.
        bool Said(string sentence, Chunk chunk)
        {
            var text = Render(sentence, chunk.Text).TrimEnd('.');
            return shown.Any(s => s.Contains(text, StringComparison.Ordinal) || text.Contains(s.TrimEnd('.'), StringComparison.Ordinal));
        }

        // A price sentence whose amounts are all in the answer already says nothing new ("€ 84,40" in the VAC and the table).
        bool AmountsShown(string sentence) =>
            QuestionIntent.Amounts(sentence) is { Count: > 0 } amounts && amounts.All(amount => shown.Any(s => QuestionIntent.Amounts(s).Contains(amount)));

        // A VAC whose own question is the caller's question answers it directly: its answer leads.
        var lead = DirectAnswer(question, queryStems, cited, candidates);
        if (lead is { } direct)
        {
            Choose(direct with { Score = Math.Max(direct.Score, bestScore) + LeadBonus });
        }

        // Only sentences nearly as good as the best one: a short answer beats a padded one.
        foreach (var candidate in candidates.Where(c => c.Score > 0 && c.Score >= 0.5 * bestScore).OrderByDescending(c => c.Score))
        {
            var length = candidate.Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            // A question heading whose answer is not in the passage answers nothing.
            if (chosen.Count >= MaxSentences || (chosen.Count > 0 && words + length > MaxWords) || Said(candidate.Sentence, candidate.Chunk)
                || Render(candidate.Sentence, candidate.Chunk.Text).EndsWith('?')
                || (intent.AsksAmount && AmountsShown(candidate.Sentence))
                || (intent.AsksAmount && QuestionIntent.Amounts(candidate.Sentence).Count > 0 && !NamesSubject($"{candidate.Sentence} {candidate.Chunk.Title} {candidate.Chunk.Question} {candidate.Chunk.Section}", queryStems)))
            {
                continue;
            }

            Choose(candidate);
        }

        if (intent.AsksAmount)
        {
            // A price often differs by age, urgency or where you apply; the agent needs every variant the sources
            // give, not only the best-matching one, or the caller is quoted the adult price for a child's passport.
            // Only from sources the answer already draws on: a price from another source is often another product's.
            var drawn = chosen.Select(c => c.Doc).ToHashSet();
            foreach (var variant in PriceVariants(candidates, queryStems).Where(v => drawn.Contains(v.Doc) && !Said(v.Sentence, v.Chunk) && !AmountsShown(v.Sentence)))
            {
                Choose(variant);
            }
        }

        var conflict = intent.AsksAmount ? FindConflict(candidates) : null;
        if (conflict is { } found)
        {
            // Both sides of a disagreement belong in the answer, so the agent sees them and can check.
            foreach (var side in new[] { found.First, found.Second })
            {
                if (!chosen.Any(c => c.Sentence == side.Sentence))
                {
                    Choose(side);
                }
            }
        }

        if (chosen.Count == 0 && cited.Count > 0)
        {
            var first = DutchSentenceSplitter.Default.Split(cited[0].Best.Text)
                .SelectMany(sentence => sentence.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .OrderBy(line => IsStructure(line) || LeansOnContext(line) || line.EndsWith('?') ? 1 : 0)
                .FirstOrDefault();
            if (first is not null)
            {
                Choose((0, cited[0].Best, 0, first, 0));
            }
        }

        // Best sentence first (the direct answer before all): the agent reads the answer to the resident from the top.
        // For a price question the prices come before the rest.
        var answer = string.Join(' ', chosen
            .Select((c, i) => (c, Text: shown[i]))
            .OrderByDescending(x => lead is { } first && x.c.Sentence == first.Sentence)
            .ThenByDescending(x => intent.AsksAmount && (QuestionIntent.Amounts(x.Text).Count > 0 || x.Text.Contains("gratis", StringComparison.OrdinalIgnoreCase)))
            .ThenByDescending(x => x.c.Score)
            .Select(x => $"{x.Text} [{x.c.Doc + 1}]"));
        if (conflict is { } disagreement)
        {
            answer += $" Let op: de bronnen noemen verschillende bedragen: {string.Join(" / ", disagreement.FirstAmounts)} [{disagreement.First.Doc + 1}]"
                + $" tegenover {string.Join(" / ", disagreement.SecondAmounts)} [{disagreement.Second.Doc + 1}]. Controleer welke bron actueel is.";
        }

        var citations = cited.Select((document, index) =>
        {
            // What is shown may be several sentences of the source (a condition, the answer to a question heading);
            // highlight each where it stands.
            var highlights = chosen.Select((c, i) => (c, Text: shown[i]))
                .Where(x => x.c.Doc == index)
                .SelectMany(x => DutchSentenceSplitter.Default.Split(x.c.Sentence)
                    .Concat(DutchSentenceSplitter.Default.Split(x.c.Chunk.Text).Where(sentence => x.Text.Contains(sentence, StringComparison.Ordinal))))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var chunk = chosen.FirstOrDefault(c => c.Doc == index).Chunk ?? document.Best;
            return Cite(index + 1, document, chunk, highlights);
        }).ToList();
        return (answer, citations);
    }

    /// <summary>
    /// The passages of a document an answer draws on: its best ones, and for a VAC its opening (where the direct
    /// answer is) and for a price question its passages with amounts, which rank low when the question's words
    /// are in the surrounding text but the prices are in a table ("Nederlands paspoort | € 67,05 | € 88,65").
    /// </summary>
    private static IEnumerable<Chunk> Passages(RetrievedDocument document, QuestionIntent intent)
    {
        var passages = document.Chunks.Take(PassagesPerDocument).ToList();
        if (!string.IsNullOrWhiteSpace(document.Best.Question) && document.Chunks.FirstOrDefault(c => c.Ordinal == 0) is { } opening && !passages.Contains(opening))
        {
            passages.Add(opening);
        }

        if (intent.AsksAmount)
        {
            passages.AddRange(document.Chunks.Skip(PassagesPerDocument).Where(c => !passages.Contains(c) && QuestionIntent.Amounts(c.Text).Count > 0).Take(PassagesPerDocument));
        }

        return passages;
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
        var text = sentence.TrimStart('-', ' ');
        var words = text.Split(' ', 5);
        var first = words[0].TrimEnd(',', ':');
        // "Het kan dan langer duren", "U betaalt dan ...": an early "dan" that is no comparison ("meer dan", "jonger dan").
        var thenEarly = words.Skip(1).Take(3).Select((word, i) => (word, i)).Any(x => x.word == "dan" && !words[x.i].EndsWith("er", StringComparison.Ordinal));
        return ContextWords.Contains(first) || thenEarly || ContextPhrases.Any(phrase => text.StartsWith(phrase, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly HashSet<string> ContextWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Daar", "Dan", "Dit", "Die", "Deze", "Dat", "Hier", "Daarvoor", "Daarna", "Daarom", "Daarmee", "Daarbij", "Daarin", "Daarover",
        "Hiervoor", "Hierna", "Hiermee", "Hierbij", "Hierover", "Ook", "Verder", "Bovendien", "Hij", "Zij", "Ze", "Toch", "Wel", "En", "Maar", "Of",
    };

    // "In dat geval" and "In die situatie" refer back as surely as "Dan" does.
    private static readonly string[] ContextPhrases = ["In dat geval", "In die situatie", "In deze situatie", "In die gevallen", "Op die manier", "Na afloop daarvan", "Vanaf dat moment", "Op dat moment", "Na die tijd", "Tot die tijd"];

    /// <summary>
    /// The sentence a dependent sentence leans on (with the one before that when it leans too): "" when it stands
    /// alone, null when its condition is not there to show (first of its chunk, or after a heading or list).
    /// </summary>
    private static string? Condition(List<string> units, int index)
    {
        var parts = new List<string>();
        for (var at = index - 1; at >= 0 && parts.Count < 2; at--)
        {
            var previous = units[at];
            if (IsStructure(previous) || previous.StartsWith("- ", StringComparison.Ordinal) || previous.Contains('|', StringComparison.Ordinal))
            {
                return null;
            }

            parts.Insert(0, previous);
            if (!LeansOnContext(previous))
            {
                return string.Join(' ', parts);
            }
        }

        return null;
    }

    /// <summary>
    /// A line that is structure rather than content: a heading, a link or navigation item ("- Rijbewijs kwijt of
    /// gestolen"), a table caption or header row. Such lines are short, end without punctuation and state no fact
    /// (no amount, number or day); "- Oosterwijk: vrijdag" and "Melding klein evenement | gratis" do state one.
    /// </summary>
    internal static bool IsStructure(string line)
    {
        var text = line.Trim().TrimStart('-', '•', ' ');
        if (text.Length == 0)
        {
            return true;
        }

        if (".!?;:".Contains(text[^1], StringComparison.Ordinal) || text.Contains(": ", StringComparison.Ordinal))
        {
            return false;
        }

        return !StatesFact().IsMatch(text) && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxStructureWords;
    }

    private const int MaxStructureWords = 12;

    /// <summary>The first row of a table when it names columns rather than giving values ("Document | Aanvrager jonger dan 18 jaar").</summary>
    private static bool IsTableHeader(IReadOnlyList<string> lines, int index) =>
        lines[index].Contains('|', StringComparison.Ordinal)
        && (index == 0 || !lines[index - 1].Contains('|', StringComparison.Ordinal))
        && index + 1 < lines.Count && lines[index + 1].Contains('|', StringComparison.Ordinal)
        && QuestionIntent.Amounts(lines[index]).Count == 0
        && !lines[index].Contains("gratis", StringComparison.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex(@"\d|€|\bgratis\b|\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex StatesFact();

    /// <summary>
    /// The best sentence of a VAC among the top sources whose own question is the caller's question (most of the
    /// question's words in the VAC question, and most of the VAC question's words in the question), or its first
    /// sentence when none scored; null when no VAC answers the question directly.
    /// </summary>
    private static (int Doc, Chunk Chunk, int Position, string Sentence, double Score)? DirectAnswer(
        string question,
        HashSet<string> queryStems,
        List<RetrievedDocument> cited,
        List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)> candidates)
    {
        if (queryStems.Count == 0)
        {
            return null;
        }

        for (var d = 0; d < Math.Min(DirectAnswerRanks, cited.Count); d++)
        {
            var vacQuestion = cited[d].Best.Question;
            if (string.IsNullOrWhiteSpace(vacQuestion))
            {
                continue;
            }

            var questionStems = Stems(vacQuestion);
            var forward = queryStems.Sum(stem => Matches(questionStems, stem)) / queryStems.Count;
            var distinct = questionStems.Distinct(StringComparer.Ordinal).ToList();
            var backward = distinct.Count == 0 ? 0 : distinct.Count(stem => queryStems.Contains(stem) || queryStems.Any(q => q.Length >= 4 && (stem.Contains(q, StringComparison.Ordinal) || q.Contains(stem, StringComparison.Ordinal)))) / (double)distinct.Count;
            if (forward < MinDirectForward || backward < MinDirectBackward)
            {
                continue;
            }

            // A VAC's answer opens with the direct answer ("De prijs hangt af van uw leeftijd: ..."); its later
            // sentences are details. Without its opening passage among the matches, its best sentence leads.
            // "Vervelend dat dit is gebeurd." opens many a VAC and answers nothing: the first sentence that says
            // something about the question leads.
            var scored = candidates.Where(c => c.Doc == d && c.Score > 0).ToList();
            if (scored.Count == 0)
            {
                continue;
            }

            var best = scored.Max(c => c.Score);
            var opening = scored.Where(c => c.Score >= MinLeadShare * best).OrderBy(c => c.Chunk.Ordinal).ThenBy(c => c.Position).First();
            // "Nee, op maandag is de milieustraat gesloten." answers "is de milieustraat op maandag open?", not "wanneer is ... open?".
            if (YesOrNo().IsMatch(opening.Sentence) && !AsksYesOrNo(queryStems, question))
            {
                continue;
            }

            return opening;
        }

        return null;
    }

    private const int DirectAnswerRanks = 3;
    private const double MinLeadShare = 0.3;

    [System.Text.RegularExpressions.GeneratedRegex(@"^(Ja|Nee)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex YesOrNo();

    /// <summary>A Dutch yes/no question starts with its verb ("Kan ik ...", "Is de milieustraat ...").</summary>
    private static bool AsksYesOrNo(HashSet<string> queryStems, string question) =>
        question.TrimStart().Split(' ', 2)[0].ToLowerInvariant() is "is" or "kan" or "mag" or "moet" or "heb" or "heeft" or "ben" or "zijn" or "kun" or "kunt" or "wordt" or "krijg" or "doe" or "geldt";
    private const double MinDirectForward = 0.75;
    private const double MinDirectBackward = 0.5;
    private const double LeadBonus = 1e-6;
    private const int MaxPriceVariants = 4;

    /// <summary>
    /// Every distinct price the top sources give for the question: sentences, list items and table rows with an
    /// amount (or "gratis") that are relevant enough, at most one per set of amounts, in source order.
    /// </summary>
    private static List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)> PriceVariants(
        List<(int Doc, Chunk Chunk, int Position, string Sentence, double Score)> candidates,
        HashSet<string> queryStems)
    {
        // A variant names what was asked about ("paspoort jonger dan 18") or is a surcharge on it ("toeslag spoed");
        // the identity card's price in the same table is another product, not a variant.
        var priced = candidates
            .Where(c => c.Score > 0 && c.Doc < DirectAnswerRanks && (QuestionIntent.Amounts(c.Sentence).Count > 0 || c.Sentence.Contains("gratis", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        // When no price line of a passage names the subject (a table "Eerste hond | € 98" under "Hondenbelasting"),
        // the passage's title does.
        var named = priced.Where(c => NamesSubject(c.Sentence, queryStems)).Select(c => c.Chunk).ToHashSet();
        priced = priced.Where(c => named.Contains(c.Chunk)
            ? NamesSubject(c.Sentence, queryStems) || Stems(c.Sentence).Any(s => SurchargeWords.Any(w => s.Contains(w, StringComparison.Ordinal)))
            : NamesSubject($"{c.Chunk.Title} {c.Chunk.Question} {c.Chunk.Section}", queryStems)).ToList();
        if (priced.Count == 0)
        {
            return [];
        }

        var best = priced.Max(c => c.Score);
        return priced
            // A surcharge line beside a line that names the subject ("- Toeslag spoedaanvraag: € 43,90" under
            // "- Rijbewijs: € 52,20") shares no word with the question, so it may score low and still belong.
            .Where(c => c.Score >= MinPriceShare * best || named.Contains(c.Chunk))
            .OrderByDescending(c => c.Score)
            .DistinctBy(c => string.Join('/', QuestionIntent.Amounts(c.Sentence)) + (QuestionIntent.Amounts(c.Sentence).Count == 0 ? c.Sentence : ""), StringComparer.Ordinal)
            .Take(MaxPriceVariants)
            .ToList();
    }

    private const double MinPriceShare = 0.4;

    private static bool NamesSubject(string sentence, HashSet<string> queryStems) =>
        Stems(sentence) is var stems && queryStems.Any(q => !QuestionIntent.IsCostWord(q) && Matches(stems, q) > 0);

    private static readonly string[] SurchargeWords = ["spoed", "toeslag", "extra", "online", "balie", "korting"];

    /// <summary>
    /// A unit as the agent reads it: list introductions with their list, question headings with their answer, table
    /// rows with their column headers ("Paspoort | € 84,40" under "Document | Tarief" reads "Paspoort: tarief € 84,40").
    /// </summary>
    private static string Render(string sentence, string text) =>
        EnsureEnd(WithHeaders(WithListItems(sentence, text), text).TrimStart('-', ' '));

    private static string WithHeaders(string row, string text)
    {
        if (!row.Contains('|', StringComparison.Ordinal))
        {
            return row;
        }

        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        var at = Array.IndexOf(lines, row.Trim());
        if (at <= 0)
        {
            return row;
        }

        // The header is the first row of the table the row belongs to, when it states no fact itself.
        var first = at;
        while (first > 0 && lines[first - 1].Contains('|', StringComparison.Ordinal))
        {
            first--;
        }

        if (first == at || !IsTableHeader(lines, first))
        {
            return row;
        }

        var headers = lines[first].Split('|', StringSplitOptions.TrimEntries);
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        if (headers.Length != cells.Length || cells.Length < 2)
        {
            return row;
        }

        var values = cells.Skip(1).Select((cell, i) => cell is "" or "-" ? null : $"{Lower(headers[i + 1])} {cell}").OfType<string>();
        return $"{cells[0]}: {string.Join("; ", values)}";
    }

    private static string Lower(string header) =>
        header.Length > 1 && char.IsUpper(header[0]) && !char.IsUpper(header[1]) ? char.ToLowerInvariant(header[0]) + header[1..] : header;

    private static bool IsPointer(string sentence) =>
        PointerPhrases.Any(phrase => sentence.Contains(phrase, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] PointerPhrases = ["op de pagina", "lees meer", "kijk op", "zie ook", "meer informatie", "hierboven", "hieronder", "bovenstaande", "onderstaande"];

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
            if (next is null || next.EndsWith('?'))
            {
                return sentence;
            }

            if (next.StartsWith("- ", StringComparison.Ordinal))
            {
                // "Trouwen: wat moet ik regelen?" answered by the list below it.
                var answers = ListAfter(rest);
                return answers.Length == 0 ? sentence : $"{sentence} {answers}";
            }

            var nextLine = next.Split('\n')[0].Trim();
            return $"{sentence} {WithListItems(nextLine, rest)}";
        }

        var list = ListAfter(rest);
        return list.Length == 0 ? sentence : $"{sentence} {list}";
    }

    /// <summary>The first items of the list that <paramref name="rest"/> starts with, joined; "" when it starts with none.</summary>
    private static string ListAfter(string rest) => string.Join("; ", rest
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .TakeWhile(line => line.StartsWith("- ", StringComparison.Ordinal))
        .Take(4)
        .Select(line => (DutchSentenceSplitter.Default.Split(line[2..]).FirstOrDefault() ?? line[2..]).TrimEnd('.', ';')));

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
