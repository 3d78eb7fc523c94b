using KccAssistant.Documents;
using KccAssistant.Text;

namespace KccAssistant.Stores.Qdrant;

/// <summary>A sparse vector: term indices (ascending, distinct) and their weights.</summary>
/// <param name="Indices">Term indices.</param>
/// <param name="Values">Weights, one per index.</param>
public sealed record SparseTerms(uint[] Indices, float[] Values)
{
    /// <summary>True when no term is left (a text of stopwords only).</summary>
    public bool IsEmpty => Indices.Length == 0;
}

/// <summary>
/// Sparse vectors from the project's Dutch analysis (folding, stopwords, Snowball stemming) for Qdrant's server-side
/// lexical search. Qdrant applies the IDF itself (the collection's sparse vector has the IDF modifier), so a chunk's
/// weights are its field-weighted term frequencies, saturated as in BM25; a question's weights are 1 per stem. Stems are
/// hashed to 32-bit indices (FNV-1a): a collision merges two rare stems, which costs a little precision, never a crash.
/// Compound splitting and synonyms need the whole corpus and stay with the in-process lexical search.
/// </summary>
public static class DutchSparseVectors
{
    private const float K1 = 1.2f;

    // The same field weights as the in-process lexical index, so the server's ranking leans on the same fields.
    private const float TitleWeight = 3f;
    private const float KeywordsWeight = 2f;
    private const float SectionWeight = 1.5f;
    private const float TextWeight = 1f;

    /// <summary>The sparse vector of a chunk.</summary>
    public static SparseTerms ForChunk(Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var frequencies = new Dictionary<uint, float>();
        var title = chunk.Question is { Length: > 0 } q && q != chunk.Title ? $"{chunk.Title} {q}" : chunk.Title;
        Add(frequencies, title, TitleWeight);
        Add(frequencies, string.Join(' ', chunk.Keywords), KeywordsWeight);
        Add(frequencies, chunk.Section, SectionWeight);
        Add(frequencies, chunk.Text, TextWeight);
        return Build(frequencies, tf => tf * (K1 + 1) / (tf + K1));
    }

    /// <summary>The sparse vector of a question.</summary>
    public static SparseTerms ForQuery(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var frequencies = new Dictionary<uint, float>();
        Add(frequencies, question, 1f);
        return Build(frequencies, _ => 1f);
    }

    /// <summary>The index of a stem: FNV-1a over its UTF-8 bytes.</summary>
    public static uint IndexOf(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(stem))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static void Add(Dictionary<uint, float> frequencies, string text, float weight)
    {
        foreach (var token in DutchTextNormalizer.Tokenize(text))
        {
            if (!DutchStopwords.IsStopword(token))
            {
                var index = IndexOf(DutchStemmer.Stem(token));
                frequencies[index] = frequencies.GetValueOrDefault(index) + weight;
            }
        }
    }

    private static SparseTerms Build(Dictionary<uint, float> frequencies, Func<float, float> weight)
    {
        var indices = frequencies.Keys.Order().ToArray();
        return new SparseTerms(indices, indices.Select(i => weight(frequencies[i])).ToArray());
    }
}
