using KccAssistant.Ingest.Pipeline;
using Microsoft.AspNetCore.Http;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

/// <summary>Fault injection: server errors, slow pages, endless bodies. One bad page never stops the run.</summary>
public class HttpCrawlerFaultTests
{
    [Fact]
    public async Task ReadAsync_ServerErrors_RetriedThenCountedFailed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/kapot", "/goed"));
        server.MapStatus("/kapot", 500);
        server.MapHtml("/goed", LinkPage("Goed"));

        var items = await CrawlAsync(server, FastOptions(o => o.MaxRetries = 2));

        Assert.Equal(3, server.CountPath("/kapot"));
        var failed = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/kapot"), failed.Location);
        Assert.Equal("HTTP 500 (after 3 attempts)", failed.Detail);
        Assert.Equal(2, items.Documents().Count);
    }

    [Fact]
    public async Task ReadAsync_TransientServerError_RecoversOnRetry()
    {
        await using var server = await TestWebServer.StartAsync();
        var calls = 0;
        server.MapHtml("/", LinkPage("Home", "/wankel"));
        server.Map("/wankel", context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "0";
                return Task.CompletedTask;
            }

            return TestWebServer.WriteAsync(context, LinkPage("Wankel"), "text/html");
        });

        var items = await CrawlAsync(server);

        Assert.Equal(2, server.CountPath("/wankel"));
        Assert.Contains(items.Documents(), d => d.Title == "Wankel");
        Assert.Empty(items.OfType<SkippedItem>());
    }

    [Fact]
    public async Task ReadAsync_PageSlowerThanTimeout_RetriedThenFailed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/traag"));
        server.Map("/traag", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            await TestWebServer.WriteAsync(context, LinkPage("Traag"), "text/html");
        });

        var items = await CrawlAsync(server, FastOptions(o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 1;
        }));

        var failed = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/traag"), failed.Location);
        Assert.Contains("timed out", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(2, server.CountPath("/traag"));
        Assert.Single(items.Documents());
    }

    [Fact]
    public async Task ReadAsync_SlowPageWithinTimeout_Succeeds()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/langzaam"));
        server.Map("/langzaam", async context =>
        {
            await context.Response.WriteAsync("<html><head><title>Langzaam</title></head><body><main><h1>Langzaam</h1>");
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await context.Response.WriteAsync("<p>Deze pagina komt in delen binnen, maar op tijd.</p></main></body></html>");
        });

        var items = await CrawlAsync(server, FastOptions(o => o.RequestTimeout = TimeSpan.FromSeconds(3)));

        var slow = Assert.Single(items.Documents(), d => d.Title == "Langzaam");
        Assert.Contains("op tijd", slow.AllText(), StringComparison.Ordinal);
        Assert.Empty(items.OfType<SkippedItem>());
    }

    [Fact]
    public async Task ReadAsync_HugeStreamedPage_AbortedAtSizeCapWithoutReadingItAll()
    {
        const long total = 20L * 1024 * 1024;
        await using var server = await TestWebServer.StartAsync();
        long written = 0;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.MapHtml("/", LinkPage("Home", "/groot"));
        server.Map("/groot", async context =>
        {
            try
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><main><p>");
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'a');
                // Paced a little so what is counted is what the crawler read, not what loopback socket buffers absorbed.
                while (written < total && !context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    Interlocked.Add(ref written, chunk.Length);
                    await Task.Delay(1, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The crawler hung up: what it should do.
            }
            finally
            {
                finished.TrySetResult();
            }
        });

        var items = await CrawlAsync(server, FastOptions(o => o.MaxPageBytes = 1024 * 1024));

        var failed = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/groot"), failed.Location);
        Assert.StartsWith("too large", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.CountPath("/groot"));
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Interlocked.Read(ref written) < 8L * 1024 * 1024, $"server wrote {Interlocked.Read(ref written)} bytes before the crawler hung up");
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthAboveCap_RejectedBeforeReadingBody()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/groot"));
        server.Map("/groot", async context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 20L * 1024 * 1024;
            try
            {
                await context.Response.Body.WriteAsync(new byte[1024], context.RequestAborted);
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });

        var items = await CrawlAsync(server, FastOptions(o => o.MaxPageBytes = 1024 * 1024));

        Assert.StartsWith("too large", Assert.Single(items.Skipped(SkipReason.Failed)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnreachableHost_RobotsDisallowAndRunCompletes()
    {
        var port = await ClosedPortAsync();
        var options = FastOptions(o => o.MaxRetries = 1);
        using var client = NewClient(options);
        var crawler = new KccAssistant.Ingest.Web.HttpCrawler([new Uri($"http://127.0.0.1:{port}/")], options, client);

        var items = await ReadAllAsync(crawler);

        var skipped = Assert.Single(items.Skipped(SkipReason.Robots));
        Assert.Contains("robots.txt unreachable", skipped.Detail, StringComparison.Ordinal);
    }

    private static async Task<int> ClosedPortAsync()
    {
        await using var server = await TestWebServer.StartAsync();
        return server.BaseUrl.Port;
    }
}
