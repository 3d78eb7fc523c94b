using KccAssistant.Eval.Benchmark;

namespace KccAssistant.Tests.Bench;

public sealed class LoadStatisticsTests
{
    [Fact]
    public void Summarize_HundredLatencies_NearestRankPercentilesAndRate()
    {
        var latencies = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();

        var result = LoadStatistics.Summarize(4, latencies, errors: 2, answered: 75, TimeSpan.FromSeconds(8));

        Assert.Equal(50, result.P50Ms);
        Assert.Equal(95, result.P95Ms);
        Assert.Equal(99, result.P99Ms);
        Assert.Equal(50.5, result.MeanMs);
        Assert.Equal(100, result.MaxMs);
        Assert.Equal(12.5, result.Rps);
        Assert.Equal(100, result.Requests);
        Assert.Equal(2, result.Errors);
        Assert.Equal(4, result.Concurrency);
        Assert.Equal(0.75, result.AnsweredShare);
    }

    [Fact]
    public void Summarize_NoRequests_AllZeroNotNaN()
    {
        var result = LoadStatistics.Summarize(1, [], errors: 3, answered: 0, TimeSpan.FromSeconds(2));

        Assert.Equal(0, result.P95Ms);
        Assert.Equal(0, result.MeanMs);
        Assert.Equal(0, result.Rps);
        Assert.Equal(0, result.AnsweredShare);
        Assert.Equal(3, result.Errors);
    }

    [Fact]
    public void Summarize_SingleLatency_IsEveryPercentile()
    {
        var result = LoadStatistics.Summarize(1, [42.0], 0, 1, TimeSpan.FromSeconds(1));

        Assert.Equal(42, result.P50Ms);
        Assert.Equal(42, result.P95Ms);
        Assert.Equal(42, result.P99Ms);
    }

    [Theory]
    [InlineData(100, 4.0, 25)]
    [InlineData(0, 4.0, 0)]
    [InlineData(10, 0.0, 0)]
    public void PerSecond_ItemsOverSeconds(double items, double seconds, double expected) =>
        Assert.Equal(expected, LoadStatistics.PerSecond(items, TimeSpan.FromSeconds(seconds)), 6);

    [Fact]
    public void Speedup_FirstOverSecond_ZeroWhenSecondIsZero()
    {
        Assert.Equal(20, LoadStatistics.Speedup(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(2)), 6);
        Assert.Equal(0, LoadStatistics.Speedup(TimeSpan.FromSeconds(40), TimeSpan.Zero));
    }
}
