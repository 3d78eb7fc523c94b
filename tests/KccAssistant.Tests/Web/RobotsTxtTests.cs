using KccAssistant.Ingest.Web;

namespace KccAssistant.Tests.Web;

public class RobotsTxtTests
{
    private const string Agent = CrawlerOptions.DefaultUserAgent;

    [Theory]
    [InlineData("/fish", false)]
    [InlineData("/fish.html", false)]
    [InlineData("/fishheads/yummy.html", false)]
    [InlineData("/fish/salmon.html", true)]
    [InlineData("/Fish.asp", true)]
    [InlineData("/catfish", true)]
    public void IsAllowed_LongestMatchWins_AllowOverridesShorterDisallow(string path, bool expected)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /fish\nAllow: /fish/", Agent);

        Assert.Equal(expected, robots.IsAllowed(path));
    }

    [Fact]
    public void IsAllowed_EqualLengthAllowAndDisallow_AllowWins()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /page\nAllow: /page", Agent);

        Assert.True(robots.IsAllowed("/page"));
    }

    [Theory]
    [InlineData("/zoeken?q=paspoort", false)]
    [InlineData("/nieuws/zoeken?q=x", false)]
    [InlineData("/zoeken", true)]
    [InlineData("/bestand.pdf", false)]
    [InlineData("/bestand.pdf?download=1", true)]
    [InlineData("/pdf/overzicht", true)]
    [InlineData("/agenda/2024/print", false)]
    [InlineData("/agenda/print", false)]
    [InlineData("/agenda", true)]
    public void IsAllowed_WildcardAndEndAnchor_MatchAsSpecified(string path, bool expected)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /*?q=\nDisallow: /*.pdf$\nDisallow: /agenda/*print", Agent);

        Assert.Equal(expected, robots.IsAllowed(path));
    }

    [Fact]
    public void Parse_SpecificGroupExists_OnlyThatGroupApplies()
    {
        const string text = """
            User-agent: *
            Disallow: /

            User-agent: kccassistantbot
            Disallow: /intern
            """;

        var robots = RobotsTxt.Parse(text, Agent);

        Assert.True(robots.IsAllowed("/paspoort"));
        Assert.False(robots.IsAllowed("/intern/x"));
    }

    [Fact]
    public void Parse_NoSpecificGroup_FallsBackToStar()
    {
        var robots = RobotsTxt.Parse("User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin", Agent);

        Assert.True(robots.IsAllowed("/paspoort"));
        Assert.False(robots.IsAllowed("/admin"));
    }

    [Fact]
    public void Parse_MatchingGroupsSplitOverFile_RulesCombined()
    {
        const string text = """
            User-agent: KccAssistantBot
            Disallow: /a

            User-agent: Googlebot
            Disallow: /b

            User-agent: KccAssistantBot
            Disallow: /c
            """;

        var robots = RobotsTxt.Parse(text, Agent);

        Assert.False(robots.IsAllowed("/a"));
        Assert.True(robots.IsAllowed("/b"));
        Assert.False(robots.IsAllowed("/c"));
    }

    [Fact]
    public void Parse_GroupWithSeveralAgents_AppliesToEach()
    {
        var robots = RobotsTxt.Parse("User-agent: Googlebot\nUser-agent: KccAssistantBot\nDisallow: /x\n", Agent);

        Assert.False(robots.IsAllowed("/x/y"));
    }

    [Fact]
    public void Parse_EmptyDisallowCommentsAndUnknownLines_AllowEverything()
    {
        var robots = RobotsTxt.Parse("\uFEFF# comment\nUser-agent: * # all\nDisallow:\nHost: example.nl\nClean-param: a", Agent);

        Assert.True(robots.IsAllowed("/anything"));
    }

    [Fact]
    public void Parse_CrawlDelayAndSitemaps_Read()
    {
        var robots = RobotsTxt.Parse("Sitemap: https://example.nl/sitemap-a.xml\nUser-agent: *\nCrawl-delay: 1.5\nDisallow: /x\nSitemap: https://example.nl/sitemap-b.xml", Agent);

        Assert.Equal(TimeSpan.FromSeconds(1.5), robots.CrawlDelay);
        Assert.Equal(["https://example.nl/sitemap-a.xml", "https://example.nl/sitemap-b.xml"], robots.Sitemaps);
    }

    [Fact]
    public void IsAllowed_PercentEncoding_ComparedNormalised()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /café\nDisallow: /%7Ejan/", Agent);

        Assert.False(robots.IsAllowed("/caf%C3%A9/menu"));
        Assert.False(robots.IsAllowed("/~jan/index.html"));
        Assert.True(robots.IsAllowed("/cafe"));
    }

    [Fact]
    public void IsAllowed_DisallowAll_OnlyRobotsTxtAllowed()
    {
        Assert.False(RobotsTxt.DisallowAll.IsAllowed("/"));
        Assert.True(RobotsTxt.DisallowAll.IsAllowed("/robots.txt"));
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow: /", Agent).IsAllowed("/robots.txt"));
    }

    [Theory]
    [InlineData("KccAssistantBot/1.0 (+https://github.com/kcc-assistant)", "KccAssistantBot")]
    [InlineData("my_crawler-2", "my_crawler-")]
    [InlineData("*", "")]
    public void ProductToken_UserAgent_LettersUnderscoresHyphens(string userAgent, string expected)
    {
        Assert.Equal(expected, RobotsTxt.ProductToken(userAgent));
    }
}
