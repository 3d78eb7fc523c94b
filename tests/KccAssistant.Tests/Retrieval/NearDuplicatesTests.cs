using KccAssistant.Retrieval;

namespace KccAssistant.Tests.Retrieval;

public sealed class NearDuplicatesTests
{
    [Fact]
    public void Similarity_SameTextDifferentCaseAndPunctuation_AboveThreshold()
    {
        var a = NearDuplicates.Shingles("U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt. Maak een afspraak.");
        var b = NearDuplicates.Shingles("u kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt - maak een afspraak");

        Assert.True(NearDuplicates.Similarity(a, b) >= NearDuplicates.Threshold);
    }

    [Fact]
    public void Similarity_DifferentTextsOnSameTopic_BelowThreshold()
    {
        var a = NearDuplicates.Shingles("U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt.");
        var b = NearDuplicates.Shingles("Grofvuil brengt u gratis naar de milieustraat aan de Industrieweg.");

        Assert.True(NearDuplicates.Similarity(a, b) < 0.2);
    }
}
