using KccAssistant.Eval.Evaluation;
using static KccAssistant.Tests.Eval.EvalFixtures;

namespace KccAssistant.Tests.Eval;

public sealed class RunMetricsTests
{
    [Fact]
    public void Compute_HandComputedRun()
    {
        // Ranks 1, 3, none, 7 → recall@1 ¼, recall@5 2/4, recall@10 ¾; mrr (1 + ⅓ + 0 + 1/7) / 4; nDCG (1 + ½ + 0 + 1/3) / 4.
        List<QuestionResult> questions =
        [
            Answerable("a1", 1),
            Answerable("a2", 3),
            Answerable("a3", null, answered: false),
            Answerable("a4", 7),
            Unanswerable("u1", answered: false),
            Unanswerable("u2", answered: true),
        ];

        var metrics = RunMetrics.Compute(questions);

        Assert.Equal(0.25, metrics["recall@1"]);
        Assert.Equal(0.5, metrics["recall@5"]);
        Assert.Equal(0.75, metrics["recall@10"]);
        Assert.Equal((1 + (1.0 / 3) + (1.0 / 7)) / 4, metrics["mrr@10"]!.Value, 9);
        Assert.Equal((1 + 0.5 + (1.0 / 3)) / 4, metrics["ndcg@10"]!.Value, 9);
        Assert.Equal(0.5, metrics["noAnswerAccuracy"]);
        Assert.Equal(0.25, metrics["falseNoAnswerRate"]);
        // Three answered answerable questions cite one source each; only the one at rank 1 cites a relevant one.
        Assert.Equal(1.0 / 3, metrics["citationPrecision"]!.Value, 9);
        Assert.Null(metrics["mustContainRate"]);
    }

    [Fact]
    public void Compute_NoAnswerableQuestions_RecallIsNullNotZero()
    {
        var metrics = RunMetrics.Compute([Unanswerable("u1", answered: false)]);

        Assert.Null(metrics["recall@5"]);
        Assert.Null(metrics["falseNoAnswerRate"]);
        Assert.Equal(1, metrics["noAnswerAccuracy"]);
    }

    [Fact]
    public void Compute_NoQuestions_EverythingNull()
    {
        var metrics = RunMetrics.Compute([]);

        Assert.All(RunMetrics.WithInterval, m => Assert.Null(metrics[m]));
    }

    [Fact]
    public void Compute_TiedLatencies_PercentileIsTheTiedValue()
    {
        var metrics = RunMetrics.Compute([Answerable("a", 1, milliseconds: 5), Answerable("b", 1, milliseconds: 5), Answerable("c", 1, milliseconds: 9)]);

        Assert.Equal(5, metrics["p50Ms"]);
        Assert.Equal(9, metrics["p95Ms"]);
    }

    [Fact]
    public void Sweep_NoUnanswerableQuestions_NoAnswerAccuracyIsNull()
    {
        var sweep = EvalRunner.Sweep([Answerable("a", 1, confidence: 0.5)]);

        Assert.All(sweep, p => Assert.Null(p.NoAnswerAccuracy));
        Assert.Equal(1, sweep.Single(p => p.Threshold == 0.55).FalseNoAnswerRate);
    }
}
