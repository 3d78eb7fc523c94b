using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>Debian's chromium driven by Playwright, as the other browser tests use it, and a watch on CSP violations.</summary>
internal static class BrowserSupport
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Skip.IfNot(File.Exists(Chromium), $"Browser tests need Debian's chromium at {Chromium} (apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Opens <paramref name="url"/> and waits until the Blazor circuit is live (clicks before that are lost). What the
    /// page's Content-Security-Policy refuses goes into <paramref name="violations"/>: Chrome reports every refusal
    /// on the console.
    /// </summary>
    public static async Task<IPage> OpenInteractiveAsync(IBrowser browser, Uri url, List<string> violations)
    {
        var page = await browser.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };

        var console = new List<string>();
        page.Console += (_, message) =>
        {
            lock (console)
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        await page.GotoAsync(url.ToString());
        if (new Uri(page.Url).AbsolutePath.StartsWith("/aanmelden", StringComparison.Ordinal))
        {
            // Every page needs a signed-in user: on loopback without OIDC that is the one-button local sign-in.
            await page.ClickAsync("#local-sign-in");
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == url.AbsolutePath, new PageWaitForURLOptions { Timeout = 30_000 });
        }

        try
        {
            await page.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }
        catch (TimeoutException exception)
        {
            lock (console)
            {
                throw new TimeoutException($"The Blazor circuit did not start. Console:\n{string.Join("\n", console)}", exception);
            }
        }

        return page;
    }
}
