using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Tests.Web;

/// <summary>A request as the test server saw it.</summary>
internal sealed record RecordedRequest(string Path, string Query, string? UserAgent, string? IfNoneMatch, string? IfModifiedSince, long Timestamp)
{
    public string PathAndQuery => Path + Query;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, serving routes the test defines (exact path match;
/// anything else is 404) and recording every request, so tests can assert what the crawler did on the wire.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private TestWebServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        TestWebServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new TestWebServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public string Abs(string pathAndQuery) => Url(pathAndQuery).AbsoluteUri;

    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public void MapHtml(string path, string html) => Map(path, context => WriteAsync(context, html, "text/html; charset=utf-8"));

    public void MapText(string path, string text, string contentType = "text/plain; charset=utf-8") =>
        Map(path, context => WriteAsync(context, text, contentType));

    public void MapStatus(string path, int status) => Map(path, context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    public void MapRedirect(string path, string location, int status = 301) => Map(path, context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    });

    public int Count(string pathAndQuery) => _requests.Count(r => r.PathAndQuery == pathAndQuery);

    public int CountPath(string path) => _requests.Count(r => r.Path == path);

    public static Task WriteAsync(HttpContext context, string body, string contentType)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(
            request.Path.Value ?? "/",
            request.QueryString.Value ?? "",
            request.Headers.UserAgent.ToString(),
            request.Headers.IfNoneMatch.Count > 0 ? request.Headers.IfNoneMatch.ToString() : null,
            request.Headers.IfModifiedSince.Count > 0 ? request.Headers.IfModifiedSince.ToString() : null,
            System.Diagnostics.Stopwatch.GetTimestamp()));

        if (_routes.TryGetValue(request.Path.Value ?? "/", out var handler))
        {
            return handler(context);
        }

        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
