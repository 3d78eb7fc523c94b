using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.KnowledgeBase;

/// <summary>The sample knowledge base shipped in ingest/samples/kennisbank: whatever it holds, nothing internal gets out.</summary>
public sealed class KennisbankSamplesTests
{
    private static string? SamplesFolder()
    {
        // KCC_KB_SAMPLES lets a developer point at a sample folder that is not in this checkout yet.
        var folder = Environment.GetEnvironmentVariable("KCC_KB_SAMPLES")
            ?? (RepositoryLayout.Root is { } root ? Path.Combine(root, "ingest", "samples", "kennisbank") : null);
        return folder is not null && Directory.Exists(folder)
            && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            ? folder
            : null;
    }

    [SkippableFact]
    public async Task ReadAsync_SampleKennisbank_NoInternalMarkerInAnyDocument()
    {
        var folder = SamplesFolder();
        Skip.If(folder is null, "No sample knowledge base (*.json, *.md) in ingest/samples/kennisbank of this checkout");

        var items = await new KnowledgeBaseReader(folder).ReadAllAsync();

        Assert.NotEmpty(items.Documents());
        Assert.All(items.Documents(), d => Assert.DoesNotContain("INTERN", d.AllText(), StringComparison.Ordinal));
        Assert.All(items.Skips(), s => Assert.DoesNotContain("INTERN", s.Detail, StringComparison.Ordinal));
        Assert.Equal(items.Documents().Count, items.Documents().Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
