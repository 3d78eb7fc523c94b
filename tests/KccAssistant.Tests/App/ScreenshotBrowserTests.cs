using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>
/// The README's screenshots, taken from the real app in Debian's chromium: the Ask page with an answer, the Bronnen page
/// while it re-ingests (or after, when the run was too quick to catch) and "Over deze assistent". Every run checks that
/// the pages render what the pictures are meant to show; with <c>KCC_WRITE_SCREENSHOTS=1</c> the PNGs are also written
/// to docs/screenshots/, so the pictures in the README come from a run, not from a hand.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ScreenshotBrowserTests(WebAppFixture app)
{
    private const string WriteVariable = "KCC_WRITE_SCREENSHOTS";

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly List<string> _cspViolations = [];

    private static bool Write => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    [SkippableFact]
    public async Task Screenshots_AskBronnenAbout_RenderAndAreWrittenWhenAsked()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
                Locale = "nl-NL",
            });
            var page = await SignInAsync(context);

            await GoAsync(page, "/");
            await page.FillAsync("#question", AccessibilityBrowserTests.AnsweredQuestion);
            await page.ClickAsync("#ask");
            await page.WaitForSelectorAsync("#answer", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.NotEmpty(await page.QuerySelectorAllAsync("#citations > li"));
            await SaveAsync(page, "vraag-met-antwoord.png");

            await GoAsync(page, "/over");
            Assert.Contains("niets verlaat de gemeente", await page.InnerTextAsync("#about-models"), StringComparison.Ordinal);
            Assert.NotEmpty(await page.QuerySelectorAllAsync("#about-source-list tbody tr"));
            await SaveAsync(page, "over-deze-assistent.png");

            // Last, because it starts a re-ingestion: the run must be over before the next test of the collection asks.
            await GoAsync(page, "/bronnen");
            await page.ClickAsync("#ingest-all");
            await page.ClickAsync("#ingest-all-confirm");
            var caught = await CatchRunningAsync(page);
            if (!caught)
            {
                await WaitForIngestionAsync();
                await page.WaitForSelectorAsync("#last-report", new PageWaitForSelectorOptions { Timeout = 30_000 });
            }

            Assert.Contains("documenten", await page.InnerTextAsync("#index-info"), StringComparison.Ordinal);
            await SaveAsync(page, "bronnen.png");
            await WaitForIngestionAsync();
            Assert.Empty(_cspViolations);
        }
    }

    private async Task<IPage> SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_cspViolations)
                {
                    _cspViolations.Add(message.Text);
                }
            }
        };
        await page.GotoAsync(new Uri(app.BaseAddress, "/aanmelden").ToString());
        await page.ClickAsync("#local-sign-in");
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/", new PageWaitForURLOptions { Timeout = 30_000 });
        return page;
    }

    private async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        if (await page.QuerySelectorAsync("[data-interactive]") is not null)
        {
            await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    // A re-ingest of an unchanged source is quick, so the progress line may come and go before it is seen.
    private static async Task<bool> CatchRunningAsync(IPage page)
    {
        try
        {
            await page.WaitForSelectorAsync("#ingest-status", new PageWaitForSelectorOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            return false;
        }

        // A picture of a run whose progress bar has moved says more than its first "0 van ..."; not required. Polled
        // from here: Playwright's WaitForFunction uses eval(), which the app's Content-Security-Policy refuses.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
            && !await page.EvaluateAsync<bool>("Array.from(document.querySelectorAll('progress[value]')).some(p => Number(p.getAttribute('value')) > 0)"))
        {
            await Task.Delay(100);
        }

        return await page.QuerySelectorAsync("#ingest-status") is not null;
    }

    private async Task WaitForIngestionAsync()
    {
        var status = app.Services.GetRequiredService<IngestionStatus>();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (status.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.False(status.Running, "The re-ingestion started for the Bronnen screenshot did not finish within 5 minutes.");
        Assert.Null(status.LastError);
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        // The window as tall as the page rather than a full-page capture: the menu is 100vh high and would stop halfway.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(1280, Math.Clamp(height, 600, 4000));
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        await page.SetViewportSizeAsync(1280, 860);
        Assert.True(png.Length > 10_000 && png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature), $"{name}: not a PNG of a rendered page ({png.Length} bytes).");
        if (Write)
        {
            var directory = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, name), png);
        }
    }
}
