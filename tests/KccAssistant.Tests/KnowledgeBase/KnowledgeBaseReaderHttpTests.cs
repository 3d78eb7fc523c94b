using System.Collections.Concurrent;
using System.Net;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Tests.KnowledgeBase;

/// <summary>A real HTTP server on loopback serving Objecten API pages; requires a token like the real API.</summary>
internal sealed class ObjectenApiServer : IAsyncDisposable
{
    public const string Token = "Token 6f1e2d3c-test";
    private readonly WebApplication _app;

    private ObjectenApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests per path (with query), in order of arrival.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <param name="pages">Page number to (ids on the page, number of the next page or null).</param>
    /// <param name="nextHost">Host named in next links instead of the request's own host.</param>
    public static async Task<ObjectenApiServer> StartAsync(IReadOnlyDictionary<int, (string[] Ids, int? Next)> pages, string? nextHost = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ObjectenApiServer? server = null;
        app.Run(async context =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (context.Request.Headers.Authorization.ToString() != Token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { detail = "Authenticatiegegevens zijn niet opgegeven." });
                return;
            }

            var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
            if (context.Request.Path != "/api/v2/objects" || !pages.TryGetValue(page, out var content))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var self = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
            var results = content.Ids.Select(id => new
            {
                url = $"{self}/{id}",
                uuid = id,
                type = $"{context.Request.Scheme}://{context.Request.Host}/api/v2/objecttypes/vac",
                record = new
                {
                    index = 1,
                    typeVersion = 1,
                    data = new { vraag = $"Vraag {id}?", antwoord = $"<p>Antwoord {id}.</p>", status = "actief", toelichting = "INTERN" },
                    startAt = "2024-01-01",
                    endAt = (string?)null,
                },
            });
            await context.Response.WriteAsJsonAsync(new
            {
                count = pages.Values.Sum(v => v.Ids.Length),
                next = content.Next is { } next
                    ? $"{context.Request.Scheme}://{nextHost ?? context.Request.Host.Value}{context.Request.Path}?type=vac&page={next}"
                    : null,
                previous = page > 1 ? $"{self}?type=vac&page={page - 1}" : null,
                results,
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ObjectenApiServer(app, new Uri(address));
        return server;
    }

    public string ListUrl => new Uri(BaseAddress, "/api/v2/objects?type=vac").AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class KnowledgeBaseReaderHttpTests
{
    private static readonly Dictionary<int, (string[] Ids, int? Next)> ThreePages = new()
    {
        [1] = (["a1", "a2"], 2),
        [2] = (["b1", "b2"], 3),
        [3] = (["c1"], null),
    };

    private static KnowledgeBaseReader Reader(string url, string? authHeader = "Authorization: " + ObjectenApiServer.Token, int maxPages = 1000)
        => new(new KnowledgeBaseReaderOptions { Location = url, AuthHeader = authHeader, MaxPages = maxPages }, new HttpClient());

    [Fact]
    public async Task ReadAsync_PagedObjectenApiWithToken_FollowsNextLinksToTheEnd()
    {
        await using var server = await ObjectenApiServer.StartAsync(ThreePages);

        var items = await Reader(server.ListUrl).ReadAllAsync("kennisbank-api");

        Assert.Empty(items.Skips());
        var documents = items.Documents();
        Assert.Equal(["a1", "a2", "b1", "b2", "c1"], documents.Select(d => d.Id));
        Assert.Equal(new Uri(server.BaseAddress, "/api/v2/objects/b1").AbsoluteUri, documents[2].Url);
        Assert.Equal("Vraag b1?", documents[2].Question);
        Assert.All(documents, d => Assert.Equal("kennisbank-api", d.SourceName));
        Assert.All(documents, d => Assert.DoesNotContain("INTERN", d.AllText(), StringComparison.Ordinal));
        Assert.Equal(["/api/v2/objects?type=vac", "/api/v2/objects?type=vac&page=2", "/api/v2/objects?type=vac&page=3"], server.Requests);
    }

    [Fact]
    public async Task ReadAsync_WithoutRequiredAuthHeader_FailedWithHttpStatus()
    {
        await using var server = await ObjectenApiServer.StartAsync(ThreePages);

        var items = await Reader(server.ListUrl, authHeader: null).ReadAllAsync();

        var skip = Assert.IsType<SkippedItem>(Assert.Single(items));
        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal(server.ListUrl, skip.Location);
        Assert.StartsWith("HTTP 401", skip.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NextLinkLoop_StopsAndReadsEachPageOnce()
    {
        var loop = new Dictionary<int, (string[] Ids, int? Next)>
        {
            [1] = (["a1"], 2),
            [2] = (["b1"], 3),
            [3] = (["c1"], 2),
        };
        await using var server = await ObjectenApiServer.StartAsync(loop);

        var items = await Reader(server.ListUrl).ReadAllAsync();

        Assert.Equal(["a1", "b1", "c1"], items.Documents().Select(d => d.Id));
        var skip = Assert.Single(items.Skips());
        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Contains("already read", skip.Detail, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_MorePagesThanMaxPages_StopsAtTheCap()
    {
        await using var server = await ObjectenApiServer.StartAsync(ThreePages);

        var items = await Reader(server.ListUrl, maxPages: 2).ReadAllAsync();

        Assert.Equal(["a1", "a2", "b1", "b2"], items.Documents().Select(d => d.Id));
        Assert.Contains("MaxPages", Assert.Single(items.Skips()).Detail, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_NextLinkToOtherHost_NotFollowedSoTheTokenStaysHome()
    {
        await using var server = await ObjectenApiServer.StartAsync(ThreePages, nextHost: "objecten.elders.example:8080");

        var items = await Reader(server.ListUrl).ReadAllAsync();

        Assert.Equal(["a1", "a2"], items.Documents().Select(d => d.Id));
        var skip = Assert.Single(items.Skips());
        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Contains("leaves the host", skip.Detail, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}
