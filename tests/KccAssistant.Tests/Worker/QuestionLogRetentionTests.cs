using KccAssistant.Ingest.Worker;
using KccAssistant.QuestionLog;
using KccAssistant.Tests.QuestionLog;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Worker;

public sealed class QuestionLogRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kcc-qret-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<int> CountAsync(IQuestionLog log)
    {
        var count = 0;
        await foreach (var _ in log.ReadAllAsync())
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Polls the background loop; bounded so a broken loop fails the test instead of hanging it.
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(await condition());
    }

    [Fact]
    public async Task PruneOnceAsync_EntriesOlderThanRetention_RemovedAndLogged()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(JsonLinesQuestionLogTests.Entry(Start.AddDays(-31)));
        await log.AppendAsync(JsonLinesQuestionLogTests.Entry(Start.AddDays(-29)));
        var logger = new ListLogger();
        var retention = new QuestionLogRetention(log, Options.Create(new QuestionLogOptions { RetentionDays = 30 }), new SteppedTimeProvider(Start), logger);

        var removed = await retention.PruneOnceAsync();

        Assert.Equal(1, removed);
        Assert.Equal(1, await CountAsync(log));
        Assert.Contains(logger.Messages, m => m.Contains("removed 1 entries older than 30 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_AtStartThenDaily_PrunesEachDayWithoutSleeping()
    {
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(JsonLinesQuestionLogTests.Entry(Start.AddDays(-100)));
        await log.AppendAsync(JsonLinesQuestionLogTests.Entry(Start.AddDays(-90).AddHours(6)));
        await log.AppendAsync(JsonLinesQuestionLogTests.Entry(Start.AddDays(-90).AddHours(12)));
        var time = new SteppedTimeProvider(Start);
        using var retention = new QuestionLogRetention(log, Options.Create(new QuestionLogOptions()), time, NullLogger<QuestionLogRetention>.Instance);

        await retention.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => await CountAsync(log) == 2 && time.WaitingTimers == 1);

        // Half a day on: no prune yet, though one would now remove the entry that was 89 days and 18 hours old.
        time.Advance(TimeSpan.FromHours(12));
        await Task.Delay(50);
        Assert.Equal(2, await CountAsync(log));

        time.Advance(TimeSpan.FromHours(12));
        await WaitUntilAsync(async () => await CountAsync(log) == 0);
        await retention.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task PruneOnceAsync_LogUnreadable_WarnsAndReturnsZero()
    {
        var logger = new ListLogger();
        var retention = new QuestionLogRetention(new FailingLog(), Options.Create(new QuestionLogOptions()), new SteppedTimeProvider(Start), logger);

        Assert.Equal(0, await retention.PruneOnceAsync());
        Assert.Contains(LogLevel.Warning, logger.Levels);
    }

    [Fact]
    public void AddKccIngestWorker_Registers_RetentionAsHostedServiceAndTheLog()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        WorkerServiceCollectionExtensions.AddKccIngestWorker(services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType == typeof(QuestionLogRetention));
        Assert.Contains(services, d => d.ServiceType == typeof(IQuestionLog));
    }

    private sealed class FailingLog : IQuestionLog
    {
        public Task AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default) => throw new IOException("locked");

        public IAsyncEnumerable<QuestionLogEntry> ReadAllAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) => throw new IOException("locked");

        public Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => throw new IOException("locked");
    }

    private sealed class ListLogger : ILogger<QuestionLogRetention>
    {
        public List<string> Messages { get; } = [];

        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
                Levels.Add(logLevel);
            }
        }
    }
}
