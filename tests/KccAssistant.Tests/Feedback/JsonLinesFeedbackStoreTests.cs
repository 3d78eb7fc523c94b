using KccAssistant.Feedback;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Feedback;

public sealed class JsonLinesFeedbackStoreTests
{
    private static AnswerFeedback Rating(bool helpful = false, string? reason = FeedbackReasons.Outdated) =>
        new(Guid.NewGuid().ToString(), helpful, reason, null, DateTimeOffset.UtcNow, "Agent", "page");

    [Fact]
    public async Task AppendAsync_ManyAtOnce_EveryLineWholeAndReadBack()
    {
        using var data = new TempDirectory();
        using var store = new JsonLinesFeedbackStore(data.Path);
        var ratings = Enumerable.Range(0, 200).Select(i => Rating(i % 2 == 0, i % 2 == 0 ? null : FeedbackReasons.All[i % 5])).ToList();

        await Task.WhenAll(ratings.Select(r => Task.Run(() => store.AppendAsync(r))));

        Assert.Equal(200, File.ReadAllLines(store.FilePath).Length);
        var read = new List<AnswerFeedback>();
        await foreach (var rating in store.ReadAllAsync())
        {
            read.Add(rating);
        }

        Assert.Equal(ratings.Select(r => r.AskId).Order(), read.Select(r => r.AskId).Order());
    }

    [Fact]
    public async Task ReadAllAsync_LineCutOffByACrash_SkipsItKeepsTheRest()
    {
        using var data = new TempDirectory();
        using var store = new JsonLinesFeedbackStore(data.Path);
        var first = Rating();
        await store.AppendAsync(first);
        await File.AppendAllTextAsync(store.FilePath, "{\"askId\":\"abc\",\"helpf");

        var read = new List<AnswerFeedback>();
        await foreach (var rating in store.ReadAllAsync())
        {
            read.Add(rating);
        }

        Assert.Equal(first, Assert.Single(read));
    }

    [Theory]
    [InlineData("geen-guid", false, null)]
    [InlineData(null, false, "fout")]
    [InlineData(null, true, FeedbackReasons.Incorrect)]
    public async Task AppendAsync_InvalidRating_ThrowsAndWritesNothing(string? askId, bool helpful, string? reason)
    {
        using var data = new TempDirectory();
        using var store = new JsonLinesFeedbackStore(data.Path);
        var rating = Rating(helpful, reason) with { AskId = askId ?? Guid.NewGuid().ToString() };

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(rating));
        Assert.False(File.Exists(store.FilePath));
    }
}
