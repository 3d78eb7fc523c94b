using System.Numerics.Tensors;
using KccAssistant.Documents;

namespace KccAssistant.Stores.Embedded;

/// <summary>
/// One committed generation held in memory: chunks and their vectors in one contiguous array (exact search with
/// TensorPrimitives.Dot is ~4 ms for 50k×384 on one core, so no ANN index). The lexical index is not here: it is built
/// over <see cref="Chunks"/> by <see cref="Retrieval.Lexical.DutchLexicalSearch"/>, the same for every store.
/// Immutable: a newer generation replaces the whole snapshot.
/// </summary>
internal sealed class IndexSnapshot
{
    private readonly float[] _vectors;
    private readonly Dictionary<string, int[]> _byDocument;

    public IndexSnapshot(StoreInfo info, Chunk[] chunks, float[] vectors, int dimensions)
    {
        Info = info;
        Chunks = chunks;
        _vectors = vectors;
        Dimensions = dimensions;
        _byDocument = chunks
            .Select((chunk, index) => (chunk, index))
            .GroupBy(x => x.chunk.DocumentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.chunk.Ordinal).Select(x => x.index).ToArray(), StringComparer.Ordinal);
    }

    public static IndexSnapshot Empty { get; } =
        new(new StoreInfo(0, null, null, new Dictionary<string, int>(), 0), [], [], 0);

    public StoreInfo Info { get; }

    public Chunk[] Chunks { get; }

    public int Dimensions { get; }

    public IReadOnlyList<Chunk> DocumentChunks(string documentId) =>
        _byDocument.TryGetValue(documentId, out var indexes) ? indexes.Select(i => Chunks[i]).ToList() : [];

    public ReadOnlyMemory<float> Vector(int index) => _vectors.AsMemory(index * Dimensions, Dimensions);

    public IReadOnlyList<ScoredChunk> SearchDense(ReadOnlySpan<float> query, int top, ChunkFilter? filter = null)
    {
        if (filter is { IsEmpty: true })
        {
            filter = null;
        }

        if (Chunks.Length == 0 || query.Length != Dimensions || top <= 0)
        {
            return [];
        }

        // Min-heap of the best `top` so far: O(n log k) with no allocation per row.
        var heap = new PriorityQueue<int, float>(top + 1);
        var vectors = _vectors.AsSpan();
        for (var i = 0; i < Chunks.Length; i++)
        {
            if (filter is not null && !filter.Matches(Chunks[i]))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(vectors.Slice(i * Dimensions, Dimensions), query);
            if (heap.Count < top)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.DequeueEnqueue(i, score);
            }
        }

        var results = new List<ScoredChunk>(heap.Count);
        while (heap.TryDequeue(out var index, out var score))
        {
            results.Add(new ScoredChunk(Chunks[index], score));
        }

        results.Reverse();
        return results;
    }
}
