using KccAssistant.Documents;
using KccAssistant.Text;

namespace KccAssistant.Retrieval.Lexical;

/// <summary>Field weights of the lexical index: title and VAC question count more than body text.</summary>
public sealed record LexicalFieldWeights(float Title = 3f, float Keywords = 2f, float Section = 1.5f, float Text = 1f, float CompoundPart = 0.5f);

/// <summary>
/// In-memory BM25 index over chunks with Dutch analysis: folding, stopwords, stemming, data-driven compound
/// splitting, field weights, and question-side synonym expansion. Immutable once built; safe for concurrent reads.
/// </summary>
public sealed class LexicalIndex
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;
    private readonly Dictionary<string, Posting[]> _postings;
    private readonly float[] _lengths;
    private readonly float _averageLength;
    private readonly CompoundSplitter _splitter;
    private readonly SynonymMap _synonyms;
    private readonly LexicalFieldWeights _weights;

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
                        vocabulary.Add(DutchStemmer.Stem(token));
                    }
                }
            }
        }

        _splitter = new CompoundSplitter(vocabulary.Contains);
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
            pair => pair.Value.Select(p => new Posting(p.Key, p.Value)).ToArray(),
            StringComparer.Ordinal);
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

    /// <summary>The weighted stems a question is searched with: its own words, their compound parts and synonyms.</summary>
    public IReadOnlyDictionary<string, float> AnalyzeQuery(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var tokens = DutchTextNormalizer.Tokenize(question).ToList();
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        void Put(string stem, float weight)
        {
            if (weight > terms.GetValueOrDefault(stem))
            {
                terms[stem] = weight;
            }
        }

        foreach (var token in tokens)
        {
            if (DutchStopwords.IsStopword(token))
            {
                continue;
            }

            var stem = DutchStemmer.Stem(token);
            var known = _postings.ContainsKey(stem);
            Put(stem, 1f);
            foreach (var part in _splitter.Split(token))
            {
                // An unknown compound is best searched through its parts; a known one mostly as itself.
                Put(part, known ? 0.5f : 0.9f);
            }
        }

        foreach (var synonym in _synonyms.Expand(tokens))
        {
            if (!DutchStopwords.IsStopword(synonym))
            {
                Put(DutchStemmer.Stem(synonym), 0.8f);
                foreach (var part in _splitter.Split(synonym))
                {
                    Put(part, 0.5f);
                }
            }
        }

        return terms;
    }

    /// <summary>
    /// The best chunks for a question as (position, BM25 score, share of the question's best possible score).
    /// The share is near 1 when every question term occurs often in the chunk and near 0 when none does.
    /// </summary>
    public IReadOnlyList<(int Chunk, double Score, double Share)> Search(string question, int top)
    {
        var terms = AnalyzeQuery(question);
        if (terms.Count == 0 || Count == 0)
        {
            return [];
        }

        var scores = new float[Count];
        var touched = new List<int>();
        double best = 0;
        foreach (var (stem, queryWeight) in terms)
        {
            if (!_postings.TryGetValue(stem, out var postings))
            {
                // Unknown words still count in the best possible score: a question about something absent
                // should look poorly covered.
                best += queryWeight * Idf(0) * (K1 + 1);
                continue;
            }

            var idf = Idf(postings.Length);
            best += queryWeight * idf * (K1 + 1);
            foreach (var posting in postings)
            {
                var tf = posting.Frequency;
                var norm = K1 * (1 - B + (B * _lengths[posting.Chunk] / _averageLength));
                if (scores[posting.Chunk] == 0)
                {
                    touched.Add(posting.Chunk);
                }

                scores[posting.Chunk] += (float)(queryWeight * idf * tf * (K1 + 1) / (tf + norm));
            }
        }

        return touched
            .OrderByDescending(i => scores[i])
            .Take(top)
            .Select(i => (i, (double)scores[i], best > 0 ? Math.Min(1, scores[i] / best) : 0))
            .ToList();
    }

    private float Idf(int documentFrequency) =>
        (float)Math.Log(1 + ((Count - documentFrequency + 0.5) / (documentFrequency + 0.5)));
}
