using System.Text.Json;
using KccAssistant.QuestionLog;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>The Ask page logs through the same service as the API: one redacted line with <c>via</c> "page".</summary>
public sealed class QuestionLogPageBrowserTests
{
    [SkippableFact]
    public async Task AskPage_QuestionWithBsn_LoggedRedactedViaPageWithPseudonym()
    {
        await using var app = KccWebApp.Start("Development");
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var violations = new List<string>();
            var page = await BrowserSupport.OpenInteractiveAsync(browser, app.BaseAddress, violations);

            await page.FillAsync("#question", "mevrouw met bsn 123456782 is haar paspoort kwijt");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".answer-card", new PageWaitForSelectorOptions { Timeout = 30_000 });
            var askId = await page.GetAttributeAsync(".answer-card", "data-ask-id");

            var logFile = Path.Combine(app.DataDirectory, JsonLinesQuestionLog.FileName);
            var raw = await QuestionLogEndToEndTests.WaitForLinesAsync(logFile, 1);
            var entry = JsonDocument.Parse(Assert.Single(raw.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
            Assert.Equal(askId, entry.GetProperty("askId").GetString());
            Assert.Equal("mevrouw met bsn [BSN] is haar paspoort kwijt", entry.GetProperty("question").GetString());
            Assert.Equal("page", entry.GetProperty("via").GetString());
            Assert.Equal("Admin", entry.GetProperty("role").GetString());
            Assert.Matches("^u-[0-9a-f]{12}$", entry.GetProperty("user").GetString());
            // The local sign-in's user name.
            Assert.DoesNotContain("Lokale gebruiker", raw, StringComparison.Ordinal);
        }
    }
}
