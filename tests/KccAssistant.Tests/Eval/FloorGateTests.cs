using KccAssistant.Eval.Evaluation;
using KccAssistant.Eval.Gate;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Eval;

public sealed class FloorGateTests : IDisposable
{
    private const string Floors = """
        { "mijnset": { "split": "test", "modes": { "hybrid": { "min": { "recall@5": 0.9 }, "max": { "falseNoAnswerRate": 0.1 } } } } }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_directory.Path, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private Task<string> ReportAsync(double recall) => WriteAsync("report.json", $$"""
        { "runs": [ { "mode": "hybrid", "split": "test", "recall@5": {{recall.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "falseNoAnswerRate": 0.05 } ] }
        """);

    [Fact]
    public async Task LoadAsync_WithoutFloorsOption_NoGateAndExitCodeZero()
    {
        var gate = await FloorGate.LoadAsync(null, null, "eval/sets/mijnset.jsonl", CancellationToken.None);

        Assert.Null(gate);
        Assert.Equal(0, await FloorGate.CheckAsync(gate, "bestaat-niet.json", CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_DefaultSetNameFromSetFile_ExitCodeFollowsTheReport()
    {
        var floors = await WriteAsync("floors.json", Floors);
        var gate = await FloorGate.LoadAsync(floors, null, Path.Combine("eval", "sets", "mijnset.jsonl"), CancellationToken.None);

        Assert.Equal(0, await FloorGate.CheckAsync(gate, await ReportAsync(0.95), CancellationToken.None));
        Assert.Equal(1, await FloorGate.CheckAsync(gate, await ReportAsync(0.85), CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_OtherSetFile_NeedsFloorsSet()
    {
        var floors = await WriteAsync("floors.json", Floors);

        await Assert.ThrowsAsync<FormatException>(() => FloorGate.LoadAsync(floors, null, "kopie.jsonl", CancellationToken.None));
        Assert.NotNull(await FloorGate.LoadAsync(floors, "mijnset", "kopie.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_MissingFloorsFile_IsAFormatError()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => FloorGate.LoadAsync(Path.Combine(_directory.Path, "nergens.json"), null, "mijnset.jsonl", CancellationToken.None));

        Assert.Contains("nergens.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalRun_MalformedFloorsFile_FailsBeforeTouchingTheIndex()
    {
        // The data directory is empty: had the floors been read after the run, the error would be the empty index.
        var set = await WriteAsync("mijnset.jsonl", """{"id": "q1", "question": "wat kost een paspoort", "relevant": ["https://example.org/paspoort"], "split": "test"}""");
        var floors = await WriteAsync("floors.json", """{ "mijnset": { "modes": { "hybrid": { "min": { "recall@50": 0.9 } } } } }""");
        var data = Path.Combine(_directory.Path, "data");

        var error = await Assert.ThrowsAsync<FormatException>(() =>
            EvalCommand.RunAsync(["--set", set, "--data-dir", data, "--out", Path.Combine(_directory.Path, "out"), "--floors", floors], CancellationToken.None));

        Assert.Contains("recall@50", error.Message, StringComparison.Ordinal);
    }
}
