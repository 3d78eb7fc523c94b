using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KccAssistant.Documents;
using KccAssistant.QuestionLog;
using KccAssistant.Stores;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.App;

/// <summary>
/// The learning loop end to end on the real app: asks through <c>POST /api/ask</c> with an API key land redacted and
/// pseudonymous in the question log, feedback through <c>POST /api/feedback</c>, and <c>eval export</c> turns both into
/// labelled lines.
/// </summary>
public sealed partial class QuestionLogEndToEndTests
{
    private static readonly (string Id, string Title, string Url, string Text)[] Items =
    [
        ("paspoort", "Paspoort aanvragen", "https://www.lindenhaven.nl/paspoort#aanvragen",
            "Een paspoort vraagt u aan bij de gemeente. Een paspoort kost 84 euro voor volwassenen. Neem een pasfoto mee naar de afspraak."),
        ("grofvuil", "Grofvuil laten ophalen", "https://www.lindenhaven.nl/grofvuil",
            "Grofvuil laat u gratis ophalen door een afspraak te maken. Zet het grofvuil op de ophaaldag voor 7 uur aan de straat."),
        ("parkeren", "Parkeervergunning bewoners", "https://www.lindenhaven.nl/parkeervergunning",
            "Een parkeervergunning voor bewoners vraagt u online aan. De parkeervergunning kost 60 euro per jaar."),
    ];

    private static async Task IndexAsync(KccWebApp app)
    {
        var store = app.Services.GetRequiredService<IKnowledgeStore>();
        var embeddings = app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var model = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var vectors = await embeddings.GenerateAsync(Items.Select(i => i.Title + "\n" + i.Text));
        await using var writer = await store.BeginGenerationAsync(model, vectors[0].Vector.Length);
        for (var i = 0; i < Items.Length; i++)
        {
            var item = Items[i];
            var document = new SourceDocument
            {
                Id = item.Id, SourceName = "website", Type = SourceType.Website, Title = item.Title, Url = item.Url,
                Sections = [new DocumentSection("", item.Text)],
            };
            var chunk = new Chunk
            {
                Id = item.Id + "#0", DocumentId = item.Id, Ordinal = 0, SourceName = "website", SourceType = SourceType.Website,
                Title = item.Title, Url = item.Url, Section = "", Text = item.Text,
            };
            await writer.AddDocumentAsync(document, [new EmbeddedChunk(chunk, vectors[i].Vector.ToArray())]);
        }

        await writer.CommitAsync();
    }

    private static async Task<JsonElement> AskAsync(HttpClient client, string question)
    {
        using var response = await client.PostAsJsonAsync("/api/ask", new { question });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task RateAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/api/feedback", new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task AskRateExport_ThreeAsksTwoRatings_LogRedactedPseudonymousAndExportLabelled()
    {
        const string bsn = "111222333";
        await using var app = KccWebApp.Start("Production", new Dictionary<string, string?>
        {
            // Three tiny documents give low BM25 shares; the threshold is not what this test is about.
            ["Kcc:Retrieval:MinLexicalShare"] = "0.05",
            ["Kcc:Retrieval:MinDenseScore"] = "0",
            ["Kcc:Answerability:Threshold"] = "0.01",
        });
        await IndexAsync(app);
        using var client = TestAuth.CreateClient(app.BaseAddress, TestAuth.AgentKey);

        var withBsn = await AskAsync(client, $"wat kost een paspoort voor volwassenen, bsn {bsn}");
        var grofvuil = await AskAsync(client, "hoe laat ik grofvuil ophalen");
        // Nothing in the index is about pets: this one gets "geen antwoord" and is not rated.
        var unrated = await AskAsync(client, "mag ik een kangoeroe houden in mijn achtertuin");
        Assert.True(withBsn.GetProperty("answered").GetBoolean(), withBsn.GetRawText() + grofvuil.GetRawText());
        Assert.False(unrated.GetProperty("answered").GetBoolean(), unrated.GetRawText());
        var askIds = new[] { withBsn, grofvuil, unrated }.Select(r => r.GetProperty("askId").GetString()!).ToArray();

        await RateAsync(client, $$"""{"askId":"{{askIds[0]}}","helpful":true}""");
        await RateAsync(client, $$"""{"askId":"{{askIds[1]}}","helpful":false,"reason":"verkeerde-bron","correctSource":"https://www.lindenhaven.nl/grofvuil-afspraak#maken"}""");

        // The log is written in the background: wait for the three lines.
        var logFile = Path.Combine(app.DataDirectory, JsonLinesQuestionLog.FileName);
        var raw = await WaitForLinesAsync(logFile, 3);
        var entries = raw.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(askIds, entries.Select(e => e.GetProperty("askId").GetString()));
        Assert.DoesNotContain(bsn, raw, StringComparison.Ordinal);
        Assert.Equal("wat kost een paspoort voor volwassenen, bsn [BSN]", entries[0].GetProperty("question").GetString());
        var users = entries.Select(e => e.GetProperty("user").GetString()!).Distinct().ToList();
        Assert.Matches(Pseudonym(), Assert.Single(users));
        // The API key's user is named "api-key Auth:ApiKeys:0"; neither that name nor the key may be in the log.
        Assert.DoesNotContain("api-key", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ApiKeys", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.AgentKey, raw, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal(("Agent", "api"), (e.GetProperty("role").GetString(), e.GetProperty("via").GetString())));

        var output = Path.Combine(app.DataDirectory, "export", "feedback.jsonl");
        var exit = await InvokeEvalAsync("export", "--data-dir", app.DataDirectory, "--out", output);

        Assert.Equal(0, exit);
        var cited = CitedUrls(withBsn);
        Assert.NotEmpty(cited);
        string[] expected =
        [
            JsonSerializer.Serialize(new
            {
                id = "fb-" + askIds[0].Replace("-", "", StringComparison.Ordinal)[..8],
                question = "wat kost een paspoort voor volwassenen, bsn [BSN]",
                relevant = cited,
                answerable = true,
                source = "feedback",
                askedAt = entries[0].GetProperty("at").GetDateTimeOffset(),
            }),
            JsonSerializer.Serialize(new
            {
                id = "fb-" + askIds[1].Replace("-", "", StringComparison.Ordinal)[..8],
                question = "hoe laat ik grofvuil ophalen",
                relevant = new[] { "https://www.lindenhaven.nl/grofvuil-afspraak" },
                answerable = true,
                source = "feedback",
                askedAt = entries[1].GetProperty("at").GetDateTimeOffset(),
            }),
        ];
        Assert.Equal(expected, await File.ReadAllLinesAsync(output));

        // The editors' content gaps: the unanswered question and the thumbs-down one; the thumbs-up one is no gap.
        using var editor = TestAuth.CreateClient(app.BaseAddress, TestAuth.EditorKey);
        var gaps = await editor.GetStringAsync("/api/content-gaps.csv");
        Assert.Contains("mag ik een kangoeroe houden in mijn achtertuin", gaps, StringComparison.Ordinal);
        Assert.Contains("hoe laat ik grofvuil ophalen", gaps, StringComparison.Ordinal);
        Assert.DoesNotContain("wat kost een paspoort", gaps, StringComparison.Ordinal);
        Assert.DoesNotContain(bsn, gaps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskStream_QuestionWithPhoneNumber_LoggedOnceRedactedWithTheFinalAnswer()
    {
        await using var app = KccWebApp.Start("Production", new Dictionary<string, string?> { ["Kcc:Retrieval:MinLexicalShare"] = "0.05" });
        await IndexAsync(app);
        using var client = TestAuth.CreateClient(app.BaseAddress, TestAuth.AgentKey);

        using var response = await client.PostAsJsonAsync("/api/ask/stream", new { question = "hoe laat ik grofvuil ophalen, terugbellen op 06-12345678" });
        response.EnsureSuccessStatusCode();
        var final = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Last(l => l.GetProperty("type").GetString() == "final").GetProperty("response");

        var logFile = Path.Combine(app.DataDirectory, JsonLinesQuestionLog.FileName);
        var entry = JsonDocument.Parse(Assert.Single((await WaitForLinesAsync(logFile, 1)).Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(final.GetProperty("askId").GetString(), entry.GetProperty("askId").GetString());
        Assert.Equal("hoe laat ik grofvuil ophalen, terugbellen op [telefoonnummer]", entry.GetProperty("question").GetString());
        Assert.Equal(final.GetProperty("answer").GetString(), entry.GetProperty("answer").GetString());
    }

    /// <summary>The log's text once it holds <paramref name="lines"/> complete lines (it is written in the background), or after 10 s.</summary>
    internal static async Task<string> WaitForLinesAsync(string logFile, int lines)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(logFile) && (await File.ReadAllTextAsync(logFile)).Count(c => c == '\n') >= lines)
            {
                break;
            }

            await Task.Delay(100);
        }

        // A little longer, so a line too many (a double log) would show up in the assertions.
        await Task.Delay(200);
        return await File.ReadAllTextAsync(logFile);
    }

    /// <summary>The URLs (without fragment) of the sources the answer text cites with [n].</summary>
    private static string[] CitedUrls(JsonElement response)
    {
        var numbers = Markers().Matches(response.GetProperty("answer").GetString()!).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct();
        var citations = response.GetProperty("citations").EnumerateArray().ToDictionary(c => c.GetProperty("number").GetInt32(), c => c.GetProperty("url").GetString()!);
        return [.. numbers.Where(citations.ContainsKey).Select(n => citations[n].Split('#')[0]).Distinct()];
    }

    private static Task<int> InvokeEvalAsync(params string[] args)
    {
        var main = typeof(KccAssistant.Eval.Export.ExportCommand).Assembly.GetType("KccAssistant.Eval.Program")!.GetMethod("Main")!;
        return (Task<int>)main.Invoke(null, [args])!;
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Markers();

    [GeneratedRegex("^u-[0-9a-f]{12}$")]
    private static partial Regex Pseudonym();
}
