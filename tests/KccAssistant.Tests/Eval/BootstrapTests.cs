using KccAssistant.Eval.Evaluation;
using static KccAssistant.Tests.Eval.EvalFixtures;

namespace KccAssistant.Tests.Eval;

public sealed class BootstrapTests
{
    private static void AssertInterval(double lo, double hi, double[]? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal([lo, hi], actual);
    }

    [Fact]
    public void PercentileInterval_FortyValues_NearestRanksOneAndThirtyNine()
    {
        // 2.5% of 40 is 1 → the 1st smallest; 97.5% of 40 is 39 → the 39th.
        var statistics = Enumerable.Range(1, 40).Select(i => (double)i).Reverse().ToList();

        AssertInterval(1.0, 39.0, Bootstrap.PercentileInterval(statistics));
    }

    [Fact]
    public void PercentileInterval_TwoThousandValues_RanksFiftyAndNineteenFifty()
    {
        var statistics = Enumerable.Range(1, 2000).Select(i => (double)i).ToList();

        AssertInterval(50.0, 1950.0, Bootstrap.PercentileInterval(statistics));
    }

    [Fact]
    public void PercentileInterval_Ties_TakeTheTiedValue()
    {
        // Sorted: 0.5 ×3, 0.75 ×34, 1 ×3; rank 1 is 0.5 and rank 39 is 1.
        var statistics = Enumerable.Repeat(0.75, 34).Concat(Enumerable.Repeat(0.5, 3)).Concat(Enumerable.Repeat(1.0, 3)).ToList();

        AssertInterval(0.5, 1.0, Bootstrap.PercentileInterval(statistics));
    }

    [Fact]
    public void PercentileInterval_Empty_IsNull() => Assert.Null(Bootstrap.PercentileInterval([]));

    [Fact]
    public void Intervals_SingleQuestion_CollapseToTheValue()
    {
        var intervals = Bootstrap.Intervals([Answerable("q1", rank: 2, milliseconds: 12)]);

        AssertInterval(0.0, 0.0, intervals["recall@1"]);
        AssertInterval(1.0, 1.0, intervals["recall@5"]);
        AssertInterval(0.5, 0.5, intervals["mrr@10"]);
        AssertInterval(12.0, 12.0, intervals["p95Ms"]);
        // No unanswerable question: nothing to measure, so no interval either.
        Assert.Null(intervals["noAnswerAccuracy"]);
    }

    [Fact]
    public void Intervals_AllUnanswerable_AnswerableMetricsHaveNoInterval()
    {
        List<QuestionResult> questions = [Unanswerable("u1", answered: false), Unanswerable("u2", answered: true), Unanswerable("u3", answered: false)];

        var intervals = Bootstrap.Intervals(questions);
        var metrics = RunMetrics.Compute(questions);

        foreach (var metric in new[] { "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "falseNoAnswerRate", "citationPrecision", "mustContainRate" })
        {
            Assert.Null(metrics[metric]);
            Assert.Null(intervals[metric]);
        }

        Assert.Equal(2.0 / 3, metrics["noAnswerAccuracy"]!.Value, 6);
        // Three refused/answered questions: a resample can hold 0 to 3 refusals, and 0 refusals has probability 1/27 > 2.5%.
        AssertInterval(0.0, 1.0, intervals["noAnswerAccuracy"]);
    }

    [Fact]
    public void Intervals_NoRelevantDocumentFound_RecallIsZeroWithAZeroInterval()
    {
        List<QuestionResult> questions = [Answerable("q1", null), Answerable("q2", null), Answerable("q3", null)];

        var intervals = Bootstrap.Intervals(questions);

        Assert.Equal(0, RunMetrics.Compute(questions)["recall@10"]);
        AssertInterval(0.0, 0.0, intervals["recall@10"]);
        AssertInterval(0.0, 0.0, intervals["ndcg@10"]);
    }

    [Fact]
    public void Intervals_OneFoundOneNot_SpanZeroToOne()
    {
        // Resamples of two questions give recall 0, ½ or 1 with probabilities ¼, ½, ¼: both tails are far over 2.5%.
        var intervals = Bootstrap.Intervals([Answerable("q1", 1), Answerable("q2", null)]);

        AssertInterval(0.0, 1.0, intervals["recall@1"]);
    }

    [Fact]
    public void Intervals_TenQuestionsHalfFound_MatchTheBinomialPercentiles()
    {
        // By hand: a resample's recall is X/10 with X ~ Binomial(10, ½). P(X ≤ 1) = 11/1024 ≈ 0.011 < 0.025 ≤ P(X ≤ 2) =
        // 56/1024 ≈ 0.055, so the 2.5th percentile is 0.2; P(X ≤ 7) ≈ 0.945 < 0.975 ≤ P(X ≤ 8) ≈ 0.989, so the 97.5th is 0.8.
        // With 2000 resamples the expected counts sit six standard deviations from the ranks 50 and 1950.
        var questions = Enumerable.Range(0, 10).Select(i => Answerable($"q{i}", i < 5 ? 1 : null)).ToList();

        var intervals = Bootstrap.Intervals(questions);

        AssertInterval(0.2, 0.8, intervals["recall@1"]);
    }

    [Fact]
    public void Intervals_StratifiedResampling_KeepsTheUnanswerableDenominator()
    {
        // One unanswerable question refused among 19 answerable ones: resampled as one pool, some resamples would have no
        // or two unanswerable questions; resampled per group, noAnswerAccuracy is 1 in every resample.
        var questions = Enumerable.Range(0, 19).Select(i => Answerable($"q{i}", i % 2 == 0 ? 1 : 3)).Append(Unanswerable("u1", answered: false)).ToList();

        var intervals = Bootstrap.Intervals(questions);

        AssertInterval(1.0, 1.0, intervals["noAnswerAccuracy"]);
    }

    [Fact]
    public void StratifiedIndices_EveryResampleKeepsGroupSizesAndDrawsWithinItsGroup()
    {
        bool[] strata = [true, true, true, false, false];

        foreach (var indices in Bootstrap.StratifiedIndices(strata, 200, 7))
        {
            Assert.All(indices.Take(3), i => Assert.InRange(i, 0, 2));
            Assert.All(indices.Skip(3), i => Assert.InRange(i, 3, 4));
        }
    }

    [Fact]
    public void Intervals_SameSeed_SameIntervals()
    {
        var questions = Enumerable.Range(0, 30).Select(i => Answerable($"q{i}", i % 3 == 0 ? null : (i % 4) + 1, milliseconds: i)).ToList();

        Assert.Equal(Bootstrap.Intervals(questions)["mrr@10"], Bootstrap.Intervals(questions)["mrr@10"]);
        Assert.Equal(Bootstrap.Intervals(questions)["p95Ms"], Bootstrap.Intervals(questions)["p95Ms"]);
    }

    [Fact]
    public void PairedDeltaIntervals_SameResults_ZeroDeltaZeroWidth()
    {
        var questions = Enumerable.Range(0, 20).Select(i => Answerable($"q{i}", i % 3 == 0 ? null : 1)).ToList();

        var intervals = Bootstrap.PairedDeltaIntervals(questions.Select(q => new QuestionPair(q, q)).ToList());

        AssertInterval(0.0, 0.0, intervals["recall@1"]);
    }

    [Fact]
    public void PairedDeltaIntervals_EveryQuestionLost_DeltaMinusOne()
    {
        var before = Enumerable.Range(0, 20).Select(i => Answerable($"q{i}", 1)).ToList();
        var after = before.Select(q => q with { FirstRelevantRank = null }).ToList();

        var intervals = Bootstrap.PairedDeltaIntervals(before.Zip(after, (a, b) => new QuestionPair(a, b)).ToList());

        AssertInterval(-1.0, -1.0, intervals["recall@5"]);
    }

    [Theory]
    [InlineData(0.9375, new[] { 0.89, 0.98 }, "0.94 [0.89–0.98]")]
    [InlineData(0.5, null, "0.50")]
    [InlineData(null, null, "–")]
    public void Format_ValueAndInterval(double? value, double[]? interval, string expected) =>
        Assert.Equal(expected, Bootstrap.Format(value, interval));
}
