using System.Text.Json;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Eval.Export;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;

namespace KccAssistant.Tests.Eval;

public sealed class FeedbackExportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kcc-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static readonly IReadOnlyList<LoggedSource> Shown =
    [
        new(1, "Paspoort aanvragen", "https://www.lindenhaven.nl/paspoort#kosten", "web-paspoort", 0.9),
        new(2, "Paspoort kwijt", "kennisbank:vac/7d1e", "vac-7d1e", 0.7),
        new(3, "Rijbewijs", "https://www.lindenhaven.nl/rijbewijs/", "web-rijbewijs", 0.4),
    ];

    private static QuestionLogEntry Ask(string askId, string question, DateTimeOffset at, bool answered = true, string answer = "Een paspoort kost € 84,40 [1]. Kwijt? Meld het [2].") =>
        new(askId, at, "u-0123456789ab", "Agent", "hybrid", question, answered, answered ? answer : "", 0.7, "middel", Shown, 20, "api");

    private static AnswerFeedback Rating(string askId, bool helpful, DateTimeOffset at, string? reason = null, string? correct = null) =>
        new(askId, helpful, reason, correct, at, "Agent", "api");

    private static FeedbackExportResult Build(IEnumerable<AnswerFeedback> feedback, IEnumerable<QuestionLogEntry> log, DateTimeOffset? since = null) =>
        FeedbackExport.Build(feedback, log, PersonalDataRedactor.Default, since);

    private const string A = "a1b2c3d4-0000-4000-8000-000000000001";
    private const string B = "b1b2c3d4-0000-4000-8000-000000000002";
    private const string C = "c1b2c3d4-0000-4000-8000-000000000003";
    private const string D = "d1b2c3d4-0000-4000-8000-000000000004";

    [Fact]
    public void Build_ThumbsUp_CitedSourcesUrlWithoutFragmentOrId()
    {
        var result = Build([Rating(A, true, T0.AddMinutes(1))], [Ask(A, "wat kost een paspoort", T0)]);

        var line = Assert.Single(result.Questions);
        Assert.Equal("fb-a1b2c3d4", line.Id);
        Assert.Equal(["https://www.lindenhaven.nl/paspoort", "vac-7d1e"], line.Relevant);
        Assert.True(line.Answerable);
        Assert.False(line.NeedsReview);
        Assert.Equal("feedback", line.Source);
        Assert.Equal(T0, line.AskedAt);
    }

    [Fact]
    public void Build_Correction_ThatSourceOnly()
    {
        var result = Build(
            [Rating(A, false, T0.AddMinutes(1), "verkeerde-bron", "https://www.lindenhaven.nl/id-kaart#aanvragen")],
            [Ask(A, "id kaart voor kind", T0)]);

        var line = Assert.Single(result.Questions);
        Assert.Equal(["https://www.lindenhaven.nl/id-kaart"], line.Relevant);
        Assert.True(line.Answerable);
    }

    [Fact]
    public void Build_CorrectionNamingShownKnowledgeBaseUrl_ItsDocumentId()
    {
        var result = Build([Rating(A, false, T0, "verkeerde-bron", "kennisbank:vac/7d1e")], [Ask(A, "paspoort kwijt", T0)]);

        Assert.Equal(["vac-7d1e"], Assert.Single(result.Questions).Relevant);
    }

    [Fact]
    public void Build_ThumbsDownWithoutCorrection_NeedsReviewWithWhatWasShown()
    {
        var result = Build([Rating(A, false, T0, "onvolledig")], [Ask(A, "paspoort verlopen in buitenland", T0)]);

        var line = Assert.Single(result.Questions);
        Assert.True(line.NeedsReview);
        Assert.Empty(line.Relevant);
        Assert.Equal("onvolledig", line.Reason);
        Assert.Equal("Een paspoort kost € 84,40 [1]. Kwijt? Meld het [2].", line.ShownAnswer);
        Assert.Equal(["https://www.lindenhaven.nl/paspoort", "vac-7d1e", "https://www.lindenhaven.nl/rijbewijs/"], line.Shown!.Select(s => s.Relevant));
    }

    [Fact]
    public void Build_ThumbsUpOnNoAnswer_Unanswerable()
    {
        var result = Build([Rating(A, true, T0)], [Ask(A, "kan ik mijn kat registreren", T0, answered: false)]);

        var line = Assert.Single(result.Questions);
        Assert.False(line.Answerable);
        Assert.Empty(line.Relevant);
    }

    [Fact]
    public void Build_LaterRatingOfSameAsk_Supersedes()
    {
        var result = Build(
            [Rating(A, true, T0.AddMinutes(1)), Rating(A, false, T0.AddMinutes(2), "onjuist")],
            [Ask(A, "wat kost een paspoort", T0)]);

        Assert.True(Assert.Single(result.Questions).NeedsReview);
        Assert.Equal(1, result.Ratings);
    }

    [Fact]
    public void Build_SameQuestionCorrectionBeatsThumbsUpBeatsReview()
    {
        var result = Build(
            [Rating(A, true, T0), Rating(B, false, T0, "onjuist"), Rating(C, false, T0, "verkeerde-bron", "vac-99")],
            [Ask(A, "Wat kost een paspoort?", T0), Ask(B, "wat kost een  paspoort", T0.AddHours(1)), Ask(C, "wat kost een paspoort", T0.AddHours(2))]);

        var line = Assert.Single(result.Questions);
        Assert.Equal(["vac-99"], line.Relevant);
        Assert.Equal("fb-c1b2c3d4", line.Id);
        Assert.Equal(2, result.Merged);
    }

    [Fact]
    public void Build_SameQuestionTwoThumbsUp_RelevantMergedEarliestIdKept()
    {
        var result = Build(
            [Rating(A, true, T0), Rating(B, true, T0)],
            [Ask(A, "paspoort kwijt", T0, answer: "Meld het [2]."), Ask(B, "Paspoort kwijt.", T0.AddHours(1), answer: "Zie [1] en [2].")]);

        var line = Assert.Single(result.Questions);
        Assert.Equal("fb-a1b2c3d4", line.Id);
        Assert.Equal(["vac-7d1e", "https://www.lindenhaven.nl/paspoort"], line.Relevant);
    }

    [Fact]
    public void Build_QuestionStillHoldingBsn_RedactedAgain()
    {
        var result = Build([Rating(A, true, T0)], [Ask(A, "bsn 123456782 paspoort", T0)]);

        Assert.Equal("bsn [BSN] paspoort", Assert.Single(result.Questions).Question);
    }

    [Fact]
    public void Build_SinceAndRatingWithoutLogEntry_FilteredAndCounted()
    {
        var result = Build(
            [Rating(A, true, T0), Rating(B, true, T0.AddDays(3)), Rating(D, true, T0)],
            [Ask(A, "oud", T0), Ask(B, "nieuw", T0.AddDays(3))],
            since: T0.AddDays(1));

        Assert.Equal("nieuw", Assert.Single(result.Questions).Question);
        Assert.Equal(1, result.WithoutLogEntry);
    }

    [Fact]
    public async Task Main_Export_WritesLinesEvalRunCanRead()
    {
        Directory.CreateDirectory(_directory);
        var feedback = new JsonLinesFeedbackStore(_directory);
        using var log = new JsonLinesQuestionLog(_directory);
        await log.AppendAsync(Ask(A, "wat kost een paspoort", T0));
        await log.AppendAsync(Ask(B, "paspoort verlopen", T0));
        await feedback.AppendAsync(Rating(A, true, T0));
        await feedback.AppendAsync(Rating(B, false, T0, "onjuist"));
        feedback.Dispose();
        var output = Path.Combine(_directory, "out", "feedback.jsonl");

        var exit = await InvokeMainAsync("export", "--data-dir", _directory, "--out", output, "--since", "2026-11-01");

        Assert.Equal(0, exit);
        var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.True(lines[1].GetProperty("needsReview").GetBoolean());
        Assert.False(lines[0].TryGetProperty("needsReview", out _));
        var set = await LabelledSet.ReadAsync(output);
        Assert.Equal("fb-a1b2c3d4", Assert.Single(set).Id);
    }

    [Fact]
    public async Task Main_QuestionLogInItsOwnFolder_ReadFromTheConfiguredDirectory()
    {
        // The web app may keep its question log outside the data directory (Kcc:QuestionLog:Directory); the export must
        // read it there, or every rating would count as one without a logged question.
        Directory.CreateDirectory(_directory);
        var logFolder = Path.Combine(_directory, "vragenlog");
        Directory.CreateDirectory(logFolder);
        using (var log = new JsonLinesQuestionLog(logFolder))
        {
            await log.AppendAsync(Ask(A, "wat kost een paspoort", T0));
        }

        using (var feedback = new JsonLinesFeedbackStore(_directory))
        {
            await feedback.AppendAsync(Rating(A, true, T0));
        }

        var output = Path.Combine(_directory, "eigen-map.jsonl");

        Assert.Equal(0, await InvokeMainAsync("export", "--data-dir", _directory, "--out", output, "--Kcc:QuestionLog:Directory", logFolder));
        var line = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(output))).RootElement;
        Assert.Equal("wat kost een paspoort", line.GetProperty("question").GetString());

        // Without the setting the log is looked for in the data directory, where it is not: nothing to export.
        Assert.Equal(0, await InvokeMainAsync("export", "--data-dir", _directory, "--out", output));
        Assert.Empty(await File.ReadAllLinesAsync(output));
        Assert.Equal(2, await InvokeMainAsync("export", "--data-dir", _directory, "--out", output, "--onbekend", "x"));
    }

    [Theory]
    [InlineData("--since", "01-11-2026")]
    [InlineData("--since", "2026-13-01")]
    public async Task Main_BadDate_ExitCode2(string option, string value)
    {
        Directory.CreateDirectory(_directory);

        Assert.Equal(2, await InvokeMainAsync("export", "--data-dir", _directory, "--out", Path.Combine(_directory, "x.jsonl"), option, value));
    }

    [Fact]
    public async Task Main_MissingDataDir_ExitCode2()
    {
        Assert.Equal(2, await InvokeMainAsync("export", "--data-dir", Path.Combine(_directory, "bestaat-niet"), "--out", Path.Combine(_directory, "x.jsonl")));
        Assert.Equal(2, await InvokeMainAsync("export", "--out", Path.Combine(_directory, "x.jsonl")));
    }

    private static Task<int> InvokeMainAsync(params string[] args)
    {
        var main = typeof(ExportCommand).Assembly.GetType("KccAssistant.Eval.Program")!.GetMethod("Main")!;
        return (Task<int>)main.Invoke(null, [args])!;
    }
}
