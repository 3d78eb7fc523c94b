using KccAssistant.Answering;

namespace KccAssistant.Tests.Answering;

public sealed class ConfidenceBandsTests
{
    [Theory]
    [InlineData(0.95, 0.4, ConfidenceBands.High)]
    [InlineData(0.71, 0.4, ConfidenceBands.High)]
    [InlineData(0.69, 0.4, ConfidenceBands.Medium)]
    [InlineData(0.52, 0.4, ConfidenceBands.Medium)]
    [InlineData(0.51, 0.4, ConfidenceBands.Low)]
    [InlineData(0.40, 0.4, ConfidenceBands.Low)]
    [InlineData(0.90, 0.8, ConfidenceBands.High)]
    [InlineData(0.85, 0.8, ConfidenceBands.Medium)]
    public void Of_AnsweredWithConfidence_BandRelativeToTheThreshold(double confidence, double threshold, string expected) =>
        Assert.Equal(expected, ConfidenceBands.Of(answered: true, confidence, threshold).Band);

    [Fact]
    public void Of_NotAnswered_LowWithTheNoAnswerMeaning()
    {
        var band = ConfidenceBands.Of(answered: false, 0.9, 0.95);

        Assert.Equal(ConfidenceBands.Low, band.Band);
        Assert.Equal(ConfidenceBands.NoAnswerMeaning, band.Meaning);
    }

    [Fact]
    public void Of_EveryBand_MeaningIsADutchSentenceWithoutPercentage()
    {
        foreach (var confidence in new[] { 0.45, 0.6, 0.99 })
        {
            var meaning = ConfidenceBands.Of(answered: true, confidence, 0.4).Meaning;
            Assert.EndsWith(".", meaning, StringComparison.Ordinal);
            Assert.DoesNotContain("%", meaning, StringComparison.Ordinal);
        }
    }
}
