using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Tests.Eval;

/// <summary>Hand-made per-question results, so metric and interval tests can be computed on paper.</summary>
internal static class EvalFixtures
{
    /// <summary>An answerable question whose first relevant document is at <paramref name="rank"/> (null: not in the top 10).</summary>
    public static QuestionResult Answerable(string id, int? rank, bool answered = true, double milliseconds = 10, double confidence = 0.9) =>
        new(id, $"vraag {id}", true, answered, rank, confidence, milliseconds,
            ["Paspoort aanvragen <https://www.lindenhaven.nl/paspoort>", "Rijbewijs <https://www.lindenhaven.nl/rijbewijs>", "Verhuizen <https://www.lindenhaven.nl/verhuizen>"],
            ["https://www.lindenhaven.nl/paspoort"], answered ? 1 : 0, answered && rank == 1 ? 1 : 0, null, answered ? "Antwoord [1]" : "", 0.5, 0.5, 0, null);

    /// <summary>An unanswerable question that the assistant <paramref name="answered"/> or refused.</summary>
    public static QuestionResult Unanswerable(string id, bool answered, double milliseconds = 10, double confidence = 0.1) =>
        new(id, $"vraag {id}", false, answered, null, confidence, milliseconds,
            ["Grofvuil <https://www.lindenhaven.nl/afval>"], [], answered ? 1 : 0, 0, null, answered ? "Antwoord [1]" : "", 0.1, 0.1, 0, null);

    /// <summary>A run of <paramref name="questions"/> in hybrid mode, metrics and intervals as the runner computes them.</summary>
    public static ModeRun Run(IReadOnlyList<QuestionResult> questions, string mode = "hybrid", string? variant = null, string split = "test") =>
        new(mode, RunMetrics.Compute(questions), questions, EvalRunner.Sweep(questions), split)
        {
            Variant = variant,
            Intervals = Bootstrap.Intervals(questions),
            Threshold = 0.25,
            Settings = variant is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Kcc:Retrieval:DenseWeight"] = "0.45" },
        };

    /// <summary>Run details for a report.</summary>
    public static RunDetails Details(string set = "eval/sets/proef.jsonl") =>
        new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero), "0123456789abcdef0123456789abcdef01234567", set, 12, 4, ["test"], "/tmp/data", 3, 763, "all-MiniLM-L6-v2-int8",
            new Dictionary<string, string> { ["Kcc:Retrieval:DenseWeight"] = "0.45 (standaard 0.3)" });
}
