using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KccAssistant.Tests.App;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the real app in Debian's chromium, at a desktop and a phone
/// width: no violation of impact serious or critical. Agents work with screen readers and zoomed-in browsers too.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityBrowserTests(WebAppFixture app, ITestOutputHelper output)
{
    internal const string AnsweredQuestion = "mevrouw is haar paspoort kwijt op vakantie wat moet ze doen";

    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// Violations found on pages whose markup another part of the work owns: the case is skipped with the violations as
    /// its reason (visible in the run, never a silent pass) as long as only these rules fail there; any other rule, or any
    /// rule on another page, fails the test. Remove an entry once the page is fixed.
    /// </summary>
    // Violations known on a page and waiting for a fix there; each is skipped visibly with its violations as the reason.
    // Empty: the Bronnen report is keyboard-focusable and the 404 page has a title since issue 10's merge.
    private static readonly Dictionary<string, string[]> KnownElsewhere = new(StringComparer.Ordinal);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[] { "vraag", "vraag-met-antwoord", "vraag-bronkiezer", "bron", "bronnen", "over", "aanmelden", "niet-gevonden" })
        {
            data.Add(page, 1280);
            data.Add(page, 400);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Page_AxeWcag21AA_NoSeriousOrCriticalViolations(string page, int width)
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var tab = await OpenAsync(browser, page, width);

            var result = await tab.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });

            Assert.NotEmpty(result.Passes);
            foreach (var violation in result.Violations)
            {
                output.WriteLine($"{violation.Impact}: {Describe(violation)}");
            }

            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            var message = $"axe-core op '{page}' bij {width} px ({tab.Url}):\n{string.Join("\n", serious.Select(Describe))}";
            Skip.If(
                serious.Count > 0 && KnownElsewhere.TryGetValue(page, out var known) && serious.All(v => known.Contains(v.Id, StringComparer.Ordinal)),
                $"Bekende toegankelijkheidsfouten, te herstellen op die pagina zelf. {message}");
            Assert.True(serious.Count == 0, message);

            // Usable at phone width too: nothing forces the agent to scroll sideways.
            var scrollWidth = await tab.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"'{page}' is bij {width} px {scrollWidth} px breed ({tab.Url})");
        }
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}) {violation.Help}: " +
        string.Join("; ", violation.Nodes.Take(5).Select(n => $"{n.Target} {Shorten(n.Html)}")) +
        (violation.Nodes.Length > 5 ? $"; en nog {violation.Nodes.Length - 5}" : "");

    private static string Shorten(string? html) => html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";

    /// <summary>
    /// Opens one of the pages, signed in where it needs it, in a context of <paramref name="width"/> px. The context
    /// bypasses the Content-Security-Policy only so axe-core can be injected; the app's own CSP is tested elsewhere.
    /// </summary>
    private async Task<IPage> OpenAsync(IBrowser browser, string page, int width)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "nl-NL" });
        var tab = await context.NewPageAsync();
        switch (page)
        {
            case "aanmelden":
                await tab.GotoAsync(new Uri(app.BaseAddress, "/aanmelden").ToString());
                await tab.WaitForSelectorAsync("#local-sign-in");
                return tab;
            case "vraag":
                await SignedInAsync(tab, "/");
                return tab;
            case "vraag-met-antwoord":
                await SignedInAsync(tab, "/");
                await tab.FillAsync("#question", AnsweredQuestion);
                await tab.ClickAsync("#ask");
                await tab.WaitForSelectorAsync("#answer", new PageWaitForSelectorOptions { Timeout = 30_000 });
                return tab;
            case "vraag-bronkiezer":
                // The "welke bron had het moeten zijn?" combobox open, with an active option.
                await SignedInAsync(tab, "/");
                await tab.FillAsync("#question", AnsweredQuestion);
                await tab.ClickAsync("#ask");
                await tab.WaitForSelectorAsync("#answer", new PageWaitForSelectorOptions { Timeout = 30_000 });
                await tab.ClickAsync(".feedback-down");
                await tab.ClickAsync(".feedback-reason[data-reason=verkeerde-bron]");
                await tab.FocusAsync(".feedback-source-search");
                await tab.Keyboard.TypeAsync("aa");
                await tab.WaitForSelectorAsync(".source-picker-option", new PageWaitForSelectorOptions { Timeout = 10_000 });
                await tab.Keyboard.PressAsync("ArrowDown");
                await tab.WaitForSelectorAsync(".source-picker-option[aria-selected=true]", new PageWaitForSelectorOptions { Timeout = 10_000 });
                return tab;
            case "bron":
                await SignedInAsync(tab, "/bron/" + Uri.EscapeDataString(await CitedDocumentIdAsync()));
                await tab.WaitForSelectorAsync("h1");
                return tab;
            case "bronnen":
                await SignedInAsync(tab, "/bronnen");
                return tab;
            case "over":
                await SignedInAsync(tab, "/over");
                await tab.WaitForSelectorAsync("#contact");
                return tab;
            case "niet-gevonden":
                await SignedInAsync(tab, "/deze-pagina-bestaat-niet");
                return tab;
            default:
                throw new ArgumentOutOfRangeException(nameof(page), page, "Unknown page.");
        }
    }

    private async Task SignedInAsync(IPage tab, string path)
    {
        var url = new Uri(app.BaseAddress, path);
        await tab.GotoAsync(url.ToString());
        if (new Uri(tab.Url).AbsolutePath.StartsWith("/aanmelden", StringComparison.Ordinal))
        {
            await tab.ClickAsync("#local-sign-in");
            await tab.WaitForURLAsync(u => new Uri(u).AbsolutePath == url.AbsolutePath, new PageWaitForURLOptions { Timeout = 30_000 });
        }

        // Interactive pages say when their circuit is live (their content can change until then); static ones are done
        // once loaded.
        if (await tab.QuerySelectorAsync("[data-interactive]") is not null)
        {
            await tab.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }

        await tab.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A document the assistant cites for a covered question: its stored copy is the /bron page under test.</summary>
    private async Task<string> CitedDocumentIdAsync()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/ask", new { question = AnsweredQuestion });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("citations")[0].GetProperty("documentId").GetString()
            ?? throw new InvalidOperationException("The first citation has no documentId.");
    }
}
