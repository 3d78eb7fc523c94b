using System.Net;
using KccAssistant.Stores;
using KccAssistant.Web.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>The stored copy (/bron/{id}) and the not-found page, over HTTP and in a real browser.</summary>
public sealed class SourcePageBrowserTests(SourcePageFixture fixture) : IClassFixture<SourcePageFixture>
{
    private Uri Url(string relative) => new(fixture.App.BaseAddress, relative);

    private string ArticleLink(string? quote = null, int? passage = null) => "/" + SourcePassage.Link(fixture.ArticleId, quote, passage);

    [Fact]
    public async Task SourcePage_UnknownId_Answers404WithDutchText()
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        using var response = await client.GetAsync("/bron/bestaat-niet");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Bron niet gevonden</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Terug naar het antwoord", html, StringComparison.Ordinal);
        Assert.Matches("<a href(=\"\")? id=\"naar-vraag-stellen\"[^>]*>Ga naar Vraag stellen</a>", html);
    }

    [Theory]
    [InlineData("/bestaat-niet")]
    [InlineData("/bron")]
    [InlineData("/een/heel/ander/adres?x=1")]
    public async Task UnknownRoute_Answers404WithDutchPageLinkingToAskPage(string path)
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Pagina niet gevonden", html, StringComparison.Ordinal);
        Assert.Matches("<a href(=\"\")? id=\"naar-vraag-stellen\"[^>]*>Ga naar Vraag stellen</a>", html);
    }

    [Fact]
    public async Task SourcePage_KnownDocument_Answers200()
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        using var response = await client.GetAsync(ArticleLink());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SourcePage_KnowledgeBaseItem_ShowsTypeAndDateButNeverItsApiAddress()
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        var html = await client.GetStringAsync(ArticleLink());

        // Precondition: the article really carries its API address, or not showing it would prove nothing.
        var stored = await fixture.App.Services.GetRequiredService<IKnowledgeStore>().GetDocumentChunksAsync(fixture.ArticleId);
        Assert.Equal(SourcePageFixture.ApiAddress, stored[0].Url);
        Assert.Contains("Paspoort kwijt of gestolen", html, StringComparison.Ordinal);
        Assert.Matches("id=\"bron-soort\"[^>]*>Kennisartikel<", html);
        Assert.Matches("id=\"bron-datum\"[^>]*>2 maart 2026<", html);
        Assert.DoesNotContain("objecten.voorbeeldstad.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("bron-origineel", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcePage_WebsitePage_LinksToThePublicPageAsSecondaryLink()
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        var html = await client.GetStringAsync("/" + SourcePassage.Link(fixture.PageId, null));

        Assert.StartsWith(SourcePageFixture.SiteBase, fixture.PageUrl, StringComparison.Ordinal);
        Assert.Matches($"id=\"bron-origineel\" href=\"{System.Text.RegularExpressions.Regex.Escape(fixture.PageUrl)}\"", html);
        Assert.Matches("id=\"bron-soort\"[^>]*>Website<", html);
    }

    [SkippableFact]
    public async Task SourcePage_OpenedWithQuote_MarksTheQuoteAndScrollsItIntoView()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await TestSignIn(browser, ArticleLink(SourcePageFixture.Quote));

            var mark = page.Locator("[data-geciteerd] mark");
            Assert.Equal(1, await mark.CountAsync());
            Assert.Equal(SourcePageFixture.Quote, await mark.InnerTextAsync());
            Assert.Equal(1, await page.Locator("mark").CountAsync());
            // Far enough down that only scrolling shows it, and shown.
            await WaitInViewportAsync(page, mark);
            var documentTop = await mark.EvaluateAsync<double>("m => m.getBoundingClientRect().top + window.scrollY");
            Assert.True(documentTop > await page.EvaluateAsync<double>("() => window.innerHeight"), $"The quote is at {documentTop}px: not below the fold, the test proves nothing.");
            Assert.Contains("Op vakantie buiten Europa", await page.InnerTextAsync("#bron-sectie"), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task SourcePage_OpenedWithPassageOrdinal_MarksThatPassageOnly()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await TestSignIn(browser, ArticleLink(passage: 1));

            var cited = page.Locator("[data-geciteerd]");
            Assert.Equal("passage-1", await cited.GetAttributeAsync("id"));
            Assert.True(await cited.Locator("mark").CountAsync() > 0);
            Assert.Equal(await page.Locator("mark").CountAsync(), await cited.Locator("mark").CountAsync());
            Assert.Contains("Geciteerde passage", await cited.InnerTextAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task SourcePage_ListsAndTables_RenderAsListItemsAndTableCells()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await TestSignIn(browser, ArticleLink());

            var items = await page.Locator(".bron-passage > ul > li").EvaluateAllAsync<string[]>("items => items.map(i => i.firstChild.textContent.trim())");
            Assert.Equal(SourcePageFixture.ListItems, items);
            Assert.Equal(SourcePageFixture.NestedItem, await page.Locator(".bron-passage ul > li > ul > li").InnerTextAsync());
            var cells = await page.Locator(".bron-passage table td").AllInnerTextsAsync();
            Assert.Contains("€ 84,70", cells);
            Assert.Contains("Paspoort jonger dan 18", cells);
            var text = await page.InnerTextAsync("article");
            Assert.DoesNotContain("- Doe aangifte", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" | ", text, StringComparison.Ordinal);

            await page.GotoAsync(Url("/" + SourcePassage.Link(fixture.PageId, null)).ToString());
            Assert.Contains(SourcePageFixture.WebListItem, await page.Locator(".bron-passage ul > li").AllInnerTextsAsync());
            Assert.Contains("donderdag", await page.Locator(".bron-passage table td").AllInnerTextsAsync());
        }
    }

    [SkippableFact]
    public async Task SourcePage_BackLink_ReturnsToThePageTheCitationWasOpenedFrom()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // A query string the Ask page ignores: only going back in history (not the link's own "/") keeps it.
            var page = await TestSignIn(browser, "/");
            await page.GotoAsync(Url("/?herkomst=antwoord").ToString());
            await page.GotoAsync(Url(ArticleLink(SourcePageFixture.Quote)).ToString());

            await page.ClickAsync("#bron-terug");

            await page.WaitForURLAsync(u => new Uri(u).PathAndQuery == "/?herkomst=antwoord", new PageWaitForURLOptions { Timeout = 15_000 });
        }
    }

    [SkippableFact]
    public async Task SourcePage_EnhancedNavigationFromAskPage_ScrollsToQuoteAndGoesBack()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var violations = new List<string>();
            var page = await BrowserSupport.OpenInteractiveAsync(browser, Url("/?herkomst=vraag"), violations);
            // A citation link as the Ask page renders one (same tab, relative to the base address); Blazor turns
            // the click into an enhanced navigation, which runs no script the new page brings along.
            await page.EvaluateAsync("href => { const a = document.createElement('a'); a.id = 'test-citatie'; a.href = href; a.textContent = 'bron'; document.body.prepend(a); }", SourcePassage.Link(fixture.ArticleId, SourcePageFixture.Quote));
            await page.ClickAsync("#test-citatie");
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath.StartsWith("/bron/", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 15_000 });

            await WaitInViewportAsync(page, page.Locator("[data-geciteerd] mark"));
            await page.ClickAsync("#bron-terug");
            await page.WaitForURLAsync(u => new Uri(u).PathAndQuery == "/?herkomst=vraag", new PageWaitForURLOptions { Timeout = 15_000 });
            Assert.Empty(violations);
        }
    }

    [SkippableFact]
    public async Task SourcePage_BackLinkWithoutPreviousPage_GoesToAskPage()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // The first page after signing in: going back would land on the sign-in page.
            var page = await TestSignIn(browser, ArticleLink(SourcePageFixture.Quote));

            await page.ClickAsync("#bron-terug");

            await page.WaitForURLAsync(u => new Uri(u).PathAndQuery == "/", new PageWaitForURLOptions { Timeout = 15_000 });
        }
    }

    [SkippableFact]
    public async Task NotFound_UnknownAddress_ShowsDutchPageWithLinkToAskPage()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await TestSignIn(browser, "/");
            var response = await page.GotoAsync(Url("/bron/bestaat-niet").ToString());

            Assert.Equal(404, response!.Status);
            Assert.Equal("Bron niet gevonden", await page.InnerTextAsync("h1"));

            response = await page.GotoAsync(Url("/dit/bestaat/niet").ToString());
            Assert.Equal(404, response!.Status);
            Assert.Equal("Pagina niet gevonden", await page.InnerTextAsync("h1"));
            await page.ClickAsync("#naar-vraag-stellen");
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/", new PageWaitForURLOptions { Timeout = 15_000 });
            Assert.Equal("Stel een vraag", await page.InnerTextAsync("h1"));
        }
    }

    private async Task<IPage> TestSignIn(IBrowser browser, string pathAndQuery)
    {
        var page = await browser.NewPageAsync();
        var target = Url(pathAndQuery);
        await page.GotoAsync(target.ToString());
        await page.ClickAsync("#local-sign-in");
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == target.AbsolutePath, new PageWaitForURLOptions { Timeout = 30_000 });
        if (new Uri(page.Url).PathAndQuery != target.PathAndQuery)
        {
            await page.GotoAsync(target.ToString());
        }

        await page.WaitForLoadStateAsync(LoadState.Load);
        return page;
    }

    private static async Task WaitInViewportAsync(IPage page, ILocator element)
    {
        // Scrolling happens in the next animation frame; poll briefly instead of sleeping.
        var handle = await element.First.ElementHandleAsync();
        await page.WaitForFunctionAsync(
            "m => { const r = m.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }",
            handle,
            new PageWaitForFunctionOptions { Timeout = 5_000 });
    }
}
