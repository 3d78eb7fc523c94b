using KccAssistant.QuestionLog;

namespace KccAssistant.Tests.QuestionLog;

public sealed class JsonLinesQuestionLogTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kcc-qlog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    internal static QuestionLogEntry Entry(DateTimeOffset at, string question = "wat kost een paspoort", string? askId = null) => new(
        askId ?? Guid.NewGuid().ToString("D"), at, "u-0123456789ab", "Agent", "hybrid", question, true, "Een paspoort kost € 84,40 [1].",
        0.8, "hoog", [new LoggedSource(1, "Paspoort", "https://www.lindenhaven.nl/paspoort", "web-1", 0.9)], 12.5, "api");

    private static async Task<List<QuestionLogEntry>> ReadAsync(IQuestionLog log, DateTimeOffset? since = null)
    {
        var entries = new List<QuestionLogEntry>();
        await foreach (var entry in log.ReadAllAsync(since))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task AppendAsync_ThenReadAll_SameEntriesInOrder()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        var first = Entry(Now.AddMinutes(-2));
        var second = Entry(Now, "afvalkalender 2026");

        await log.AppendAsync(first);
        await log.AppendAsync(second);

        var read = await ReadAsync(log);
        Assert.Equal([first.AskId, second.AskId], read.Select(e => e.AskId));
        Assert.Equal("afvalkalender 2026", read[1].Question);
        Assert.Equal("web-1", Assert.Single(read[0].Sources).DocumentId);
        Assert.Equal(Path.Combine(_directory, "question-log.jsonl"), log.FilePath);
    }

    [Fact]
    public async Task ReadAllAsync_Since_OnlyEntriesAtOrAfter()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(Entry(Now.AddDays(-3)));
        await log.AppendAsync(Entry(Now.AddDays(-1)));
        await log.AppendAsync(Entry(Now));

        Assert.Equal(2, (await ReadAsync(log, Now.AddDays(-1))).Count);
    }

    [Fact]
    public async Task ReadAllAsync_LineCutOffByCrash_SkippedAndNextAppendReadable()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(Entry(Now.AddMinutes(-1)));
        await File.AppendAllTextAsync(log.FilePath, "{\"askId\":\"4f1c\",\"at\":\"2026-12-05T09:59");

        await log.AppendAsync(Entry(Now, "tweede vraag"));

        var read = await ReadAsync(log);
        Assert.Equal(2, read.Count);
        Assert.Equal("tweede vraag", read[1].Question);
    }

    [Fact]
    public async Task ReadAllAsync_NoFile_Empty()
    {
        using var log = new JsonLinesQuestionLog(_directory);

        Assert.Empty(await ReadAsync(log));
    }

    [Fact]
    public async Task PruneAsync_OlderThanCutoff_RemovedAndCounted()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(Entry(Now.AddDays(-100)));
        await log.AppendAsync(Entry(Now.AddDays(-91)));
        var kept = Entry(Now.AddDays(-89));
        await log.AppendAsync(kept);

        var removed = await log.PruneAsync(Now.AddDays(-90));

        Assert.Equal(2, removed);
        Assert.Equal(kept.AskId, Assert.Single(await ReadAsync(log)).AskId);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task PruneAsync_NoFile_ZeroRemoved()
    {
        using var log = new JsonLinesQuestionLog(_directory);

        Assert.Equal(0, await log.PruneAsync(Now));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWithPrunesOfOtherInstances_NoNewEntryLost()
    {
        // Separate instances hold separate file handles, as the web app and the worker do in two processes: only the
        // file lock keeps them apart. Many recent entries make every prune rewrite a large file, so appends land in the
        // middle of one (without the lock, this test loses lines).
        var expected = new System.Collections.Concurrent.ConcurrentBag<string>();
        var seedLines = new System.Text.StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            seedLines.Append(System.Text.Json.JsonSerializer.Serialize(Entry(Now.AddDays(-200)))).Append('\n');
        }

        for (var i = 0; i < 1500; i++)
        {
            var entry = Entry(Now);
            expected.Add(entry.AskId);
            seedLines.Append(System.Text.Json.JsonSerializer.Serialize(entry)).Append('\n');
        }

        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, JsonLinesQuestionLog.FileName), seedLines.ToString());

        var writers = Enumerable.Range(0, 4).Select(_ => new JsonLinesQuestionLog(_directory)).ToList();
        using var pruner = new JsonLinesQuestionLog(_directory);
        var appending = Task.WhenAll(writers.Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                var entry = Entry(Now);
                await writer.AppendAsync(entry);
                expected.Add(entry.AskId);
            }
        })));
        var prunes = Task.Run(async () =>
        {
            var removed = 0;
            var runs = 0;
            while (!appending.IsCompleted || runs < 3)
            {
                removed += await pruner.PruneAsync(Now.AddDays(-90));
                runs++;
                // Back-to-back prunes would starve the writers' lock retries into their timeout; the worker prunes daily.
                await Task.Delay(20);
            }

            return removed;
        });

        await appending;
        var removedTotal = await prunes;
        foreach (var writer in writers)
        {
            writer.Dispose();
        }

        var read = await ReadAsync(pruner);
        Assert.Equal(50, removedTotal);
        Assert.Equal(expected.Order(), read.Select(e => e.AskId).Order());
    }

    [Fact]
    public async Task AppendAsync_DuringPruneByOtherInstance_WaitsAndIsKept()
    {
        using var writer = new JsonLinesQuestionLog(_directory);
        await writer.AppendAsync(Entry(Now.AddDays(-200)));
        var late = Entry(Now);
        Task? append = null;
        using var pruner = new JsonLinesQuestionLog(_directory)
        {
            // The worst moment: the pruned copy is written, the rename has not happened. Without the lock the append
            // would go into the file that is about to be replaced, and be lost.
            BeforeReplace = async cancellationToken =>
            {
                append = writer.AppendAsync(late, cancellationToken);
                await Task.Delay(300, cancellationToken);
                Assert.False(append.IsCompleted, "An append went ahead while a prune held the lock.");
            },
        };

        Assert.Equal(1, await pruner.PruneAsync(Now.AddDays(-90)));
        await append!;

        Assert.Equal(late.AskId, Assert.Single(await ReadAsync(writer)).AskId);
    }
}
