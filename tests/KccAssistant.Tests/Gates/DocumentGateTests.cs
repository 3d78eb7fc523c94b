using KccAssistant.Documents;
using KccAssistant.Ingest.Gates;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.KnowledgeBase;

namespace KccAssistant.Tests.Gates;

public sealed class DocumentGateTests
{
    private static readonly DocumentGate Gate = new();

    private static SourceDocument Document(string text, string heading = "Antwoord", string title = "Hoe vraag ik een paspoort aan?") => new()
    {
        Id = "1b0c3f2a-0000-4000-8000-000000000001",
        SourceName = "kennisbank",
        Type = SourceType.Vac,
        Title = title,
        Url = "kennisbank:vac/1b0c3f2a-0000-4000-8000-000000000001",
        Question = title,
        Sections = [new DocumentSection("", "U maakt een afspraak."), new DocumentSection(heading, text)],
    };

    [Fact]
    public void Check_NoPersonalData_Passes()
    {
        Assert.Null(Gate.Check(Document("Een paspoort kost € 84,40. Bel 14 0589 of mail info@lindenhaven.nl. Open van 8.30 uur t/m 17.00 uur.")));
    }

    [Fact]
    public void Check_Bsn_SkippedNamingDocumentAndKindNotNumber()
    {
        var skip = Gate.Check(Document("Voorbeeld: mevrouw met BSN 1234.56.782 belde."));

        Assert.NotNull(skip);
        Assert.Equal(SkipReason.PersonalData, skip.Reason);
        Assert.Equal("1b0c3f2a-0000-4000-8000-000000000001", skip.Location);
        Assert.Contains("1b0c3f2a-0000-4000-8000-000000000001", skip.Detail, StringComparison.Ordinal);
        Assert.Contains("BSN", skip.Detail, StringComparison.Ordinal);
        Assert.Contains("section 'Antwoord'", skip.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.56.782", skip.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("123456782", skip.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IbanAndBsnInHeadingAndTitle_DetailNamesKindsNeverValues()
    {
        var skip = Gate.Check(Document("Rekening NL20 INGB 0001 2345 67 van meneer.", heading: "Dossier 111222333", title: "Klant 123456782"));

        Assert.NotNull(skip);
        // Title and question (the same text in a VAC) and the heading.
        Assert.Contains("BSN (3)", skip.Detail, StringComparison.Ordinal);
        Assert.Contains("IBAN (1)", skip.Detail, StringComparison.Ordinal);
        Assert.Contains("title", skip.Detail, StringComparison.Ordinal);
        foreach (var value in new[] { "111222333", "123456782", "NL20", "0001 2345" })
        {
            Assert.DoesNotContain(value, skip.Detail + skip.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_IdHoldingBsn_MaskedInLocationAndDetail()
    {
        var document = Document("Tekst met BSN 123456782.") with { Id = "https://www.lindenhaven.nl/zaak?bsn=123456782" };

        var skip = Gate.Check(document);

        Assert.NotNull(skip);
        Assert.DoesNotContain("123456782", skip.Location + skip.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Check_RijksoverheidFaqs_AllPass()
    {
        var folder = RepositoryLayout.SharedData is { } shared ? Path.Combine(shared, "rijksoverheid-vac") : null;
        Skip.If(folder is null || !Directory.Exists(folder), "Rijksoverheid data not found as ../shared/data/rijksoverheid-vac");

        var documents = (await new KnowledgeBaseReader(folder).ReadAllAsync()).Documents();

        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Null(Gate.Check(d)));
    }
}
