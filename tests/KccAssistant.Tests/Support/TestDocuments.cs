using KccAssistant.Documents;

namespace KccAssistant.Tests.Support;

/// <summary>Small documents and deterministic vectors for store and retrieval tests.</summary>
internal static class TestDocuments
{
    public const int Dimensions = 8;

    public static SourceDocument Document(string id, string title, string text, string source = "website", SourceType type = SourceType.Website, string? section = null) => new()
    {
        Id = id,
        SourceName = source,
        Type = type,
        Title = title,
        Url = id.StartsWith("http", StringComparison.Ordinal) ? id : $"https://www.example.nl/{id}",
        Sections = [new DocumentSection(section ?? "", text)],
    };

    public static IReadOnlyList<EmbeddedChunk> Chunks(SourceDocument document, int axis) =>
        document.Sections.Select((section, i) => new EmbeddedChunk(
            new Chunk
            {
                Id = $"{document.Id}#{i}",
                DocumentId = document.Id,
                Ordinal = i,
                SourceName = document.SourceName,
                SourceType = document.Type,
                Title = document.Title,
                Url = document.Url,
                Section = section.Heading,
                Text = section.Text,
                Question = document.Question,
                Keywords = document.Keywords,
                LastModified = document.LastModified,
            },
            UnitVector(axis))).ToList();

    /// <summary>A unit vector mostly along one axis, so dense search order is predictable.</summary>
    public static float[] UnitVector(int axis, float spill = 0.1f)
    {
        var vector = new float[Dimensions];
        vector[axis % Dimensions] = 1f;
        vector[(axis + 1) % Dimensions] = spill;
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kcc-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The Dutch lexical search over a store, as the app wires it (without synonyms), for tests that hold a store.</summary>
internal static class StoreLexical
{
    public static async Task<IReadOnlyList<KccAssistant.Stores.ScoredChunk>> SearchAsync(KccAssistant.Stores.IKnowledgeStore store, string query, int top)
    {
        using var search = new KccAssistant.Retrieval.Lexical.DutchLexicalSearch(store);
        return await search.SearchAsync(query, top);
    }
}
