using KccAssistant.Answering.Answerability;

namespace KccAssistant.Tests.Eval;

public sealed class CalibrationTests
{
    /// <summary>Answerable questions have higher coverage, with overlap: a realistic, not perfectly separable set.</summary>
    private static List<CalibrationExample> Examples(int answerable = 120, int unanswerable = 30, int seed = 3)
    {
        var random = new Random(seed);
        double Noise() => (random.NextDouble() - 0.5) * 0.3;
        AnswerabilityFeatures Features(double coverage) =>
            new(Math.Clamp(coverage + Noise(), 0, 1), Math.Clamp(coverage + Noise(), 0, 1), Math.Clamp((coverage / 2) + Noise(), 0, 1), Math.Clamp((coverage * 0.8) + Noise(), 0, 1), 0.5 + Noise(), 0.55 + Noise(), random.Next(2, 8));
        return
        [
            .. Enumerable.Range(0, answerable).Select(i => new CalibrationExample($"a{i}", Features(0.6 + (random.NextDouble() * 0.4)), true)),
            .. Enumerable.Range(0, unanswerable).Select(i => new CalibrationExample($"u{i}", Features(random.NextDouble() * 0.5), false)),
        ];
    }

    [Fact]
    public void Fit_SeparableData_WeightsPointTheRightWayAndClassify()
    {
        var features = Enumerable.Range(0, 100).Select(i => new[] { i / 100.0, (i * 7 % 10) / 10.0 }).ToList();
        var labels = features.Select(f => f[0] > 0.3).ToList();

        var fit = LogisticRegression.Fit(features, labels);

        Assert.True(fit.Weights[0] > 0, $"coverage weight {fit.Weights[0]}");
        Assert.True(Math.Abs(fit.Weights[1]) < Math.Abs(fit.Weights[0]) / 5, $"noise weight {fit.Weights[1]}");
        var correct = features.Zip(labels).Count(p => (fit.Probability(p.First) >= 0.5) == p.Second);
        Assert.True(correct >= 95, $"{correct} of 100 correct");
    }

    [Fact]
    public void Fit_OneClassOnly_ClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit([[0.1], [0.2]], [true, true]));

        Assert.Contains("Beide klassen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.10, 1)]
    [InlineData(0.25, 2)]
    [InlineData(0.0, 0)]
    public void Threshold_RefusesAtMostTheTargetShareOfAnswerableQuestions(double target, int refused)
    {
        var probabilities = new List<double> { 0.9, 0.2, 0.5, 0.7, 0.35, 0.8, 0.6, 0.95, 0.45, 0.65 };

        var threshold = Calibrator.Threshold(probabilities, target);

        Assert.Equal(refused, probabilities.Count(p => p < threshold));
    }

    [Fact]
    public void Calibrate_ThresholdKeepsFalseNoAnswersAtTargetAndHeldOutEstimateIsReported()
    {
        var examples = Examples();

        var result = Calibrator.Calibrate(examples, targetFalseNoAnswerRate: 0.1);

        Assert.True(result.InSample.FalseNoAnswerRate <= 0.1, $"in sample {result.InSample}");
        Assert.True(result.InSample.NoAnswerAccuracy >= 0.7, $"in sample {result.InSample}");
        Assert.InRange(result.CrossValidated.FalseNoAnswerRate, 0, 0.25);
        Assert.True(result.CrossValidated.NoAnswerAccuracy >= 0.6, $"cross-validated {result.CrossValidated}");
        Assert.Null(result.Model.Problem());
        Assert.Equal(AnswerabilityFeatures.Names.Order(), result.Model.Weights.Keys.Order());
    }

    [Fact]
    public void Calibrate_QuestionsWithoutEvidence_CountAsNoAnswer()
    {
        var examples = Examples();
        examples.Add(new CalibrationExample("leeg-onbeantwoordbaar", null, false));
        examples.Add(new CalibrationExample("leeg-beantwoordbaar", null, true));

        var result = Calibrator.Calibrate(examples, 0.1);

        // The answerable question without evidence is a false "geen antwoord" whatever the model: it counts.
        Assert.True(result.InSample.FalseNoAnswerRate >= 1.0 / 121, result.InSample.ToString());
    }

    [Fact]
    public void Calibrate_TooFewUnanswerableQuestions_ClearError()
    {
        var examples = Examples(unanswerable: 1);

        var error = Assert.Throws<ArgumentException>(() => Calibrator.Calibrate(examples, 0.1));

        Assert.Contains("onbeantwoordbare", error.Message, StringComparison.Ordinal);
    }
}
