using KccAssistant.Documents;
using KccAssistant.Text;

namespace KccAssistant.Retrieval.Lexical;

/// <summary>Field weights of the lexical index: title and VAC question count more than body text.</summary>
public sealed record LexicalFieldWeights(float Title = 3f, float Keywords = 2f, float Section = 1.5f, float Text = 1f, float CompoundPart = 0.5f);

/// <summary>A chunk found by the lexical index.</summary>
/// <param name="Chunk">Position of the chunk in the indexed list.</param>
/// <param name="Score">BM25 score.</param>
/// <param name="Share">Coverage: the idf-weighted share (0–1) of the question's words that occur in the chunk.</param>
/// <param name="TitleShare">The same share counted in the document's title, VAC question and keywords only.</param>
/// <param name="QueryWords">How many meaning-bearing words (groups) the question has.</param>
/// <param name="SentenceShare">The same share counted in the best single sentence of the chunk together with the title.</param>
public readonly record struct LexicalHit(int Chunk, double Score, double Share, double TitleShare, int QueryWords, double SentenceShare = 0);

/// <summary>
/// In-memory BM25 index over chunks with Dutch analysis: folding, stopwords, stemming, data-driven compound
/// splitting, field weights, and question-side synonym expansion. Immutable once built; safe for concurrent reads.
/// </summary>
public sealed class LexicalIndex
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;
    private static readonly string[] DiminutiveEndings = ["etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je"];
    private static readonly string[] SeparableParticles = ["aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "terug", "toe", "uit", "vast", "voor", "weg"];
    private readonly Dictionary<string, Posting[]> _postings;
    private readonly float[] _lengths;
    private readonly float _averageLength;
    private readonly CompoundSplitter _splitter;
    private readonly SynonymMap _synonyms;
    private readonly LexicalFieldWeights _weights;
    private readonly SpellingIndex _spelling;
    private readonly HashSet<string>[] _titleStems;
    private readonly string[][][] _sentenceStems;

    private readonly record struct Posting(int Chunk, float Frequency);

    /// <summary>Number of indexed chunks.</summary>
    public int Count => _lengths.Length;

    /// <summary>Builds the index; <paramref name="chunks"/> positions are the ids returned by <see cref="Search"/>.</summary>
    public LexicalIndex(IReadOnlyList<Chunk> chunks, SynonymMap? synonyms = null, LexicalFieldWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _synonyms = synonyms ?? SynonymMap.Empty;
        _weights = weights ?? new LexicalFieldWeights();

        // First pass: the stem vocabulary, which decides what counts as a compound part.
        var fields = new (string Text, float Weight)[chunks.Count][];
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var surface = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var title = chunk.Question is { Length: > 0 } q && q != chunk.Title ? $"{chunk.Title} {q}" : chunk.Title;
            fields[i] =
            [
                (title, _weights.Title),
                (string.Join(' ', chunk.Keywords), _weights.Keywords),
                (chunk.Section, _weights.Section),
                (chunk.Text, _weights.Text),
            ];
            foreach (var (text, _) in fields[i])
            {
                foreach (var token in DutchTextNormalizer.Tokenize(text))
                {
                    if (!DutchStopwords.IsStopword(token))
                    {
                        var stem = DutchStemmer.Stem(token);
                        vocabulary.Add(stem);
                        surface.TryAdd(token, stem);
                    }
                }
            }
        }

        _splitter = new CompoundSplitter(vocabulary.Contains);
        _titleStems = fields.Select(f => TitleStems($"{f[0].Text} {f[1].Text}")).ToArray();
        _sentenceStems = SentenceStems(chunks);
        var building = new Dictionary<string, Dictionary<int, float>>(StringComparer.Ordinal);
        _lengths = new float[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var length = 0;
            foreach (var (text, weight) in fields[i])
            {
                foreach (var token in DutchTextNormalizer.Tokenize(text))
                {
                    if (DutchStopwords.IsStopword(token))
                    {
                        continue;
                    }

                    length++;
                    Add(building, DutchStemmer.Stem(token), i, weight);
                    foreach (var part in _splitter.Split(token))
                    {
                        Add(building, part, i, weight * _weights.CompoundPart);
                    }
                }
            }

            _lengths[i] = Math.Max(1, length);
        }

        _averageLength = chunks.Count == 0 ? 1 : _lengths.Average();
        _postings = building.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.Select(p => new Posting(p.Key, p.Value)).OrderBy(p => p.Chunk).ToArray(),
            StringComparer.Ordinal);
        _spelling = new SpellingIndex(_postings.ToDictionary(p => p.Key, p => p.Value.Length, StringComparer.Ordinal), surface);
    }

    /// <summary>
    /// What a document says it is about (title, VAC question, keywords): a question whose words are found there is
    /// about that document, not about something the document merely mentions in passing.
    /// </summary>
    private HashSet<string> TitleStems(string title)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in DutchTextNormalizer.Tokenize(title).Where(t => !DutchStopwords.IsStopword(t)))
        {
            stems.Add(DutchStemmer.Stem(token));
            stems.UnionWith(_splitter.Split(token));
        }

        return stems;
    }

    /// <summary>
    /// The stems of each sentence of each chunk, sorted for binary search: the words of a question that is answered
    /// tend to meet in one sentence; in a passage that merely mentions them they are scattered.
    /// </summary>
    private string[][][] SentenceStems(IReadOnlyList<Chunk> chunks)
    {
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(string stem) => pool.TryGetValue(stem, out var shared) ? shared : pool[stem] = stem;
        return chunks.Select(chunk => DutchSentenceSplitter.Default.Split(chunk.Text)
                .Select(sentence => DutchTextNormalizer.Tokenize(sentence)
                    .Where(token => !DutchStopwords.IsStopword(token))
                    .SelectMany(token => _splitter.Split(token).Prepend(DutchStemmer.Stem(token)))
                    .Select(Intern)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToArray())
                .ToArray())
            .ToArray();
    }

    private static void Add(Dictionary<string, Dictionary<int, float>> building, string stem, int chunk, float weight)
    {
        if (!building.TryGetValue(stem, out var postings))
        {
            postings = [];
            building[stem] = postings;
        }

        postings[chunk] = postings.GetValueOrDefault(chunk) + weight;
    }

    /// <summary>The weighted stems a question is searched with: its own words, their compound parts, close spellings and synonyms.</summary>
    public IReadOnlyDictionary<string, float> AnalyzeQuery(string question)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var group in AnalyzeGroups(question))
        {
            foreach (var (stem, weight) in group.Weights)
            {
                if (weight > terms.GetValueOrDefault(stem))
                {
                    terms[stem] = weight;
                }
            }
        }

        return terms;
    }

    /// <summary>For diagnostics: the question's word groups, each with its stems, weight and whether the corpus knows it.</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, float> Stems, double Weight, bool Known)> Explain(string question) =>
        AnalyzeGroups(question)
            .Select(g => ((IReadOnlyDictionary<string, float>)g.Weights, (double)GroupWeight(g), g.Weights.Keys.Any(_postings.ContainsKey)))
            .ToList();

    /// <summary>
    /// How much a word counts towards coverage: the idf of its most common alternative, a word the corpus never uses
    /// counting like the rarest word. Digits count half: a number in a question is usually a detail.
    /// </summary>
    private float GroupWeight(QueryGroup group)
    {
        var weight = group.Alternatives.Min(alternative => alternative.Stems.Max(stem => _postings.TryGetValue(stem, out var p) ? Idf(p.Length) : Idf(0)));
        return group.IsNumber ? weight / 2 : group.IsCaller ? weight / 4 : weight;
    }

    /// <summary>
    /// One group per meaning-bearing word (or phrase with synonyms) of the question. A group lists alternatives, each a
    /// set of stems that must all occur: the word itself, its compound parts together, a close spelling, a synonym.
    /// </summary>
    internal List<QueryGroup> AnalyzeGroups(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var tokens = DutchTextNormalizer.Tokenize(question).ToList();
        var groups = new QueryGroup?[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (DutchStopwords.IsStopword(token))
            {
                continue;
            }

            var group = new QueryGroup(token.All(char.IsDigit)) { IsCaller = CallerWords.IsCallerWord(token) };
            var stem = DutchStemmer.Stem(token);
            var known = _postings.ContainsKey(stem);
            group.Add([stem], group.IsCaller ? 0.5f : 1f);
            var parts = _splitter.Split(token);
            if (parts.Count > 0)
            {
                // An unknown compound is best searched through its parts; a known one mostly as itself.
                group.Add([.. parts], known ? 0.5f : 0.9f, known ? 0.5f : 0.7f);
            }

            if (!known && (Diminutive(token) ?? Participle(token)) is { } baseStem)
            {
                // "uurtjes", "kindje", "geskimd", "afgeschaft": a diminutive or past participle of a word the sources
                // use is that word.
                group.Add([baseStem], 1f);
            }
            else if (!known)
            {
                // Agents type fast: "paspoot" should still find "paspoort", and "kersbomen" "kerstbomen" rather than
                // cherries and trees.
                foreach (var near in _spelling.Near(stem, token))
                {
                    group.Add([near], 0.8f, 0.8f);
                }
            }

            groups[i] = group;
        }

        foreach (var (start, length, replacement) in _synonyms.Matches(tokens))
        {
            // The phrase and its synonyms form one group: the phrase (all its words) or any synonym covers it.
            var group = groups[start];
            if (length > 1 && (group is null || group.PhraseLength < length))
            {
                var phrase = new QueryGroup(false) { PhraseLength = length };
                phrase.Add(tokens.Skip(start).Take(length).Where(t => !DutchStopwords.IsStopword(t)).Select(DutchStemmer.Stem).ToArray(), 1f);
                for (var j = start; j < start + length; j++)
                {
                    if (groups[j] is { } part)
                    {
                        phrase.MergeWeights(part);
                    }

                    groups[j] = phrase;
                }

                group = phrase;
            }

            group ??= groups[start] = new QueryGroup(false);
            var stems = replacement.Where(t => !DutchStopwords.IsStopword(t)).Select(DutchStemmer.Stem).ToArray();
            if (stems.Length > 0)
            {
                group.Add(stems, 0.8f);
            }

            if (replacement.Count == 1 && _splitter.Split(replacement[0]) is { Count: > 0 } synonymParts)
            {
                group.Add([.. synonymParts], 0.5f, 0.5f);
            }
        }

        return groups.Where(g => g is { Alternatives.Count: > 0 }).Distinct(ReferenceEqualityComparer.Instance).Cast<QueryGroup>().ToList();
    }

    /// <summary>The known stem of the word a diminutive is made from ("uurtjes" → "uur"), or null.</summary>
    private string? Diminutive(string token)
    {
        foreach (var ending in DiminutiveEndings)
        {
            if (token.Length - ending.Length >= 3 && token.EndsWith(ending, StringComparison.Ordinal))
            {
                var stem = DutchStemmer.Stem(token[..^ending.Length]);
                if (_postings.ContainsKey(stem))
                {
                    return stem;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The known stem of the verb a regular past participle comes from: "geskimd" → "skim" (from "skimmen"),
    /// "afgeschaft" → "afschaf" (from "afschaffen"); null when there is none.
    /// </summary>
    private string? Participle(string token)
    {
        string? Known(string verb)
        {
            // The participle drops the -en of the infinitive and may end in -d or -t; after a short vowel the stem
            // keeps a doubled consonant ("afschaffen" → "afschaff", participle "afgeschaft").
            var root = verb.EndsWith('d') || verb.EndsWith('t') ? verb[..^1] : verb;
            foreach (var candidate in new[] { verb, root, root.Length > 0 && !"aeiou".Contains(root[^1], StringComparison.Ordinal) ? root + root[^1] : root })
            {
                if (candidate.Length >= 3 && DutchStemmer.Stem(candidate) is var stem && _postings.ContainsKey(stem))
                {
                    return stem;
                }
            }

            return null;
        }

        if (token.Length >= 6 && token.StartsWith("ge", StringComparison.Ordinal) && Known(token[2..]) is { } simple)
        {
            return simple;
        }

        foreach (var particle in SeparableParticles)
        {
            if (token.Length >= particle.Length + 5 && token.StartsWith(particle + "ge", StringComparison.Ordinal)
                && Known(particle + token[(particle.Length + 2)..]) is { } separable)
            {
                return separable;
            }
        }

        return null;
    }

    /// <summary>
    /// The best chunks for a question. A word group scores by its best stem, so five synonyms of "kosten" count once.
    /// Coverage is the idf-weighted share of the question's word groups that occur in the chunk: near 1 when the
    /// passage speaks about everything the question names, near 0 when the question is about something the sources
    /// do not mention.
    /// </summary>
    public IReadOnlyList<LexicalHit> Search(string question, int top)
    {
        var groups = AnalyzeGroups(question);
        if (groups.Count == 0 || Count == 0)
        {
            return [];
        }

        var scores = new float[Count];
        var best = new Dictionary<int, float>();
        foreach (var group in groups)
        {
            best.Clear();
            foreach (var (stem, queryWeight) in group.Weights)
            {
                if (!_postings.TryGetValue(stem, out var postings))
                {
                    continue;
                }

                var idf = Idf(postings.Length);
                foreach (var posting in postings)
                {
                    var tf = posting.Frequency;
                    var norm = K1 * (1 - B + (B * _lengths[posting.Chunk] / _averageLength));
                    var contribution = (float)(queryWeight * idf * tf * (K1 + 1) / (tf + norm));
                    if (contribution > best.GetValueOrDefault(posting.Chunk))
                    {
                        best[posting.Chunk] = contribution;
                    }
                }
            }

            foreach (var (chunk, contribution) in best)
            {
                scores[chunk] += contribution;
            }
        }

        var groupWeights = groups.Select(GroupWeight).ToArray();
        var totalWeight = groupWeights.Sum();
        var ranked = new PriorityQueue<int, float>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] <= 0)
            {
                continue;
            }

            if (ranked.Count < top)
            {
                ranked.Enqueue(i, scores[i]);
            }
            else if (ranked.TryPeek(out _, out var lowest) && scores[i] > lowest)
            {
                ranked.DequeueEnqueue(i, scores[i]);
            }
        }

        var results = new List<LexicalHit>(ranked.Count);
        while (ranked.TryDequeue(out var chunk, out var score))
        {
            var (share, titleShare, sentenceShare) = Coverage(groups, groupWeights, totalWeight, chunk);
            results.Add(new LexicalHit(chunk, score, share, titleShare, groups.Count, sentenceShare));
        }

        results.Reverse();
        return results;
    }

    private (double Share, double TitleShare, double SentenceShare) Coverage(List<QueryGroup> groups, float[] groupWeights, float totalWeight, int chunk)
    {
        if (totalWeight <= 0)
        {
            return (0, 0, 0);
        }

        // Measured per chunk: the question's words must meet in one passage. Title, question and keywords are part of
        // every chunk of a document, so "subject in the title, detail in this section" still counts as covered.
        bool InChunk(string stem) => _postings.TryGetValue(stem, out var postings) && Contains(postings, chunk);
        var titleStems = _titleStems[chunk];
        double covered = 0, inTitle = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            // The best alternative found decides how much of the word is covered: the word itself fully, a compound
            // only through its parts partly ("hoofd" and "stad" somewhere in a passage are not "hoofdstad").
            var credit = groups[g].Alternatives.Where(a => a.Stems.All(InChunk)).Select(a => a.Credit).DefaultIfEmpty(0).Max();
            covered += groupWeights[g] * credit;
            var titleCredit = groups[g].Alternatives.Where(a => a.Stems.All(titleStems.Contains)).Select(a => a.Credit).DefaultIfEmpty(0).Max();
            inTitle += groupWeights[g] * titleCredit;
        }

        double bestSentence = 0;
        foreach (var sentence in _sentenceStems[chunk])
        {
            bool InSentence(string stem) => titleStems.Contains(stem) || Array.BinarySearch(sentence, stem, StringComparer.Ordinal) >= 0;
            double inSentence = 0;
            for (var g = 0; g < groups.Count; g++)
            {
                inSentence += groupWeights[g] * groups[g].Alternatives.Where(a => a.Stems.All(InSentence)).Select(a => a.Credit).DefaultIfEmpty(0).Max();
            }

            bestSentence = Math.Max(bestSentence, inSentence);
        }

        return (covered / totalWeight, inTitle / totalWeight, bestSentence / totalWeight);
    }

    private static bool Contains(Posting[] postings, int chunk)
    {
        int low = 0, high = postings.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var value = postings[middle].Chunk;
            if (value == chunk)
            {
                return true;
            }

            if (value < chunk)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private float Idf(int documentFrequency) =>
        (float)Math.Log(1 + ((Count - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    /// <summary>One meaning-bearing word of a question with its alternatives.</summary>
    internal sealed class QueryGroup(bool isNumber)
    {
        public bool IsNumber { get; } = isNumber;

        /// <summary>A word that says who is calling ("opa", "buurman"): searched, but it counts little for coverage.</summary>
        public bool IsCaller { get; init; }

        public List<(string[] Stems, float Credit)> Alternatives { get; } = [];

        public Dictionary<string, float> Weights { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds an alternative: stems that together stand for the word, their search weight and coverage credit.</summary>
        public void Add(string[] stems, float weight, float credit = 1f)
        {
            if (stems.Length == 0)
            {
                return;
            }

            Alternatives.Add((stems, credit));
            foreach (var stem in stems)
            {
                if (weight > Weights.GetValueOrDefault(stem))
                {
                    Weights[stem] = weight;
                }
            }
        }

        /// <summary>Words of a multi-word phrase: how many tokens the phrase spans (1 for a single word).</summary>
        public int PhraseLength { get; init; } = 1;

        /// <summary>Keeps another group's stems for scoring without making them alternatives for coverage.</summary>
        public void MergeWeights(QueryGroup other)
        {
            foreach (var (stem, weight) in other.Weights)
            {
                if (weight > Weights.GetValueOrDefault(stem))
                {
                    Weights[stem] = weight;
                }
            }
        }
    }
}
