using System.Text;
using KccAssistant.Configuration;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.Tests.Support;
using KccAssistant.Web.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Evaluation;

public sealed class EvaluationSetsTests : IDisposable
{
    private const string Line = """{"id": "q1", "question": "wat kost een paspoort", "relevant": ["https://www.lindenhaven.nl/paspoort"], "answerable": true, "split": "test"}""";

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _project = new();
    private readonly InMemoryQuestionLog _log = new();

    private EvaluationSets Create(long maxBytes = 4096, int maxLines = 10) => new(
        Options.Create(new EvaluationOptions { SetsDirectory = _project.Path, MaxUploadBytes = maxBytes, MaxUploadLines = maxLines }),
        Options.Create(new KccOptions { DataDir = _data.Path }),
        new JsonLinesFeedbackStore(_data.Path),
        _log,
        new PersonalDataRedactor(new PersonalDataOptions()),
        TimeProvider.System,
        NullLogger<EvaluationSets>.Instance);

    [Fact]
    public async Task UploadAsync_ValidSet_StoredUnderServerMadeNameAndListed()
    {
        var sets = Create();

        var result = await sets.UploadAsync("../../Mijn Set (v2).jsonl", Stream(Line + "\n"));

        var set = Assert.IsType<EvaluationSet>(result.Set);
        Assert.Empty(result.Problems);
        Assert.Matches("^mijn-set-v2-[0-9]{8}-[0-9]{6}\\.jsonl$", set.FileName);
        Assert.Equal($"upload/{set.FileName}", set.Id);
        Assert.Equal(Path.Combine(_data.Path, "eval-sets", "upload", set.FileName), set.Path);
        Assert.Equal(1, set.Questions);
        Assert.Equal(["test"], set.Splits);
        Assert.Equal(set.Id, Assert.Single(await sets.ListAsync()).Id);
        Assert.Equal(set.Path, sets.FileOf("upload", set.FileName));
    }

    [Fact]
    public async Task UploadAsync_InvalidLines_NothingStoredAndProblemsPerLine()
    {
        var sets = Create();

        var result = await sets.UploadAsync("kapot.jsonl", Stream(Line + "\n{\"id\": \"q2\"}\n"));

        Assert.Null(result.Set);
        Assert.Equal("Regel 2: \"question\" ontbreekt of is leeg.", Assert.Single(result.Problems).ToString());
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "eval-sets", "upload")));
    }

    [Fact]
    public async Task UploadAsync_LargerThanTheLimit_RefusedWithoutReadingFurther()
    {
        var sets = Create(maxBytes: 1024);

        var result = await sets.UploadAsync("groot.jsonl", Stream(string.Join('\n', Enumerable.Repeat(Line, 20))));

        Assert.Null(result.Set);
        Assert.Contains("groter dan 1 KB", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_NotUtf8_Refused()
    {
        var sets = Create();

        var result = await sets.UploadAsync("latin1.jsonl", new MemoryStream(Encoding.Latin1.GetBytes(Line.Replace("paspoort", "paspoort één", StringComparison.Ordinal))));

        Assert.Null(result.Set);
        Assert.Contains("geen UTF-8", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ProjectSetsAndBrokenOne_ProjectFirstBrokenMarkedUnusable()
    {
        await File.WriteAllTextAsync(Path.Combine(_project.Path, "b-set.jsonl"), Line);
        await File.WriteAllTextAsync(Path.Combine(_project.Path, "a-kapot.jsonl"), "{niet json");
        await File.WriteAllTextAsync(Path.Combine(_project.Path, "notities.txt"), "geen set");

        var list = await Create().ListAsync();

        Assert.Equal(["project/a-kapot.jsonl", "project/b-set.jsonl"], list.Select(s => s.Id));
        Assert.Contains("Regel 1: geen geldige JSON", list[0].Problem, StringComparison.Ordinal);
        Assert.Null(list[1].Problem);
    }

    [Theory]
    [InlineData("project/../../appsettings.json")]
    [InlineData("project/..%2Fgeheim.jsonl")]
    [InlineData("onbekend/set.jsonl")]
    [InlineData("project/.verborgen.jsonl")]
    [InlineData("set.jsonl")]
    public async Task FindAsync_IdOutsideTheSetFolders_Null(string id)
    {
        await File.WriteAllTextAsync(Path.Combine(_project.Path, ".verborgen.jsonl"), Line);

        Assert.Null(await Create().FindAsync(id));
    }

    [Fact]
    public async Task ExportFeedbackAsync_ThumbsUp_WritesLabelledSetInTheDataDirectory()
    {
        var sets = Create();
        var entry = InMemoryQuestionLog.Entry("wat kost een paspoort", DateTimeOffset.UtcNow.AddMinutes(-5), true, null, [("paspoort", "Paspoort", "https://www.lindenhaven.nl/paspoort")]);
        await _log.AppendAsync(entry);
        await new JsonLinesFeedbackStore(_data.Path).AppendAsync(new AnswerFeedback(entry.AskId, true, null, null, DateTimeOffset.UtcNow, "Agent", "page"));

        var (set, export) = await sets.ExportFeedbackAsync(null);

        Assert.Equal(1, export.Ratings);
        Assert.StartsWith("export/feedback-", set.Id, StringComparison.Ordinal);
        Assert.Equal(1, set.Questions + set.NeedsReview);
        var line = Assert.Single(await File.ReadAllLinesAsync(set.Path));
        Assert.Contains("\"question\":\"wat kost een paspoort\"", line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _data.Dispose();
        _project.Dispose();
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
