using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KccAssistant.Tests.App;

/// <summary>
/// Issue 8, finding 8: an <c>answerability.json</c> without <c>weights</c> in the data directory of the running app
/// was a NullReferenceException on every hybrid ask and on /bronnen. It must be rejected with the reason shown, and
/// the next model (self-calibrated, else configured) must keep answering.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class MalformedAnswerabilityFileTests(WebAppFixture app)
{
    [Fact]
    public async Task AskBronnenStatus_CalibrationFileWithoutWeights_AnsweredWithTheNextModelAndRejectionShown()
    {
        var path = Path.Combine(app.DataDirectory, "answerability.json");
        await File.WriteAllTextAsync(path, """{ "intercept": -3.5, "threshold": 0.4, "embeddingModel": "all-MiniLM-L6-v2-int8" }""");
        try
        {
            using var client = app.CreateClient();

            // The provider looks at the file again every few seconds; wait until it has seen this one.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            JsonElement answerability;
            do
            {
                using var status = await client.GetAsync("/api/status");
                Assert.Equal(HttpStatusCode.OK, status.StatusCode);
                answerability = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answerability");
                if (answerability.TryGetProperty("rejected", out var r) && r.ValueKind == JsonValueKind.String)
                {
                    break;
                }

                await Task.Delay(500);
            }
            while (DateTime.UtcNow < deadline);

            // The next model serves: the fixture's ingest run self-calibrated one for the sample municipality.
            Assert.Equal("self-calibrated", answerability.GetProperty("kind").GetString());
            Assert.EndsWith("answerability.auto.json", answerability.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.Contains("'weights' ontbreekt", answerability.GetProperty("rejected").GetString(), StringComparison.Ordinal);

            using var ask = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort", mode = "hybrid" });
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
            var answer = await ask.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(answer.GetProperty("answered").GetBoolean(), answer.ToString());

            using var browser = await Security.TestAuth.CreateSignedInClientAsync(app.BaseAddress);
            using var page = await browser.GetAsync("/bronnen");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("id=\"answerability-rejected\"", html, StringComparison.Ordinal);
            Assert.Contains("ontbreekt", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
