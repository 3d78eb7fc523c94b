using System.Text.Json;
using KccAssistant.Eval.Comparison;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Tests.Support;
using static KccAssistant.Tests.Eval.EvalFixtures;

namespace KccAssistant.Tests.Eval;

public sealed class CompareTests
{
    private static List<QuestionResult> Baseline() =>
    [
        .. Enumerable.Range(0, 40).Select(i => Answerable($"a{i}", i < 36 ? 1 : null, milliseconds: 10)),
        .. Enumerable.Range(0, 10).Select(i => Unanswerable($"u{i}", answered: i < 2, milliseconds: 10)),
    ];

    /// <summary>Writes a report by hand (as eval run writes it) and returns the report.json path.</summary>
    private static async Task<string> ReportAsync(string root, string name, IReadOnlyList<QuestionResult> questions, string set = "eval/sets/proef.jsonl", string mode = "hybrid")
    {
        var directory = Path.Combine(root, name);
        await ReportWriter.WriteAsync(directory, Details(set), [Run(questions, mode: mode)]);
        return Path.Combine(directory, "report.json");
    }

    private static Task<int> CompareAsync(params string[] args) => CompareCommand.RunAsync(args, CancellationToken.None);

    [Fact]
    public async Task Compare_SameResults_ExitZeroAndNoChanges()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline());
        var b = await ReportAsync(root.Path, "b", Baseline());

        Assert.Equal(0, await CompareAsync(a, b, "--out", Path.Combine(root.Path, "cmp")));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root.Path, "cmp", "compare.json")));
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal(0, run.GetProperty("changes").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(root.Path, "cmp", "compare.md")));
        Assert.True(File.Exists(Path.Combine(root.Path, "cmp", "compare.html")));
    }

    [Fact]
    public async Task Compare_ManyQuestionsLost_ExitOneWithRegressionAndChangedOutcomes()
    {
        using var root = new TempDirectory();
        var before = Baseline();
        // Twelve questions found at rank 1 drop out of the top 10 and are refused: far outside any interval.
        var after = before.Select(q => q.Answerable && int.Parse(q.Id[1..], System.Globalization.CultureInfo.InvariantCulture) < 12
            ? q with { FirstRelevantRank = null, Answered = false }
            : q).ToList();
        var a = await ReportAsync(root.Path, "a", before);
        var b = await ReportAsync(root.Path, "b", after);

        Assert.Equal(1, await CompareAsync(a, b, "--out", Path.Combine(root.Path, "cmp")));

        var result = ReportComparer.Compare(await ReportReader.ReadAsync(a), await ReportReader.ReadAsync(b));
        var run = Assert.Single(result.Runs);
        var recall = run.Metrics.Single(m => m.Metric == "recall@5");
        Assert.Equal(-0.3, recall.Delta!.Value, 6);
        Assert.Equal(MetricDelta.Regression, recall.Verdict);
        Assert.True(recall.Interval![1] < 0);
        // A higher falseNoAnswerRate is the regression there.
        Assert.Equal(MetricDelta.Regression, run.Metrics.Single(m => m.Metric == "falseNoAnswerRate").Verdict);
        Assert.Equal(12, run.Changes.Count);
        Assert.All(run.Changes, c => Assert.Equal(("gevonden, beantwoord", "niet gevonden, geweigerd", "slechter"), (c.Before, c.After, c.Direction)));
    }

    [Fact]
    public async Task Compare_OneQuestionChanged_WithinTheIntervalNotFlagged()
    {
        using var root = new TempDirectory();
        var before = Baseline();
        var after = before.Select(q => q.Id == "a0" ? q with { FirstRelevantRank = 7 } : q).ToList();

        var a = await ReportAsync(root.Path, "a", before);
        var b = await ReportAsync(root.Path, "b", after);

        Assert.Equal(0, await CompareAsync(a, b, "--out", Path.Combine(root.Path, "cmp")));
        var result = ReportComparer.Compare(await ReportReader.ReadAsync(a), await ReportReader.ReadAsync(b));
        Assert.Equal("a0", Assert.Single(result.Runs[0].Changes).Id);
    }

    [Fact]
    public async Task Compare_UnanswerableNowRefused_IsAnImprovementNotARegression()
    {
        using var root = new TempDirectory();
        var before = Baseline();
        var after = before.Select(q => q.Id is "u0" or "u1" ? q with { Answered = false } : q).ToList();

        var result = ReportComparer.Compare(
            await ReportReader.ReadAsync(await ReportAsync(root.Path, "a", before)),
            await ReportReader.ReadAsync(await ReportAsync(root.Path, "b", after)));

        Assert.False(result.HasRegression);
        Assert.All(result.Runs[0].Changes, c => Assert.Equal("beter", c.Direction));
    }

    [Fact]
    public async Task Compare_MissingFile_ExitTwo()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline());

        Assert.Equal(2, await CompareAsync(a, Path.Combine(root.Path, "bestaat-niet", "report.json")));
    }

    [Fact]
    public async Task Compare_MissingQuestionFile_ExitTwo()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline());
        var b = await ReportAsync(root.Path, "b", Baseline());
        File.Delete(Path.Combine(root.Path, "b", "questions-hybrid-test.jsonl"));

        Assert.Equal(2, await CompareAsync(a, b));
    }

    [Fact]
    public async Task Compare_DifferentSets_ExitTwoNamingBoth()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline(), set: "eval/sets/lindenhaven.jsonl");
        var b = await ReportAsync(root.Path, "b", Baseline(), set: "eval/sets/rijksoverheid.jsonl");

        Assert.Equal(2, await CompareAsync(a, b));
        var error = Assert.Throws<InvalidOperationException>(() => ReportComparer.Compare(ReportReader.ReadAsync(a).Result, ReportReader.ReadAsync(b).Result));
        Assert.Contains("rijksoverheid.jsonl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_NoCommonRuns_ExitTwo()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline(), mode: "hybrid");
        var b = await ReportAsync(root.Path, "b", Baseline(), mode: "lexical");

        Assert.Equal(2, await CompareAsync(a, b));
    }

    [Fact]
    public async Task Compare_NotAReport_ExitTwo()
    {
        using var root = new TempDirectory();
        var a = await ReportAsync(root.Path, "a", Baseline());
        var broken = Path.Combine(root.Path, "kapot.json");
        await File.WriteAllTextAsync(broken, "{kapot");

        Assert.Equal(2, await CompareAsync(a, broken));
    }

    [Theory]
    [InlineData("recall@5", -0.1, -0.02, MetricDelta.Regression)]
    [InlineData("recall@5", -0.1, 0.02, "")]
    [InlineData("recall@5", 0.01, 0.1, MetricDelta.Improvement)]
    [InlineData("falseNoAnswerRate", 0.01, 0.1, MetricDelta.Regression)]
    [InlineData("p95Ms", 0.5, 3, MetricDelta.Regression)]
    [InlineData("p95Ms", -3, -0.5, MetricDelta.Improvement)]
    public void Verdict_DependsOnTheSideOfZeroAndTheMetricsDirection(string metric, double lo, double hi, string expected) =>
        Assert.Equal(expected, ReportComparer.Verdict(metric, [lo, hi]));
}
