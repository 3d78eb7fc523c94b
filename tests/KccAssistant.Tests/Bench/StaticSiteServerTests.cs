using System.Net;
using System.Net.Http.Headers;
using KccAssistant.Eval.Benchmark;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Bench;

public sealed class StaticSiteServerTests
{
    [Fact]
    public async Task StartAsync_SavedSite_ExtensionlessPathsIndexAndConditionalRequests()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "index.html"), "<html><body><a href=\"paspoort.html\">p</a></body></html>");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "paspoort.html"), "<html><body>Paspoort</body></html>");
        await using var server = await StaticSiteServer.StartAsync(folder.Path);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var root = await client.GetAsync("/");
        using var extensionless = await client.GetAsync("/paspoort");
        using var withExtension = await client.GetAsync("/paspoort.html");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/paspoort");
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(withExtension.Headers.ETag!.ToString()));
        using var notModified = await client.SendAsync(conditional);
        using var missing = await client.GetAsync("/bestaat-niet");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html><body>Paspoort</body></html>", await extensionless.Content.ReadAsStringAsync());
        Assert.NotNull(withExtension.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, server.Count(304));
        Assert.Equal(5, server.Total);
    }
}
