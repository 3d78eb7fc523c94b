using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KccAssistant.Documents;
using KccAssistant.Feedback;
using KccAssistant.QuestionLog;
using KccAssistant.Stores;
using KccAssistant.Tests.App;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.ContentGaps;

/// <summary>
/// The Inhoudshiaten page in chromium over a seeded in-memory question log, real feedback and a small index: the empty
/// state, the groups by count with their sources, marking a group done by keyboard, the filter, a reopened group, the
/// CSV link with the browser's cookie, and a 400 px screen.
/// </summary>
public sealed class ContentGapsPageBrowserTests
{
    private const string Parking = "hoe vraag ik een parkeervergunning aan";
    private const string Container = "wanneer komt de groene container";

    private static readonly SourceDocument ParkingPage = TestDocuments.Document("parkeren", "Parkeervergunning bewoners", "Een parkeervergunning vraagt u aan via de website.");

    private static readonly SourceDocument ParkingVac = TestDocuments.Document(
        "vac-parkeren", "VAC: parkeervergunning", "Interne toelichting voor het KCC.", source: "kennisbank", type: SourceType.Vac) with
    {
        Url = "https://objecten.voorbeeldstad.example/api/v2/objects/77",
    };

    private readonly List<string> _cspViolations = [];

    [SkippableFact]
    public async Task ContentGapsPage_EditorMarksGroupDone_HiddenByDefaultShownWithFilterAndBackWhenAskedAgain()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        var log = new InMemoryQuestionLog();
        await using var app = KccWebApp.Start("Development", services: services =>
        {
            services.AddSingleton<IQuestionLog>(log);
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator());
        });
        using (playwright)
        await using (browser)
        {
            await SeedIndexAsync(app.Services.GetRequiredService<IKnowledgeStore>());
            var page = await BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, "/inhoudshiaten"), _cspViolations);
            Assert.Equal("Inhoudshiaten – KCC-assistent", await page.TitleAsync());
            Assert.Contains("Er zijn geen inhoudshiaten", await page.InnerTextAsync("#gaps-empty"), StringComparison.Ordinal);
            Assert.NotNull(await page.QuerySelectorAsync("nav a[href='inhoudshiaten']"));

            await SeedQuestionsAsync(log, app.Services.GetRequiredService<IFeedbackStore>());
            page = await BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, "/inhoudshiaten"), _cspViolations);
            var rows = await page.QuerySelectorAllAsync("#gaps tbody tr");
            Assert.Equal(2, rows.Count);
            Assert.Equal(Parking, (await page.InnerTextAsync("#gaps tbody tr:nth-child(1) .gap-example")).Trim());
            Assert.Equal("4", (await page.InnerTextAsync("#gaps tbody tr:nth-child(1) .gap-count")).Trim());
            Assert.Contains("3 geen antwoord, 1 duim omlaag", await page.InnerTextAsync("#gaps tbody tr:nth-child(1) .gap-kind"), StringComparison.Ordinal);
            Assert.Equal(Container, (await page.InnerTextAsync("#gaps tbody tr:nth-child(2) .gap-example")).Trim());
            Assert.DoesNotContain("paspoort", await page.InnerTextAsync("#gaps"), StringComparison.Ordinal);

            // The week strip is readable as text: eight weeks whose counts add up to the four questions of the last hour.
            var weeks = await page.TextContentAsync("#gaps tbody tr:nth-child(1) .week-text") ?? "";
            Assert.StartsWith("Per week: week ", weeks, StringComparison.Ordinal);
            var counts = System.Text.RegularExpressions.Regex.Matches(weeks, @"week \d+: (\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(8, counts.Count);
            Assert.Equal(4, counts.Sum());

            // Closest sources: both open the stored copy; only the public web page also links to its original.
            var sources = await page.EvalOnSelectorAllAsync<string[]>("#gaps tbody tr:nth-child(1) a.gap-source", "links => links.map(a => a.getAttribute('href'))");
            Assert.Equal(["bron/parkeren", "bron/vac-parkeren"], sources);
            var originals = await page.EvalOnSelectorAllAsync<string[]>("#gaps tbody tr:nth-child(1) a.gap-original", "links => links.map(a => a.getAttribute('href'))");
            Assert.Equal(["https://www.example.nl/parkeren"], originals);

            // The download link works with the browser's sign-in cookie.
            var csv = await page.EvaluateAsync<string>("() => fetch(document.querySelector('#csv-download').href).then(r => r.status + ' ' + r.headers.get('content-type'))");
            Assert.Equal("200 text/csv; charset=utf-8", csv);

            // Marked done with the keyboard: the group leaves the default view.
            var parkingKey = await page.GetAttributeAsync("#gaps tbody tr:nth-child(1)", "data-key");
            await page.FocusAsync($"tr[data-key='{parkingKey}'] .gap-done");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#gaps tbody tr').length === 1");
            Assert.Equal(Container, (await page.InnerTextAsync("#gaps tbody tr .gap-example")).Trim());
            Assert.Contains("Toon ook gereed (1)", await page.InnerTextAsync("label[for='show-done']"), StringComparison.Ordinal);
            var marks = await File.ReadAllLinesAsync(Path.Combine(app.DataDirectory, "content-gaps.jsonl"));
            var mark = Assert.Single(marks);
            Assert.Contains($"\"key\":\"{parkingKey}\",\"done\":true", mark, StringComparison.Ordinal);
            Assert.Contains("\"role\":\"Admin\"", mark, StringComparison.Ordinal);
            Assert.DoesNotContain("Lokale gebruiker", mark, StringComparison.Ordinal);

            // The filter, by keyboard too, shows it again as done.
            await page.FocusAsync("#show-done");
            await page.Keyboard.PressAsync("Space");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#gaps tbody tr').length === 2");
            var done = $"tr[data-key='{parkingKey}']";
            Assert.Equal("Done", await page.GetAttributeAsync(done, "data-state"));
            Assert.Equal("true", await page.GetAttributeAsync($"{done} .gap-done", "aria-pressed"));
            Assert.Equal("gereed", (await page.InnerTextAsync($"{done} .gap-state")).Trim());

            // Asked again after the mark: back in the default view as "opnieuw gevraagd".
            await log.AppendAsync(InMemoryQuestionLog.Entry(Parking, DateTimeOffset.UtcNow.AddSeconds(5)));
            page = await BrowserSupport.OpenInteractiveAsync(browser, new Uri(app.BaseAddress, "/inhoudshiaten"), _cspViolations);
            Assert.Equal(2, (await page.QuerySelectorAllAsync("#gaps tbody tr")).Count);
            Assert.Equal("Reopened", await page.GetAttributeAsync(done, "data-state"));
            Assert.Equal("opnieuw gevraagd", (await page.InnerTextAsync($"{done} .gap-state")).Trim());
            Assert.Equal("false", await page.GetAttributeAsync($"{done} .gap-done", "aria-pressed"));

            await AssertFitsAt400PixelsAsync(page);
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task ContentGapsPage_AxeWcag21AAWithGroupsAtDesktopAndPhoneWidth_NoSeriousOrCriticalViolations()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        var log = new InMemoryQuestionLog();
        await using var app = KccWebApp.Start("Development", services: services =>
        {
            services.AddSingleton<IQuestionLog>(log);
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator());
        });
        using (playwright)
        await using (browser)
        {
            await SeedIndexAsync(app.Services.GetRequiredService<IKnowledgeStore>());
            await SeedQuestionsAsync(log, app.Services.GetRequiredService<IFeedbackStore>());
            foreach (var width in new[] { 1280, 400 })
            {
                // The context bypasses the CSP only so that axe-core can be injected; the page's CSP is checked above.
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "nl-NL" });
                var tab = await context.NewPageAsync();
                var url = new Uri(app.BaseAddress, "/inhoudshiaten");
                await tab.GotoAsync(url.ToString());
                await tab.ClickAsync("#local-sign-in");
                await tab.WaitForURLAsync(u => new Uri(u).AbsolutePath == url.AbsolutePath, new PageWaitForURLOptions { Timeout = 30_000 });
                await tab.WaitForSelectorAsync("[data-interactive=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
                await tab.WaitForSelectorAsync("#gaps tbody tr");

                var result = await tab.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

                var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{v.Id}: {v.Help} {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
                Assert.True(serious.Count == 0, $"axe-core bij {width} px:\n{string.Join("\n", serious)}");
                await context.CloseAsync();
            }
        }
    }

    private static async Task AssertFitsAt400PixelsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(400, 800);
        await page.WaitForFunctionAsync("() => window.innerWidth === 400");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 400, $"The page is {scrollWidth} px wide at a 400 px viewport.");
        var cutOff = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.right > 400.5;
            }).map(e => e.tagName + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))
            """);
        Assert.True(cutOff.Length == 0, "Beyond 400 px: " + string.Join(", ", cutOff.Take(10)));
        if (Environment.GetEnvironmentVariable("KCC_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "inhoudshiaten-400.png"), FullPage = true });
        }
    }

    private static async Task SeedIndexAsync(IKnowledgeStore store)
    {
        await using var writer = await store.BeginGenerationAsync("hash-test", TestDocuments.Dimensions);
        await writer.AddDocumentAsync(ParkingPage, TestDocuments.Chunks(ParkingPage, 0));
        await writer.AddDocumentAsync(ParkingVac, TestDocuments.Chunks(ParkingVac, 1));
        await writer.CommitAsync();
    }

    private static async Task SeedQuestionsAsync(InMemoryQuestionLog log, IFeedbackStore feedback)
    {
        var now = DateTimeOffset.UtcNow;
        (string, string, string)[] parkingSources =
        [
            (ParkingPage.Id, ParkingPage.Title, ParkingPage.Url),
            (ParkingVac.Id, ParkingVac.Title, ParkingVac.Url),
        ];
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(InMemoryQuestionLog.Entry(Parking, now.AddMinutes(-30 + i), false, null, parkingSources));
        }

        var rejected = InMemoryQuestionLog.Entry(Parking, now.AddMinutes(-20), true, null, parkingSources);
        await log.AppendAsync(rejected);
        await feedback.AppendAsync(new AnswerFeedback(rejected.AskId, false, FeedbackReasons.Incomplete, null, now.AddMinutes(-19), "Agent", "page"));
        await log.AppendAsync(InMemoryQuestionLog.Entry(Container, now.AddMinutes(-10)));

        var liked = InMemoryQuestionLog.Entry("paspoort verlengen", now.AddMinutes(-5), true);
        await log.AppendAsync(liked);
        await feedback.AppendAsync(new AnswerFeedback(liked.AskId, true, null, null, now.AddMinutes(-4), "Agent", "page"));
    }
}
