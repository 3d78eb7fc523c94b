using KccAssistant.Eval.Evaluation;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Eval;

public sealed class MetricsTests
{
    [Fact]
    public void ReciprocalRank_FirstRelevantAtThree_IsOneThird() =>
        Assert.Equal(1.0 / 3, Metrics.ReciprocalRank([false, false, true, true], 10), 6);

    [Fact]
    public void ReciprocalRank_RelevantBeyondK_IsZero() =>
        Assert.Equal(0, Metrics.ReciprocalRank([false, false, true], 2));

    [Fact]
    public void Ndcg_PerfectRanking_IsOne_AndLaterRankLess()
    {
        Assert.Equal(1.0, Metrics.Ndcg([true, false], 1, 10), 6);
        Assert.Equal(1 / Math.Log2(3), Metrics.Ndcg([false, true], 1, 10), 6);
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal(50, Metrics.Percentile(values, 50));
        Assert.Equal(95, Metrics.Percentile(values, 95));
    }

    [Theory]
    [InlineData("HTTPS://WWW.Example.NL/Paspoort/#kosten", "https://www.example.nl/Paspoort")]
    [InlineData("https://www.example.nl/paspoort/", "https://www.example.nl/paspoort")]
    [InlineData("3f1c7a52-0000-4000-8000-000000000001", "3f1c7a52-0000-4000-8000-000000000001")]
    public void Normalize_UrlsAndIds(string input, string expected) =>
        Assert.Equal(expected, LabelledSet.Normalize(input));

    [Fact]
    public async Task ReadAsync_MalformedLine_ErrorNamesTheLine()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "set.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"id":"q1","question":"paspoort","relevant":["a"],"answerable":true}""", "{kapot"]);

        var error = await Assert.ThrowsAsync<FormatException>(() => LabelledSet.ReadAsync(path));

        Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AnswerableWithoutRelevant_Rejected()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "set.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"id":"q1","question":"paspoort","relevant":[],"answerable":true}"""]);

        await Assert.ThrowsAsync<FormatException>(() => LabelledSet.ReadAsync(path));
    }
}
