using System.Globalization;
using System.Numerics.Tensors;
using KccAssistant.Documents;
using KccAssistant.Stores;
using KccAssistant.Text;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// Grows a small real index to a target size for load tests, without embedding: the real documents come first
/// unchanged, then copies "for other municipalities" with their own ids, titles and URLs, sentences shuffled and a
/// municipality sentence appended, and vectors perturbed (cosine ≈ 0.97 to the original) and re-normalised. The
/// lexical index and the dense search thus work on 10k distinct, realistic chunks. Deterministic for a given seed.
/// </summary>
internal static class SyntheticIndexBuilder
{
    // Standard deviation of the Gaussian noise per dimension; for 384 dimensions the copy keeps cosine ≈ 0.97.
    private const double NoiseSigma = 0.013;

    private static readonly string[] Municipalities =
    [
        "Wolderveen", "Oosterbrug", "Maasdonk", "Heuvelrade", "Bernekamp", "Zuidervaart", "Lindeloo", "Elsterwijk",
        "Kortehemmen", "Noordhove", "Dijkerhoek", "Veenendonk", "Westerzand", "Bosschenhoofd", "Ravensloot", "Grijpkerk",
        "Hoogeland", "Molenbeek", "Sint Anneke", "Ter Aar-West", "Valkenhorst", "Marke", "Eemsbroek", "Lutkewolde",
    ];

    /// <summary>
    /// Exactly <paramref name="targetChunks"/> chunks (the last copy may be cut short): the seed documents, then numbered
    /// variants of them. Every chunk id is unique and every vector has unit length.
    /// </summary>
    public static IReadOnlyList<IndexedDocument> Build(IReadOnlyList<IndexedDocument> seed, int targetChunks, int randomSeed = 20260101)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetChunks);
        var usable = seed.Where(d => d.Chunks.Count > 0).DistinctBy(d => d.Document.Id, StringComparer.Ordinal).ToList();
        if (usable.Count == 0)
        {
            throw new ArgumentException("The seed index has no chunks.", nameof(seed));
        }

        var random = new Random(randomSeed);
        var result = new List<IndexedDocument>();
        var total = 0;
        for (var copy = 0; total < targetChunks; copy++)
        {
            foreach (var original in usable)
            {
                var remaining = targetChunks - total;
                if (remaining <= 0)
                {
                    break;
                }

                var document = copy == 0 ? Cut(original, remaining) : Variant(original, copy, remaining, random);
                result.Add(document);
                total += document.Chunks.Count;
            }
        }

        return result;
    }

    /// <summary>The municipality named in copy number <paramref name="copy"/> (1-based); numbered once the list is used up.</summary>
    public static string Municipality(int copy)
    {
        var index = copy - 1;
        var name = Municipalities[index % Municipalities.Length];
        var round = index / Municipalities.Length;
        return round == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} {round + 1}");
    }

    private static IndexedDocument Cut(IndexedDocument original, int maxChunks) =>
        original.Chunks.Count <= maxChunks ? original : original with { Chunks = [.. original.Chunks.Take(maxChunks)] };

    private static IndexedDocument Variant(IndexedDocument original, int copy, int maxChunks, Random random)
    {
        var municipality = Municipality(copy);
        var slug = municipality.ToLowerInvariant().Replace(' ', '-');
        var source = original.Document;
        var id = $"{source.Id}~{slug}";
        var url = source.Url + (source.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "gemeente=" + Uri.EscapeDataString(slug);
        var title = $"{source.Title} ({municipality})";
        var suffix = $" Dit geldt voor inwoners van de gemeente {municipality}.";
        var document = source with
        {
            Id = id,
            Url = url,
            Title = title,
            Sections = [.. source.Sections.Select(s => s with { Text = Shuffle(s.Text, random) + suffix })],
        };

        var chunks = original.Chunks.Take(maxChunks).Select((embedded, ordinal) => new EmbeddedChunk(
            embedded.Chunk with
            {
                Id = $"{id}#{ordinal}",
                DocumentId = id,
                Ordinal = ordinal,
                Title = title,
                Url = url,
                Text = Shuffle(embedded.Chunk.Text, random) + suffix,
            },
            Perturb(embedded.Vector.Span, random))).ToList();
        return new IndexedDocument(document, chunks);
    }

    private static string Shuffle(string text, Random random)
    {
        var sentences = DutchSentenceSplitter.Default.Split(text).ToArray();
        if (sentences.Length < 2)
        {
            return text;
        }

        random.Shuffle(sentences);
        return string.Join(' ', sentences);
    }

    /// <summary>The vector plus Gaussian noise, scaled back to unit length.</summary>
    internal static float[] Perturb(ReadOnlySpan<float> vector, Random random)
    {
        var result = new float[vector.Length];
        for (var i = 0; i < result.Length; i++)
        {
            // Box–Muller: one standard normal sample per dimension.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            result[i] = vector[i] + (float)(normal * NoiseSigma);
        }

        var norm = TensorPrimitives.Norm(result);
        TensorPrimitives.Divide(result, MathF.Max(norm, 1e-12f), result);
        return result;
    }
}
