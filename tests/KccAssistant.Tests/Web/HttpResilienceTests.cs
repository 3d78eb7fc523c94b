using System.Diagnostics;
using System.Net.Http.Headers;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

/// <summary>The resilience pipeline of both ingest clients, against a real server: Retry-After, caps and the knowledge-base client's retry.</summary>
public class HttpResilienceTests
{
    [Fact]
    public async Task ReadAsync_RetryAfterSeconds_WaitsAsAskedBeforeRetrying()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/druk"));
        MapBusyOnce(server, "/druk", "1", LinkPage("Druk"));

        // The backoff alone would retry after ~10 ms: only the header can explain a one-second wait.
        var items = await CrawlAsync(server, FastOptions(o => o.MaxDelay = TimeSpan.FromSeconds(5)));

        Assert.Contains(items.Documents(), d => d.Title == "Druk");
        var requests = server.Requests.Where(r => r.Path == "/druk").ToList();
        Assert.Equal(2, requests.Count);
        var waited = Stopwatch.GetElapsedTime(requests[0].Timestamp, requests[1].Timestamp);
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"retried after {waited.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ReadAsync_RetryAfterBeyondMaxDelay_CappedSoTheRunGoesOn()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/druk"));
        MapBusyOnce(server, "/druk", "3600", LinkPage("Druk"));
        var started = Stopwatch.GetTimestamp();

        var items = await CrawlAsync(server, FastOptions(o => o.MaxDelay = TimeSpan.FromMilliseconds(200)));

        Assert.Contains(items.Documents(), d => d.Title == "Druk");
        Assert.Equal(2, server.CountPath("/druk"));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ReadAsync_TooManyRequestsWithoutRetries_FailedAfterOneAttempt()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/druk"));
        MapBusyOnce(server, "/druk", "0", LinkPage("Druk"), status: 429);

        var items = await CrawlAsync(server, FastOptions(o => o.MaxRetries = 0));

        Assert.Equal("HTTP 429", Assert.Single(items.Skipped(SkipReason.Failed)).Detail);
        Assert.Equal(1, server.CountPath("/druk"));
    }

    [Fact]
    public void RetryAfter_DateInThePastOrFuture_DelayFromNow()
    {
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(90), HttpResilience.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, HttpResilience.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Equal(TimeSpan.FromSeconds(7), HttpResilience.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Null(HttpResilience.RetryAfter(null, now));
    }

    [Fact]
    public async Task KnowledgeBase_TransientErrorWithRetryAfter_RetriedAndImported()
    {
        await using var server = await TestWebServer.StartAsync();
        MapBusyOnce(server, "/vac.json", "1", """{"uuid": "r1", "vraag": "Wanneer is het stadhuis open?", "antwoord": "Van maandag tot en met vrijdag."}""", contentType: "application/json");
        using var services = KnowledgeBaseServices(new() { ["Kcc:KnowledgeBaseHttp:RetryBaseDelay"] = "00:00:00.010" });

        var items = await ReadAllAsync(services.GetRequiredService<KnowledgeBaseReaderFactory>().Create(server.Abs("/vac.json")));

        Assert.Equal("r1", Assert.Single(items.Documents()).Id);
        var requests = server.Requests.Where(r => r.Path == "/vac.json").ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(Stopwatch.GetElapsedTime(requests[0].Timestamp, requests[1].Timestamp) >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task KnowledgeBase_RetriesOff_TransientErrorFailsTheLocation()
    {
        await using var server = await TestWebServer.StartAsync();
        MapBusyOnce(server, "/vac.json", "0", """{"uuid": "r1", "vraag": "Vraag?", "antwoord": "Antwoord."}""", contentType: "application/json");
        using var services = KnowledgeBaseServices(new() { ["Kcc:KnowledgeBaseHttp:MaxRetries"] = "0" });

        var items = await ReadAllAsync(services.GetRequiredService<KnowledgeBaseReaderFactory>().Create(server.Abs("/vac.json")));

        Assert.Empty(items.Documents());
        Assert.Contains("503", Assert.Single(items.OfType<SkippedItem>()).Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.CountPath("/vac.json"));
    }

    [Fact]
    public async Task KnowledgeBase_SlowApi_AttemptTimeoutThenRetried()
    {
        await using var server = await TestWebServer.StartAsync();
        var calls = 0;
        server.Map("/vac.json", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            }

            await TestWebServer.WriteAsync(context, """{"uuid": "t1", "vraag": "Vraag?", "antwoord": "Antwoord."}""", "application/json");
        });
        using var services = KnowledgeBaseServices(new()
        {
            ["Kcc:KnowledgeBaseHttp:RequestTimeout"] = "00:00:00.300",
            ["Kcc:KnowledgeBaseHttp:RetryBaseDelay"] = "00:00:00.010",
        });

        var items = await ReadAllAsync(services.GetRequiredService<KnowledgeBaseReaderFactory>().Create(server.Abs("/vac.json")));

        Assert.Equal("t1", Assert.Single(items.Documents()).Id);
        Assert.Equal(2, server.CountPath("/vac.json"));
    }

    [Fact]
    public void AddKnowledgeBaseImport_InvalidOptions_ValidationNamesTheKey()
    {
        using var services = KnowledgeBaseServices(new() { ["Kcc:KnowledgeBaseHttp:MaxRetries"] = "99" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KnowledgeBaseHttpOptions>>().Value);

        Assert.Contains("Kcc:KnowledgeBaseHttp:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    private static void MapBusyOnce(TestWebServer server, string path, string retryAfter, string body, int status = 503, string contentType = "text/html; charset=utf-8")
    {
        var calls = 0;
        server.Map(path, context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = status;
                context.Response.Headers.RetryAfter = retryAfter;
                return Task.CompletedTask;
            }

            return TestWebServer.WriteAsync(context, body, contentType);
        });
    }

    private static ServiceProvider KnowledgeBaseServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddKnowledgeBaseImport(configuration);
        return services.BuildServiceProvider();
    }
}
