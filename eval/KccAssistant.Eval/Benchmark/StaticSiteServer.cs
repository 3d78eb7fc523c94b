using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// Serves a saved site folder over HTTP on 127.0.0.1 with an ephemeral port: Kestrel's static file middleware, so
/// ETag/Last-Modified and conditional requests (304) behave as on a real web server. <c>/x</c> is served from
/// <c>x.html</c> when that exists, and <c>/</c> from <c>index.html</c>. Counts responses by status code.
/// </summary>
internal sealed class StaticSiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, int> _statusCounts = new();

    private StaticSiteServer(WebApplication app) => _app = app;

    /// <summary>The server's root URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Starts serving <paramref name="folder"/>.</summary>
    public static async Task<StaticSiteServer> StartAsync(string folder, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"De voorbeeldsite '{root}' bestaat niet.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StaticSiteServer(app);
        var files = new PhysicalFileProvider(root);

        app.Use((context, next) =>
        {
            // Counted as the headers go out, so a client that has its response always finds it counted.
            context.Response.OnStarting(() =>
            {
                server._statusCounts.AddOrUpdate(context.Response.StatusCode, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.Length > 1 && !Path.HasExtension(path) && files.GetFileInfo(path + ".html").Exists)
            {
                context.Request.Path = path + ".html";
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        await app.StartAsync(cancellationToken);
        server.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Responses with <paramref name="statusCode"/> since the last <see cref="ResetCounts"/>.</summary>
    public int Count(int statusCode) => _statusCounts.GetValueOrDefault(statusCode);

    /// <summary>All responses since the last <see cref="ResetCounts"/>.</summary>
    public int Total => _statusCounts.Values.Sum();

    /// <summary>Starts counting afresh.</summary>
    public void ResetCounts() => _statusCounts.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
