using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>What an agent sees when the connection drops or a page fails: Dutch, without framework jargon.</summary>
public sealed class ReconnectAndErrorPageTests(SourcePageFixture fixture) : IClassFixture<SourcePageFixture>
{
    // The template's English texts, any of which would mean a text was left untranslated.
    private static readonly string[] English = ["Rejoin", "rejoin", "Retry", "Resume", "Failed", "failed", "Please", "paused", "trying again", "seconds", "session"];

    [SkippableFact]
    public async Task ReconnectDialog_ConnectionLost_ShowsDutchTextsAndRecovers()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var violations = new List<string>();
            var page = await BrowserSupport.OpenInteractiveAsync(browser, fixture.App.BaseAddress, violations);

            // Every state's text is in the markup from the start; the script only shows one of them.
            var markup = await page.TextContentAsync("#components-reconnect-modal") ?? "";
            Assert.Contains("Verbinding met de server wordt hersteld", markup, StringComparison.Ordinal);
            Assert.Equal(["Opnieuw proberen", "Hervatten"], (await page.Locator("#components-reconnect-modal button").AllTextContentsAsync()).Select(t => t.Trim()));
            Assert.All(English, word => Assert.DoesNotContain(word, markup, StringComparison.Ordinal));

            // Offline first, so reconnecting fails and the dialog stays; then drop the circuit's connection as a
            // network failure would (the same hook ASP.NET Core's own reconnection tests use).
            await page.Context.SetOfflineAsync(true);
            await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");

            var dialog = page.Locator("#components-reconnect-modal[open]");
            await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
            await page.WaitForFunctionAsync("() => document.getElementById('components-seconds-to-next-attempt')?.offsetParent !== null", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            var shown = await dialog.InnerTextAsync();
            Assert.Contains("Herstellen van de verbinding is mislukt. Nieuwe poging over", shown, StringComparison.Ordinal);
            Assert.All(English, word => Assert.DoesNotContain(word, shown, StringComparison.Ordinal));

            await page.Context.SetOfflineAsync(false);
            await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 60_000 });
            Assert.Empty(violations);
        }
    }

    [Fact]
    public async Task ErrorPage_Opened_IsDutchWithRequestIdOnlyInSmallPrint()
    {
        using var client = await fixture.App.CreateSignedInClientAsync();

        var html = await client.GetStringAsync("/Error");

        Assert.Contains("<h1>Er ging iets mis</h1>", html, StringComparison.Ordinal);
        Assert.Matches("<p class=\"small text-muted mt-4\" id=\"fout-kenmerk\">Kenmerk voor de beheerder: <code>[^<]+</code></p>", html);
        Assert.Matches("<a href(=\"\")? id=\"naar-vraag-stellen\"", html);
        Assert.All(["Request ID", "Development", "An error occurred", "ASPNETCORE_ENVIRONMENT"], text => Assert.DoesNotContain(text, html, StringComparison.Ordinal));
    }
}
