using System.Text.Json;
using KccAssistant.Documents;
using KccAssistant.Ingest.KnowledgeBase;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class KnowledgeBaseReaderRijksoverheidTests
{
    private static string? DataFolder
    {
        get
        {
            var shared = RepositoryLayout.SharedData;
            var folder = shared is null ? null : Path.Combine(shared, "rijksoverheid-vac");
            return folder is not null && Directory.Exists(folder) ? folder : null;
        }
    }

    [SkippableFact]
    public async Task ReadAsync_RijksoverheidFolder_ImportsEveryFaqWithCanonicalUrlAndQuestion()
    {
        var folder = DataFolder;
        Skip.If(folder is null, $"Rijksoverheid data not found as ../shared/data/rijksoverheid-vac beside {RepositoryLayout.Root ?? "the repository"}");
        var files = Directory.GetFiles(folder, "*.json");

        var items = await new KnowledgeBaseReader(folder).ReadAllAsync("rijksoverheid");

        Assert.Empty(items.Skips());
        var documents = items.Documents();
        Assert.Equal(179, files.Length);
        Assert.Equal(files.Length, documents.Count);
        var byId = documents.ToDictionary(d => d.Id);
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var id = json.RootElement.GetProperty("id").GetString()!;
            var document = byId[id];
            Assert.Equal(SourceType.Rijksoverheid, document.Type);
            Assert.Equal("rijksoverheid", document.SourceName);
            Assert.Equal(json.RootElement.GetProperty("canonical").GetString(), document.Url);
            Assert.StartsWith("https://www.rijksoverheid.nl/", document.Url, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(document.Question));
            Assert.Equal(document.Question, document.Title);
            Assert.NotNull(document.LastModified);
            Assert.NotEmpty(document.Sections);
            Assert.All(document.Sections, s => Assert.False(string.IsNullOrWhiteSpace(s.Text)));
            foreach (var text in document.Sections.Select(s => s.Text))
            {
                Assert.DoesNotContain("<p>", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("</", text, StringComparison.Ordinal);
                Assert.DoesNotContain("&nbsp;", text, StringComparison.Ordinal);
                Assert.DoesNotContain("&amp;", text, StringComparison.Ordinal);
                Assert.DoesNotContain('\u00A0', text);
                // Two spaces only as the indent of a list item's continuation lines.
                Assert.DoesNotMatch(@"\S {2,}|[ \t]\n| \z", text);
            }
        }
    }

    [SkippableFact]
    public async Task ReadAsync_RijksoverheidFaq_IntroductionThenTitledParagraphsAndSubjects()
    {
        var folder = DataFolder;
        Skip.If(folder is null, "Rijksoverheid data not found as ../shared/data/rijksoverheid-vac");
        var file = Path.Combine(folder, "0038f3c3-6266-4d40-965b-a78e96241c22.json");
        Skip.IfNot(File.Exists(file), "sample FAQ 0038f3c3 not in the data folder");

        var document = Assert.Single((await new KnowledgeBaseReader(file).ReadAllAsync()).Documents());

        Assert.Equal("0038f3c3-6266-4d40-965b-a78e96241c22", document.Id);
        Assert.Equal("Waar vind ik vacatures en informatie over werken of stages bij de overheid?", document.Question);
        Assert.Equal("", document.Sections[0].Heading);
        Assert.StartsWith("Informatie over werken bij de overheid vind je op werkenbijdeoverheid.nl.", document.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal("Werken bij de overheid", document.Sections[1].Heading);
        Assert.Contains("\n- gemeenten;\n- provincies;", document.Sections[1].Text, StringComparison.Ordinal);
        Assert.Contains("Overheidspersoneel", document.Keywords);
        Assert.Equal(new DateTimeOffset(2024, 4, 4, 8, 49, 13, 941, TimeSpan.Zero), document.LastModified);
    }
}
