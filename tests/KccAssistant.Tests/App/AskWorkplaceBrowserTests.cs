using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Feedback;
using KccAssistant.Retrieval;
using KccAssistant.Stores.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>
/// The Ask page as an agent uses it during a live call, in Debian's chromium against the real app: paste and Enter on a
/// fresh page, keyboard only, busy state, copy, recent questions, readable citations and feedback.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AskWorkplaceBrowserTests(WebAppFixture app)
{
    private const string Paspoort = "wat kost een paspoort";
    private const string Uncovered = "wat is de hoofdstad van peru";
    private static readonly PageWaitForSelectorOptions Answer = new() { Timeout = 30_000 };

    private readonly List<string> _cspViolations = [];

    [SkippableFact]
    public async Task AskPage_PasteAndEnterOnAFreshPage20Times_AsksEveryTime()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            // Signs the context in once; every page below is a fresh load of the Ask page.
            await (await OpenAsync(context, app.BaseAddress)).CloseAsync();
            for (var i = 0; i < 20; i++)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(app.BaseAddress.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
                // Half the time before the circuit is live (the question must wait for it), half right after it is
                // (the server has not seen the input yet either way).
                if (i % 2 == 1)
                {
                    await page.WaitForSelectorAsync("[data-interactive=true]", Answer);
                }

                var answerable = i % 4 < 2;
                await page.FillAsync("#question", answerable ? Paspoort : Uncovered);
                await page.Keyboard.PressAsync("Enter");

                var shown = await page.WaitForSelectorAsync("#answer, #no-answer", Answer);
                Assert.Equal(answerable ? "answer" : "no-answer", await shown!.GetAttributeAsync("id"));
                if (answerable)
                {
                    Assert.Contains("84,40", await shown.InnerTextAsync(), StringComparison.Ordinal);
                }

                Assert.Equal("/", new Uri(page.Url).PathAndQuery);
                await page.CloseAsync();
            }

            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_KeyboardOnly_FocusOnLoadAskWithEnterFocusBackThenRateWithTabAndEnter()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, app.BaseAddress);

            Assert.Equal("question", await ActiveIdAsync(page));
            Assert.Equal("question", await page.EvaluateAsync<string>("document.querySelector('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea').id"));

            await page.Keyboard.TypeAsync(Paspoort);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#answer", Answer);
            await WaitUntilAsync(page, "document.activeElement && document.activeElement.id === 'question'", 10_000);
            var askId = await page.GetAttributeAsync(".answer-card", "data-ask-id");
            Assert.True(Guid.TryParse(askId, out _), askId);

            await TabToAsync(page, ".feedback-up");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".feedback-up[aria-pressed=true]", Answer);
            var up = await WaitForLinesAsync(askId!, 1);
            Assert.True(up[0].GetProperty("helpful").GetBoolean());
            Assert.Equal("page", up[0].GetProperty("via").GetString());
            Assert.Equal("Admin", up[0].GetProperty("role").GetString());

            // Changing one's mind: thumbs down, then a reason, all from the keyboard.
            await TabToAsync(page, ".feedback-down");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".feedback-down[aria-pressed=true]", Answer);
            Assert.Equal("false", await page.GetAttributeAsync(".feedback-up", "aria-pressed"));
            await TabToAsync(page, ".feedback-reason[data-reason=verouderd]");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".feedback-reason[data-reason=verouderd][aria-pressed=true]", Answer);

            var lines = await WaitForLinesAsync(askId!, 3);
            Assert.False(lines[1].GetProperty("helpful").GetBoolean());
            Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("reason").ValueKind);
            Assert.Equal(FeedbackReasons.Outdated, lines[2].GetProperty("reason").GetString());
            Assert.All(lines, line => Assert.DoesNotContain("paspoort", line.GetRawText(), StringComparison.OrdinalIgnoreCase));
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_WrongSourceFeedback_KeyboardPicksAnUncitedDocumentFromTheIndexAndAnAddressStillWorks()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, app.BaseAddress);
            await page.FillAsync("#question", Paspoort);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#answer", Answer);
            var askId = (await page.GetAttributeAsync(".answer-card", "data-ask-id"))!;
            var cited = (await page.Locator("#citations .citation-title").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
                .Select(href => Uri.UnescapeDataString(href["bron/".Length..].Split('?')[0])).ToHashSet(StringComparer.Ordinal);
            var (target, typed) = await UncitedDocumentAsync(cited);

            await page.ClickAsync(".feedback-down");
            await page.ClickAsync(".feedback-reason[data-reason=verkeerde-bron]");
            await page.WaitForSelectorAsync(".feedback-source-search", Answer);
            await TabToAsync(page, ".feedback-source-search");
            Assert.Equal("false", await page.GetAttributeAsync(".feedback-source-search", "aria-expanded"));
            await page.Keyboard.TypeAsync(typed, new KeyboardTypeOptions { Delay = 30 });
            await WaitUntilAsync(page, $"(() => {{ const o = document.querySelector('.source-picker-option'); return o && o.dataset.documentId === {JsonSerializer.Serialize(target.DocumentId)}; }})()", 10_000);
            Assert.Equal("true", await page.GetAttributeAsync(".feedback-source-search", "aria-expanded"));
            Assert.True(await page.Locator(".source-picker-option").CountAsync() <= 8);

            await page.Keyboard.PressAsync("ArrowDown");
            await WaitUntilAsync(page, "(() => { const i = document.querySelector('.feedback-source-search'); const id = i.getAttribute('aria-activedescendant'); return id && document.getElementById(id) && document.getElementById(id).getAttribute('aria-selected') === 'true'; })()", 10_000);
            Assert.Equal(target.DocumentId, await page.EvaluateAsync<string>("document.getElementById(document.querySelector('.feedback-source-search').getAttribute('aria-activedescendant')).dataset.documentId"));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".feedback-status:has-text('juiste bron')", Answer);
            Assert.Equal("false", await page.GetAttributeAsync(".feedback-source-search", "aria-expanded"));
            Assert.Equal("feedback-source-search", await page.EvaluateAsync<string>("document.activeElement.className.split(' ').find(c => c === 'feedback-source-search') || ''"));

            var lines = await WaitForLinesAsync(askId, 3);
            Assert.Equal(FeedbackReasons.WrongSource, lines[2].GetProperty("reason").GetString());
            Assert.Equal(target.DocumentId, lines[2].GetProperty("correctSource").GetString());

            // Pasting an address still works for a page that is not in the index at all.
            await page.FillAsync(".feedback-source-url", "https://www.example.nl/juiste-pagina");
            await page.ClickAsync(".feedback-source-send");
            lines = await WaitForLinesAsync(askId, 4);
            Assert.Equal("https://www.example.nl/juiste-pagina", lines[3].GetProperty("correctSource").GetString());
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_CopyButton_PutsAnswerAndNumberedSourcesOnTheClipboardWithoutApiAddresses()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["clipboard-read", "clipboard-write"] }))
        {
            var page = await OpenAsync(context, app.BaseAddress);
            await page.FillAsync("#question", Paspoort);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#answer", Answer);

            await page.ClickAsync("#copy-answer");
            await WaitUntilAsync(page, "document.getElementById('copy-status').textContent.trim() === 'Gekopieerd'", 10_000);
            var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");

            var answer = (await page.InnerTextAsync("#answer")).Trim();
            Assert.StartsWith(answer, copied, StringComparison.Ordinal);
            Assert.Contains("\n\nBronnen:\n[1] ", copied, StringComparison.Ordinal);
            var titles = await page.Locator("#citations .citation-title").AllInnerTextsAsync();
            for (var i = 0; i < titles.Count; i++)
            {
                Assert.Contains($"[{i + 1}] {titles[i].Trim()}", copied, StringComparison.Ordinal);
            }

            // Website sources carry their public address; knowledge-base items never their Objecten API address.
            foreach (var original in await page.Locator("#citations .citation-original").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"))
            {
                Assert.Contains(original, copied, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("objecten", copied, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/api/", copied, StringComparison.Ordinal);
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_CitationCards_ReadableLabelsStoredCopyFirstNeverAnApiAddress()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, app.BaseAddress);
            await page.FillAsync("#question", Paspoort);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#citations", Answer);

            var cards = page.Locator("#citations > li");
            Assert.True(await cards.CountAsync() > 0);
            var types = new HashSet<string>();
            for (var i = 0; i < await cards.CountAsync(); i++)
            {
                var card = cards.Nth(i);
                var type = await card.GetAttributeAsync("data-source-type");
                types.Add(type!);
                var html = await card.InnerHTMLAsync();
                Assert.DoesNotContain("objecten.", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("/api/v2/", html, StringComparison.Ordinal);
                Assert.StartsWith("bron/", await card.Locator(".citation-title").GetAttributeAsync("href"), StringComparison.Ordinal);
                var label = await card.Locator(".source-type").InnerTextAsync();
                Assert.Contains(label, new[] { "Website", "Rijksoverheid.nl", "Kennisbank · VAC", "Kennisbank · artikel" });
                var originals = card.Locator(".citation-original");
                if (type is "Website" or "Rijksoverheid")
                {
                    Assert.StartsWith("https://www.lindenhaven.nl/", await originals.GetAttributeAsync("href"), StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(0, await originals.CountAsync());
                }
            }

            // The paspoort question is answered from the website and the knowledge base: both kinds of card are seen.
            Assert.Contains("Website", types);
            Assert.Contains("Vac", types);
            Assert.Matches(@"Bijgewerkt \d{1,2} [a-z]+ \d{4}", await page.InnerTextAsync("#citations"));

            // The stored copy opens for an agent (the link is not a dead end).
            var href = await page.Locator("#cite-1 .citation-title").GetAttributeAsync("href");
            var stored = await context.NewPageAsync();
            var response = await stored.GotoAsync(new Uri(app.BaseAddress, href).ToString());
            Assert.Equal(200, response!.Status);
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_CitationTitle_OpensTheCitedPassageInANewTabAndBackReturnsToTheAnswer()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, app.BaseAddress);
            await page.FillAsync("#question", Paspoort);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#citations", Answer);
            var answer = await page.InnerTextAsync("#answer");

            var popup = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("#cite-1 .citation-title"));
            await popup.WaitForSelectorAsync("mark", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.Contains("/bron/", popup.Url, StringComparison.Ordinal);
            // The quote of the citation is what is marked, and it is on screen without scrolling by hand.
            await WaitUntilAsync(popup, "(() => { const r = document.querySelector('mark').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })()", 10_000);

            var closed = new TaskCompletionSource();
            popup.Close += (_, _) => closed.TrySetResult();
            try
            {
                await popup.ClickAsync("a[data-bron-terug]");
            }
            catch (PlaywrightException)
            {
                // The click can close the tab before Playwright has finished reporting the click: that is the behaviour
                // under test. A click that really failed leaves the tab open, and the wait below fails the test.
            }

            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

            // The answer is still there, untouched, in the tab the agent was working in.
            Assert.Equal(answer, await page.InnerTextAsync("#answer"));
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_SlowAsk_BusyStateShownThenClearedAndRecentQuestionAsksAgain()
    {
        var gate = new AskGate();
        await using var slow = KccWebApp.Start("Development", services: services =>
        {
            services.AddSingleton(gate);
            services.AddSingleton<IAskService>(sp => new GatedAskService(sp.GetRequiredService<AskService>(), gate));
        });
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, slow.BaseAddress);
            await page.FillAsync("#question", "eerste vraag over afval");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#no-answer", Answer);
            Assert.Equal("false", await page.GetAttributeAsync("#answer-region", "aria-busy"));
            var firstAskId = await page.GetAttributeAsync(".answer-card", "data-ask-id");

            gate.Hold();
            await page.FillAsync("#question", "tweede vraag over parkeren");
            await page.Keyboard.PressAsync("Enter");

            await page.WaitForSelectorAsync("#ask[disabled]", Answer);
            Assert.Equal("Bezig…", (await page.InnerTextAsync("#ask")).Trim());
            await page.WaitForSelectorAsync("#answer-region[aria-busy=true].is-stale", Answer);
            // The old answer is still there, dimmed, and marked as not current.
            Assert.Equal(firstAskId, await page.GetAttributeAsync(".answer-card", "data-ask-id"));
            await WaitUntilAsync(page, "parseFloat(getComputedStyle(document.getElementById('answer-region')).opacity) < 0.9", 5_000);
            await gate.WaitForWaiterAsync();

            gate.Release();
            await page.WaitForSelectorAsync("#answer-region[aria-busy=false]", Answer);
            Assert.NotEqual(firstAskId, await page.GetAttributeAsync(".answer-card", "data-ask-id"));
            Assert.Null(await page.QuerySelectorAsync("#answer-region.is-stale"));
            Assert.Equal("Vraag", (await page.InnerTextAsync("#ask")).Trim());
            Assert.False(await page.IsDisabledAsync("#ask"));
            await WaitUntilAsync(page, "document.activeElement && document.activeElement.id === 'question'", 10_000);
            await WaitUntilAsync(page, "getComputedStyle(document.getElementById('answer-region')).opacity === '1'", 10_000);

            // Recent questions: newest first; a click asks the same question again.
            Assert.Equal(["tweede vraag over parkeren", "eerste vraag over afval"], (await page.Locator("#recent .recent-question").AllInnerTextsAsync()).Select(t => t.Trim()));
            var before = gate.Questions.Count;
            var shownBefore = await page.GetAttributeAsync(".answer-card", "data-ask-id");
            await page.Locator("#recent .recent-question", new PageLocatorOptions { HasText = "eerste vraag over afval" }).ClickAsync();
            await WaitUntilAsync(page, $"document.querySelector('.answer-card') && document.querySelector('.answer-card').dataset.askId !== '{shownBefore}'", 30_000);
            Assert.Equal(before + 1, gate.Questions.Count);
            Assert.Equal("eerste vraag over afval", gate.Questions.Last());
            Assert.Equal("eerste vraag over afval", await page.InputValueAsync("#question"));
            Assert.Equal(["eerste vraag over afval", "tweede vraag over parkeren"], (await page.Locator("#recent .recent-question").AllInnerTextsAsync()).Select(t => t.Trim()));
            Assert.Empty(_cspViolations);
        }
    }

    [SkippableFact]
    public async Task AskPage_ElevenQuestions_RecentListKeepsTheLastTen()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        await using (var context = await browser.NewContextAsync())
        {
            var page = await OpenAsync(context, app.BaseAddress);
            for (var i = 1; i <= 11; i++)
            {
                var previous = await page.EvaluateAsync<string>("document.querySelector('.answer-card')?.dataset.askId ?? ''");
                await page.FillAsync("#question", $"vraag nummer {i} over de afvalkalender");
                await page.Keyboard.PressAsync("Enter");
                await WaitUntilAsync(page, $"(() => {{ const c = document.querySelector('.answer-card'); return c && c.dataset.askId !== '{previous}' && !document.getElementById('ask').disabled; }})()", 30_000);
            }

            var recent = (await page.Locator("#recent .recent-question").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
            Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"vraag nummer {i} over de afvalkalender"), recent);
        }
    }

    // A document of the serving index that the answer did not cite, and a part of its title that lists it first, the
    // way the picker ranks; so the test chooses with one ArrowDown whatever the sample sources hold.
    private async Task<(DocumentTitle Target, string Typed)> UncitedDocumentAsync(IReadOnlySet<string> cited)
    {
        var view = await app.Services.GetRequiredService<EmbeddedKnowledgeStore>().ViewAsync();
        var index = new DocumentTitleIndex(1, view.Chunks);
        foreach (var chunk in view.Chunks.Where(c => c.Ordinal == 0 && !cited.Contains(c.DocumentId)))
        {
            // Lower case, and a word from the middle of the title when one will do: the match is then neither by case nor
            // by the title's start.
            var words = chunk.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var word in words.Skip(1).Append(words[0]).Where(w => w.Length >= 6 && w.All(char.IsLetter)))
            {
                var typed = word.ToLowerInvariant()[..5];
                if (index.Search(typed) is [var first, ..] && first.DocumentId == chunk.DocumentId)
                {
                    return (first, typed);
                }
            }
        }

        throw new InvalidOperationException("No uncited document has a title word that finds it first.");
    }

    private async Task<IPage> OpenAsync(IBrowserContext context, Uri baseAddress)
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
        await page.GotoAsync(baseAddress.ToString());
        if (new Uri(page.Url).AbsolutePath.StartsWith("/aanmelden", StringComparison.Ordinal))
        {
            await page.ClickAsync("#local-sign-in");
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/", new PageWaitForURLOptions { Timeout = 30_000 });
        }

        await page.WaitForSelectorAsync("[data-interactive=true]", Answer);
        return page;
    }

    // Polled from here: Playwright's WaitForFunction evaluates its predicate with eval() in the page, which the app's
    // Content-Security-Policy (rightly) refuses.
    private static async Task WaitUntilAsync(IPage page, string expression, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await page.EvaluateAsync<bool>($"!!({expression})"))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not true within {timeoutMs} ms: {expression}");
            }

            await Task.Delay(50);
        }
    }

    private static Task<string> ActiveIdAsync(IPage page) => page.EvaluateAsync<string>("document.activeElement ? document.activeElement.id : ''");

    // Presses Tab until the focus is on the element, as a keyboard user would; fails when it is never reached.
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    private async Task<IReadOnlyList<JsonElement>> WaitForLinesAsync(string askId, int count)
    {
        var file = Path.Combine(app.DataDirectory, JsonLinesFeedbackStore.FileName);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> lines = [];
        while (DateTime.UtcNow < deadline)
        {
            lines = File.Exists(file)
                ? [.. File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("askId").GetString() == askId)]
                : [];
            if (lines.Count >= count)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(count, lines.Count);
        return lines;
    }

    /// <summary>Holds asks until released: the busy state is then on screen for as long as the test looks at it.</summary>
    private sealed class AskGate
    {
        private volatile TaskCompletionSource _open = Open();
        private readonly TaskCompletionSource _waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Questions { get; } = new();

        public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _open.TrySetResult();

        public async Task WaitAsync(string question, CancellationToken cancellationToken)
        {
            Questions.Enqueue(question);
            var open = _open;
            if (!open.Task.IsCompleted)
            {
                _waiter.TrySetResult();
            }

            await open.Task.WaitAsync(cancellationToken);
        }

        public Task WaitForWaiterAsync() => _waiter.Task.WaitAsync(TimeSpan.FromSeconds(30));

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    private sealed class GatedAskService(IAskService inner, AskGate gate) : IAskService
    {
        public async Task<AskResponse> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(question, cancellationToken);
            return await inner.AskAsync(question, mode, cancellationToken);
        }

        public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(question, cancellationToken);
            await foreach (var update in inner.AskStreamingAsync(question, mode, cancellationToken))
            {
                yield return update;
            }
        }
    }
}
