using KccAssistant.Ingest.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

public class WebSourcesRegistrationTests
{
    [Fact]
    public void AddKccWebSources_Configuration_BindsOptions()
    {
        using var services = Build(new()
        {
            ["Kcc:Crawler:MaxPages"] = "10",
            ["Kcc:Crawler:RequestTimeout"] = "00:00:07",
            ["Kcc:Crawler:AllowedPathPrefixes:0"] = "/burgerzaken",
        });

        var options = services.GetRequiredService<IOptions<CrawlerOptions>>().Value;

        Assert.Equal(10, options.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(["/burgerzaken"], options.AllowedPathPrefixes);
        Assert.Equal(CrawlerOptions.DefaultUserAgent, options.UserAgent);
    }

    [Fact]
    public void AddKccWebSources_InvalidOptions_ValidationNamesTheKey()
    {
        using var services = Build(new() { ["Kcc:Crawler:MaxPageBytes"] = "10", ["Kcc:Crawler:AllowedPathPrefixes:0"] = "burgerzaken" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrawlerOptions>>().Value);

        Assert.Contains("Kcc:Crawler:MaxPageBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kcc:Crawler:AllowedPathPrefixes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UrlOrFolder_CrawlerOrFolderReader()
    {
        using var services = Build([]);
        var factory = services.GetRequiredService<WebSourceReaderFactory>();

        Assert.IsType<HttpCrawler>(factory.Create("https://www.voorbeeldstad.nl/"));
        Assert.IsType<SiteFolderReader>(factory.Create(Path.GetTempPath(), new Uri("https://www.voorbeeldstad.nl/")));
    }

    [Fact]
    public async Task CreateCrawler_RegisteredClient_FollowsRedirectsItselfWithinScope()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/", "/home", 302);
        server.MapHtml("/home", LinkPage("Home"));
        using var services = Build(new() { ["Kcc:Crawler:RetryBaseDelay"] = "00:00:00.010" });

        var items = await ReadAllAsync(services.GetRequiredService<WebSourceReaderFactory>().CreateCrawler([server.Url("/")]));

        Assert.Equal(server.Abs("/home"), Assert.Single(items.Documents()).Id);
        Assert.Equal(1, server.CountPath("/"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKccWebSources(configuration).BuildServiceProvider();
    }
}
