using KccAssistant.Eval.Gate;

namespace KccAssistant.Tests.Eval;

public sealed class FloorCheckTests
{
    private const string Floors = """
        {
          "_comment": "handgemaakt voor de tests",
          "lindenhaven": {
            "_comment": "waarom: de eigen voorbeeldgemeente",
            "split": "test",
            "modes": {
              "hybrid": { "min": { "recall@5": 0.95, "mrr@10": 0.90 }, "max": { "falseNoAnswerRate": 0.05 } },
              "dense": { "min": { "recall@5": 0.80 } }
            }
          },
          "rijksoverheid": { "split": "test", "modes": { "lexical": { "min": { "recall@5": 0.9 } } } }
        }
        """;

    private static GateRun Run(string mode, params (string Metric, double Value)[] metrics) =>
        new(mode, "test", metrics.ToDictionary(m => m.Metric, m => m.Value, StringComparer.Ordinal));

    private static SetFloors Lindenhaven() => FloorCheck.Parse(Floors, "lindenhaven");

    [Fact]
    public void Parse_ValidFile_ReadsFloorsAndCeilingsOfTheSetAskedFor()
    {
        var floors = Lindenhaven();

        Assert.Equal("test", floors.Split);
        Assert.Equal(
            [
                new Limit("hybrid", "recall@5", LimitKind.Min, 0.95),
                new Limit("hybrid", "mrr@10", LimitKind.Min, 0.90),
                new Limit("hybrid", "falseNoAnswerRate", LimitKind.Max, 0.05),
                new Limit("dense", "recall@5", LimitKind.Min, 0.80),
            ],
            floors.Limits);
    }

    [Fact]
    public void Check_AllWithinLimits_PassesWithExitCodeZero()
    {
        var outcome = FloorCheck.Check(Lindenhaven(),
        [
            Run("hybrid", ("recall@5", 0.99), ("mrr@10", 0.90), ("falseNoAnswerRate", 0.05)),
            Run("dense", ("recall@5", 0.85)),
        ]);

        Assert.True(outcome.Passed);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(4, outcome.Results.Count);
        Assert.Contains("GESLAAGD", FloorCheck.Table(outcome, "floors.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MetricBelowFloor_FailsWithExitCodeOne_AndTableShowsFloorAndMeasured()
    {
        var outcome = FloorCheck.Check(Lindenhaven(),
        [
            Run("hybrid", ("recall@5", 0.99), ("mrr@10", 0.899), ("falseNoAnswerRate", 0.01)),
            Run("dense", ("recall@5", 0.85)),
        ]);

        Assert.False(outcome.Passed);
        Assert.Equal(1, outcome.ExitCode);
        var failed = Assert.Single(outcome.Results, r => !r.Passed);
        Assert.Equal("mrr@10", failed.Limit.Metric);
        var line = FloorCheck.Table(outcome, "floors.json").Split('\n').Single(l => l.Contains("mrr@10", StringComparison.Ordinal));
        Assert.Contains("≥ 0.900", line, StringComparison.Ordinal);
        Assert.Contains("0.899", line, StringComparison.Ordinal);
        Assert.Contains("-0.001", line, StringComparison.Ordinal);
        Assert.EndsWith("FAIL", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RateAboveCeiling_Fails()
    {
        var outcome = FloorCheck.Check(Lindenhaven(),
        [
            Run("hybrid", ("recall@5", 1.0), ("mrr@10", 1.0), ("falseNoAnswerRate", 0.0625)),
            Run("dense", ("recall@5", 0.85)),
        ]);

        var failed = Assert.Single(outcome.Results, r => !r.Passed);
        Assert.Equal(new Limit("hybrid", "falseNoAnswerRate", LimitKind.Max, 0.05), failed.Limit);
        Assert.Contains("≤ 0.050", FloorCheck.Table(outcome, "floors.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RunLacksMetric_FailsAsMissing()
    {
        var outcome = FloorCheck.Check(Lindenhaven(),
        [
            Run("hybrid", ("recall@5", 1.0), ("falseNoAnswerRate", 0.0)),
            Run("dense", ("recall@5", 0.85)),
        ]);

        var missing = Assert.Single(outcome.Results, r => !r.Passed);
        Assert.Equal("mrr@10", missing.Limit.Metric);
        Assert.Null(missing.Measured);
        Assert.Contains("ontbreekt", FloorCheck.Table(outcome, "floors.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModeNotRun_IsListedNotFailed()
    {
        var outcome = FloorCheck.Check(Lindenhaven(), [Run("hybrid", ("recall@5", 1.0), ("mrr@10", 1.0), ("falseNoAnswerRate", 0.0))]);

        Assert.True(outcome.Passed);
        Assert.Equal(["dense"], outcome.ModesNotRun);
    }

    [Fact]
    public void Check_NoRunOnTheFloorsSplit_CannotCheck()
    {
        var runs = new[] { new GateRun("hybrid", "all", new Dictionary<string, double> { ["recall@5"] = 1.0 }) };

        var error = Assert.Throws<InvalidOperationException>(() => FloorCheck.Check(Lindenhaven(), runs));

        Assert.Contains("--split test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"lindenhaven\": ", "geen geldige JSON")]
    [InlineData("[]", "verwacht een object")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "min": { "recal@5": 0.9 } } } } }""", "recal@5")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "bm25": { "min": { "recall@5": 0.9 } } } } }""", "onbekende modus")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "min": { "falseNoAnswerRate": 0.1 } } } } }""", "zet de grens onder 'max'")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "max": { "recall@5": 0.9 } } } } }""", "zet de grens onder 'min'")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "min": { "recall@5": "0.9" } } } } }""", "tussen 0 en 1")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "min": { "recall@5": 95 } } } } }""", "tussen 0 en 1")]
    [InlineData("""{ "lindenhaven": { "split": "train", "modes": { "hybrid": { "min": { "recall@5": 0.9 } } } } }""", "lindenhaven.split")]
    [InlineData("""{ "lindenhaven": { "split": "test", "mode": { "hybrid": { "min": { "recall@5": 0.9 } } } } }""", "onbekende sleutel")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": { "hybrid": { "floor": { "recall@5": 0.9 } } } } }""", "lindenhaven.modes.hybrid.floor")]
    [InlineData("""{ "lindenhaven": { "split": "test", "modes": {} } }""", "geen enkele grens")]
    [InlineData("""{ "rijksoverheid": { "split": "test", "modes": { "hybrid": { "min": { "recall@5": 0.9 } } } } }""", "geen drempels voor set 'lindenhaven'")]
    public void Parse_MalformedFile_ErrorNamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => FloorCheck.Parse(json, "lindenhaven"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MistakeInAnotherSet_IsStillAnError() =>
        Assert.Throws<FormatException>(() => FloorCheck.Parse(
            """{ "lindenhaven": { "modes": { "hybrid": { "min": { "recall@5": 0.9 } } } }, "rijk": { "modes": { "vector": {} } } }""",
            "lindenhaven"));

    [Fact]
    public void RunsFromReport_VariantRunsAndNonNumbers_AreLeftOut()
    {
        const string Report = """
            { "runs": [
              { "mode": "hybrid", "split": "test", "questions": 10, "recall@5": 0.9, "ci": { "recall@5": [0.8, 1.0] }, "thresholdSweep": [] },
              { "mode": "hybrid", "split": "test", "variant": "rrf-k30", "recall@5": 0.5 }
            ] }
            """;

        var run = Assert.Single(FloorCheck.RunsFromReport(Report));

        Assert.Equal(("hybrid", "test"), (run.Mode, run.Split));
        Assert.Equal(0.9, run.Metrics["recall@5"]);
        Assert.False(run.Metrics.ContainsKey("ci"));
    }

    [SkippableFact]
    public async Task Parse_CommittedFloorsFile_EverySetIsValidAndHasALabelledSet()
    {
        var root = KccAssistant.Tests.Support.RepositoryPaths.Root;
        var path = Path.Combine(root, "eval", "floors.json");
        Skip.IfNot(File.Exists(path), "eval/floors.json ontbreekt");
        var json = await File.ReadAllTextAsync(path);

        foreach (var set in new[] { "lindenhaven", "rijksoverheid", "rijksoverheid-situaties" })
        {
            var floors = FloorCheck.Parse(json, set, path);

            Assert.True(File.Exists(Path.Combine(root, "eval", "sets", set + ".jsonl")), set);
            Assert.Equal("test", floors.Split);
            Assert.Equal(["dense", "hybrid", "lexical"], floors.Limits.Select(l => l.Mode).Distinct().Order());
        }
    }
}
