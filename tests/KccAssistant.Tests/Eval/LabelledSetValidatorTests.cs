using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Tests.Eval;

public sealed class LabelledSetValidatorTests
{
    private const string Good = """{"id": "q1", "question": "wat kost een paspoort", "relevant": ["https://www.lindenhaven.nl/paspoort"], "answerable": true, "split": "test"}""";
    private const string Unanswerable = """{"id": "q2", "question": "hoe laat sluit de bakker", "answerable": false, "split": "dev"}""";

    [Fact]
    public void Validate_WellFormedSet_ReturnsQuestionsCountsAndSplits()
    {
        var result = LabelledSetValidator.Validate($"{Good}\r\n\n{Unanswerable}\n", maxLines: 10);

        Assert.True(result.IsValid);
        Assert.Equal(["q1", "q2"], result.Questions.Select(q => q.Id));
        Assert.Equal(1, result.Unanswerable);
        Assert.Equal(["dev", "test"], result.Splits);
    }

    [Fact]
    public void Validate_SeveralBadLines_NamesEveryLineInDutch()
    {
        var text = string.Join('\n',
            Good,
            "{\"id\": \"q3\", \"question\": ",
            """{"id": "q4", "relevant": "https://www.lindenhaven.nl/"}""",
            """{"id": "q5", "question": "afval", "answerable": "ja", "split": "train"}""",
            """{"id": "q6", "question": "parkeren", "answerable": true}""",
            """{"id": "q1", "question": "nog een keer", "answerable": false}""",
            "[1, 2]");

        var result = LabelledSetValidator.Validate(text, maxLines: 100);

        Assert.False(result.IsValid);
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("Regel 2: geen geldige JSON", StringComparison.Ordinal));
        Assert.Contains("Regel 3: \"question\" ontbreekt of is leeg.", problems);
        Assert.Contains(problems, p => p.StartsWith("Regel 3: \"relevant\" moet een lijst", StringComparison.Ordinal));
        Assert.Contains("Regel 4: \"answerable\" moet true of false zijn (zonder aanhalingstekens).", problems);
        Assert.Contains("Regel 4: \"split\" moet \"dev\" of \"test\" zijn (of weglaten).", problems);
        Assert.Contains(problems, p => p.StartsWith("Regel 5: een beantwoordbare vraag heeft minstens één bron", StringComparison.Ordinal));
        Assert.Contains("Regel 6: id \"q1\" kwam al voor op regel 1; elk id moet uniek zijn.", problems);
        Assert.Contains(problems, p => p.StartsWith("Regel 7: verwacht een JSON-object", StringComparison.Ordinal));
        Assert.Equal(8, problems.Count);
    }

    [Fact]
    public void Validate_MoreLinesThanAllowed_RefusesWholeFile()
    {
        var text = string.Join('\n', Enumerable.Range(1, 4).Select(i => Good.Replace("q1", $"q{i}", StringComparison.Ordinal)));

        var result = LabelledSetValidator.Validate(text, maxLines: 3);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(0, problem.Line);
        Assert.Contains("4 regels; het maximum is 3", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Questions);
    }

    [Fact]
    public void Validate_OnlyNeedsReviewLines_NotRunnableAndSaysWhy()
    {
        var result = LabelledSetValidator.Validate("""{"id": "fb-1", "question": "paspoort kwijt", "relevant": [], "answerable": true, "needsReview": true}""", maxLines: 10);

        Assert.False(result.IsValid);
        Assert.Equal(1, result.NeedsReview);
        Assert.Contains("needsReview", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyText_OneProblemForTheFile()
    {
        var result = LabelledSetValidator.Validate(" \n\n", maxLines: 10);

        Assert.Equal("Het bestand is leeg: verwacht één JSON-object per regel.", Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public async Task Validate_ProjectSets_AllValidAndAgreeWithTheCliReader()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Support.RepositoryPaths.Root, "eval", "sets"), "*.jsonl"))
        {
            var result = LabelledSetValidator.Validate(await File.ReadAllTextAsync(file), int.MaxValue);
            var read = await LabelledSet.ReadAsync(file);

            Assert.True(result.IsValid, $"{file}: {string.Join("; ", result.Problems)}");
            Assert.Equal(read.Select(q => q.Id), result.Questions.Select(q => q.Id));
        }
    }
}
