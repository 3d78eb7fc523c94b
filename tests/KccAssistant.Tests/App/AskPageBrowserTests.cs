using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>The Ask and Bronnen pages in a real browser (Debian's chromium driven by Playwright).</summary>
[Collection(WebAppCollection.Name)]
public sealed class AskPageBrowserTests(WebAppFixture app)
{
    // What the Content-Security-Policy refused while a test ran: Blazor must work without inline script.
    private readonly List<string> _cspViolations = [];

    private Task<IPage> OpenInteractiveAsync(IBrowser browser, string path) =>
        BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, path), _cspViolations);

    [SkippableFact]
    public async Task AskPage_AgentTypesQuestion_ShowsAnswerWithNumberedClickableCitations()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenInteractiveAsync(browser, "/");
            Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
            Assert.Equal("Stel een vraag", await page.InnerTextAsync("h1"));

            await page.FillAsync("#question", "mevrouw is haar paspoort kwijt op vakantie wat moet ze doen");
            await page.ClickAsync("#ask");
            await page.WaitForSelectorAsync("#answer", new PageWaitForSelectorOptions { Timeout = 30_000 });

            var answer = await page.InnerTextAsync("#answer");
            Assert.Matches(@"\[1\]", answer);
            var citations = await page.QuerySelectorAllAsync("#citations > li");
            Assert.NotEmpty(citations);
            var firstTitle = await page.InnerTextAsync("#cite-1 .citation-title");
            Assert.Contains("paspoort", firstTitle, StringComparison.OrdinalIgnoreCase);
            var href = await page.GetAttributeAsync("#cite-1 .citation-title", "href");
            Assert.False(string.IsNullOrEmpty(href));
            Assert.NotEmpty(await page.QuerySelectorAllAsync("#citations mark"));
            Assert.NotNull(await page.QuerySelectorAsync("#answer a.cite-ref[href='#cite-1']"));
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_UncoveredQuestion_ShowsNoAnswer()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenInteractiveAsync(browser, "/");

            await page.FillAsync("#question", "wat is de hoofdstad van peru");
            await page.ClickAsync("#ask");
            await page.WaitForSelectorAsync("#no-answer", new PageWaitForSelectorOptions { Timeout = 30_000 });

            Assert.Contains("Geen antwoord gevonden", await page.InnerTextAsync("#no-answer"), StringComparison.Ordinal);
            Assert.Null(await page.QuerySelectorAsync("#citations"));
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task SourcesPage_Editor_SeesSourcesCountsAndLastRun()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await OpenInteractiveAsync(browser, "/bronnen");

            var table = await page.InnerTextAsync("#sources");
            Assert.Contains("website", table, StringComparison.Ordinal);
            Assert.Contains("kennisbank", table, StringComparison.Ordinal);
            Assert.Contains("Opnieuw inlezen", table, StringComparison.Ordinal);
            Assert.Contains("documenten", await page.InnerTextAsync("#index-info"), StringComparison.Ordinal);
            Assert.Contains("zelf gekalibreerd", await page.InnerTextAsync("#answerability"), StringComparison.Ordinal);
            Assert.Contains("proefvragen", await page.InnerTextAsync("#answerability"), StringComparison.Ordinal);
            Assert.Empty(_cspViolations);
        }
    }
}
