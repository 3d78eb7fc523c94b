using System.Text.Json;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Tests.Support;
using static KccAssistant.Tests.Eval.EvalFixtures;

namespace KccAssistant.Tests.Eval;

public sealed class ReportWriterTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static List<QuestionResult> Questions() =>
    [
        Answerable("a1", 1, milliseconds: 4),
        Answerable("a2", 2, milliseconds: 6),
        Answerable("a3", 8, milliseconds: 9, confidence: 0.6),
        Answerable("a4", null, answered: false, milliseconds: 12, confidence: 0.05),
        Unanswerable("u1", answered: false, milliseconds: 5),
        Unanswerable("u2", answered: true, milliseconds: 7, confidence: 0.7),
    ];

    private static async Task<string> WriteAsync(TempDirectory directory)
    {
        var questions = Questions();
        await ReportWriter.WriteAsync(directory.Path, Details(), [Run(questions), Run(questions, variant: "dw45"), Run(questions, mode: "lexical")]);
        return directory.Path;
    }

    [Fact]
    public async Task WriteAsync_ReportJson_CarriesIntervalsVariantDetailsAndQuestionFiles()
    {
        using var directory = new TempDirectory();
        await WriteAsync(directory);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory.Path, "report.json")));
        var runs = json.RootElement.GetProperty("runs");
        var hybrid = runs[0];
        Assert.Equal("hybrid", hybrid.GetProperty("mode").GetString());
        Assert.False(hybrid.TryGetProperty("variant", out _));
        var recall5 = hybrid.GetProperty("ci").GetProperty("recall@5");
        Assert.Equal(2, recall5.GetArrayLength());
        Assert.True(recall5[0].GetDouble() <= hybrid.GetProperty("recall@5").GetDouble());
        Assert.Equal("dw45", runs[1].GetProperty("variant").GetString());
        Assert.Equal("questions-hybrid-dw45-test.jsonl", runs[1].GetProperty("questionsFile").GetString());
        Assert.True(File.Exists(Path.Combine(directory.Path, "questions-hybrid-dw45-test.jsonl")));
        Assert.Equal(10, hybrid.GetProperty("recallAtK").GetArrayLength());
        var details = json.RootElement.GetProperty("details");
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", details.GetProperty("commit").GetString());
        Assert.Equal(763, details.GetProperty("chunks").GetInt32());
        Assert.Equal("0.45 (standaard 0.3)", details.GetProperty("changedSettings").GetProperty("Kcc:Retrieval:DenseWeight").GetString());
    }

    [Fact]
    public async Task WriteAsync_Plots_AreValidNonTrivialPngsEmbeddedWithAltText()
    {
        using var directory = new TempDirectory();
        await WriteAsync(directory);
        var html = await File.ReadAllTextAsync(Path.Combine(directory.Path, "report.html"));

        foreach (var file in new[] { "recall-at-k.png", "no-answer-tradeoff.png", "latency.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(directory.Path, file));
            Assert.Equal(PngSignature, bytes.Take(8));
            // A blank 900×500 PNG compresses to a few kB; axes, tick labels, lines and a legend make it far larger.
            Assert.True(bytes.Length > 15_000, $"{file}: {bytes.Length} bytes");
            Assert.Contains($"<img src=\"{file}\" alt=\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WriteAsync_Html_HasRunDetailsIntervalsAndCollapsibleFailures()
    {
        using var directory = new TempDirectory();
        await WriteAsync(directory);
        var html = await File.ReadAllTextAsync(Path.Combine(directory.Path, "report.html"));

        Assert.Contains("<h2>Rundetails</h2>", html, StringComparison.Ordinal);
        Assert.Contains("0123456789abcdef", html, StringComparison.Ordinal);
        Assert.Contains("eval/sets/proef.jsonl (12 vragen, waarvan 4 onbeantwoordbaar)", html, StringComparison.Ordinal);
        Assert.Contains("variant dw45", html, StringComparison.Ordinal);
        Assert.Matches(@"0\.\d\d \[0\.\d\d–[01]\.\d\d\]", html);
        Assert.Contains("<details><summary>hybrid-test: 4 fouten", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureTable_ListsEachKindWithExpectedTopThreeAndConfidence()
    {
        var html = ReportWriter.FailureTable(Run(Questions()));

        // a3 (rank 8) and a4 (not found) miss the top 5; a4 was refused; u2 was answered.
        Assert.Contains("2 niet in top 5, 1 ten onrechte geweigerd, 1 onbeantwoordbaar maar beantwoord", html, StringComparison.Ordinal);
        Assert.Contains("https://www.lindenhaven.nl/paspoort", html, StringComparison.Ordinal);
        Assert.Contains("3. Verhuizen", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">0.70</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_ShowsValueWithInterval_AndDashWithoutValue()
    {
        var table = ReportWriter.Table([Run([Unanswerable("u1", answered: false)])]);

        Assert.Contains("1.00 [1.00–1.00]", table, StringComparison.Ordinal);
        Assert.Matches(@"recall@5\s+–", table);
    }

    [Fact]
    public void ChangedSettings_EmptyStringEqualsNullDefault_AndChangedValueShowsDefault()
    {
        var changed = new Dictionary<string, string>();
        var bound = new KccAssistant.Retrieval.RetrievalOptions { DenseWeight = 0.45, SynonymsPath = "src/KccAssistant/Retrieval/synonyms.nl.txt" };

        RunDetails.Compare(bound, new KccAssistant.Retrieval.RetrievalOptions(), "Kcc:Retrieval", changed);

        Assert.Equal(new Dictionary<string, string> { ["Kcc:Retrieval:DenseWeight"] = "0.45 (standaard 0.3)" }, changed);
    }
}
