using System.Text.Json;
using KccAssistant.Eval.Benchmark;

namespace KccAssistant.Tests.Bench;

public sealed class BenchReportTests
{
    [Fact]
    public void Json_ContractFields_NamedAsInDesign()
    {
        using var json = JsonDocument.Parse(BenchReportWriter.Json(Report()));
        var root = json.RootElement;

        foreach (var name in new[] { "chunks", "embedChunksPerSecond", "packageEncodeChunksPerSecond", "crawlPagesPerSecond", "reingestSpeedup", "webRssMb", "workerPeakRssMb" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(name).ValueKind);
        }

        var ask = root.GetProperty("ask");
        Assert.Equal(["c1", "c4", "c16"], ask.EnumerateObject().Select(p => p.Name));
        foreach (var level in ask.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.Number, level.Value.GetProperty("p50Ms").ValueKind);
            Assert.Equal(JsonValueKind.Number, level.Value.GetProperty("p95Ms").ValueKind);
            Assert.Equal(JsonValueKind.Number, level.Value.GetProperty("rps").ValueKind);
        }

        Assert.Equal(10_000, root.GetProperty("chunks").GetInt32());
        Assert.Equal(0, root.GetProperty("reingest").GetProperty("secondEmbeddedChunks").GetInt32());
    }

    [Fact]
    public void Evaluate_AllBarsMet_EveryCheckWithABarPasses()
    {
        var report = Report();

        var checks = BenchTargets.Evaluate(report);

        Assert.All(checks.Where(c => c.Pass is not null), c => Assert.True(c.Pass, c.Name));
        Assert.Contains(checks, c => c.Name == "ask.c1.p95Ms" && c.Pass == true);
        Assert.Contains(checks, c => c.Name == "crawlPagesPerSecond" && c.Pass is null);
    }

    [Fact]
    public void Evaluate_MissedBars_Fail()
    {
        var report = Report() with
        {
            EmbedChunksPerSecond = 30,
            PackageEncodeChunksPerSecond = 20,
            ReingestSpeedup = 4,
            WebRssMb = 640,
            WorkerPeakRssMb = 1600,
            Ask = Levels(c1P95: 130, c4Rps: 12),
        };

        var failed = BenchTargets.Evaluate(report).Where(c => c.Pass == false).Select(c => c.Name).ToHashSet();

        Assert.Equal(
            new HashSet<string> { "embedChunksPerSecond", "reingestSpeedup", "webRssMb", "workerPeakRssMb", "ask.c1.p95Ms", "ask.c4.rps" },
            failed);
    }

    [Fact]
    public void Markdown_TableHasEveryCheckWithPassOrFail()
    {
        var report = Report();
        report = report with { Checks = BenchTargets.Evaluate(report) };

        var markdown = BenchReportWriter.Markdown(report);

        Assert.Contains("| `ask.c1.p95Ms` | 40.0 | ≤ 100 ms | PASS |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Methode", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Flags_QuickAndOutput()
    {
        Assert.Equal(new BenchSettings(false, BenchSettings.DefaultOutput), BenchSettings.Parse([]));
        Assert.Equal(new BenchSettings(true, "x/y"), BenchSettings.Parse(["--quick", "--out", "x/y"]));
        Assert.True(BenchSettings.Parse(["--quick"]).AskDuration < BenchSettings.Parse([]).AskDuration);
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--out"]));
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--fast"]));
    }

    private static BenchReport Report() => new()
    {
        Chunks = 10_000,
        EmbedChunksPerSecond = 50,
        PackageEncodeChunksPerSecond = 20,
        CrawlPagesPerSecond = 150,
        ReingestSpeedup = 25,
        Ask = Levels(c1P95: 40, c4Rps: 45),
        WebRssMb = 300,
        WorkerPeakRssMb = 700,
        Reingest = new ReingestResult(40, 1.6, 25, 155, 763, 763, 0, 155, 80, 75, "all-MiniLM-L6-v2"),
    };

    private static Dictionary<string, AskLevelResult> Levels(double c1P95, double c4Rps) => new(StringComparer.Ordinal)
    {
        ["c1"] = new(20, c1P95, 40, 50, 22, 60, 1, 320, 0, 8, 0.8),
        ["c4"] = new(60, 110, c4Rps, 130, 70, 150, 4, 360, 0, 8, 0.8),
        ["c16"] = new(300, 450, 48, 500, 320, 600, 16, 384, 0, 8, 0.8),
    };
}
