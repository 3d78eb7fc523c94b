using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>Finding 9 on the Ask page: an oversized question is refused by the server, and the circuit lives on.</summary>
[Collection(WebAppCollection.Name)]
public sealed class InputLimitBrowserTests(WebAppFixture app)
{
    [SkippableTheory]
    [InlineData(10_000)]
    [InlineData(25_000)]
    public async Task AskPage_OversizedQuestionSentPastMaxlength_RefusedInDutchAndCircuitStaysAlive(int length)
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var violations = new List<string>();
            var page = await BrowserSupport.OpenInteractiveAsync(browser, app.BaseAddress, violations);

            // Setting the value from script skips maxlength, as any client that talks to the circuit itself can.
            await page.EvalOnSelectorAsync("#question", """
                (input, length) => {
                    input.value = "mevrouw wil weten wat een paspoort kost ".repeat(length / 40 + 1).slice(0, length);
                    input.dispatchEvent(new Event("input", { bubbles: true }));
                }
                """, length);
            await page.ClickAsync("#ask");
            var refusal = await page.WaitForSelectorAsync(".alert-danger", new PageWaitForSelectorOptions { Timeout = 30_000 });

            Assert.Contains("te lang", await refusal!.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("1000", await refusal.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Null(await page.QuerySelectorAsync("#answer"));
            Assert.Null(await page.QuerySelectorAsync("#no-answer"));

            // The same circuit answers the next, normal question.
            await page.FillAsync("#question", "wat kost een paspoort");
            await page.ClickAsync("#ask");
            await page.WaitForSelectorAsync("#answer", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.Contains("84,40", await page.InnerTextAsync("#answer"), StringComparison.Ordinal);
            Assert.Null(await page.QuerySelectorAsync(".alert-danger"));
            Assert.Empty(violations);
        }
    }

    [SkippableFact]
    public async Task AskPage_PasteOf10000Characters_CutTo1000ByTheBrowser()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await BrowserSupport.OpenInteractiveAsync(browser, app.BaseAddress, []);

            await page.FocusAsync("#question");
            await page.Keyboard.InsertTextAsync(new string('a', 10_000));

            Assert.Equal(1000, await page.EvalOnSelectorAsync<int>("#question", "input => input.value.length"));
        }
    }
}
