using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Tests.Eval;

public sealed class LabelledSetSplitTests
{
    private static LabelledQuestion Question(string id, string? split) =>
        new() { Id = id, Question = "vraag " + id, Relevant = ["doc-" + id], Split = split };

    [Theory]
    [InlineData(null, new[] { "all" })]
    [InlineData("dev", new[] { "dev" })]
    [InlineData("Dev, test", new[] { "dev", "test" })]
    [InlineData("test,test", new[] { "test" })]
    public void ParseSplits_Values_GiveTheParts(string? value, string[] expected) =>
        Assert.Equal(expected, LabelledSet.ParseSplits(value));

    [Fact]
    public void ParseSplits_UnknownPart_ErrorNamesOption()
    {
        var error = Assert.Throws<ArgumentException>(() => LabelledSet.ParseSplits("train"));

        Assert.Contains("--split", error.Message, StringComparison.Ordinal);
        Assert.Contains("train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OfSplit_DevAndTest_EachQuestionInExactlyOnePart()
    {
        var questions = new[] { Question("1", "dev"), Question("2", "test"), Question("3", "dev") };

        Assert.Equal(["1", "3"], LabelledSet.OfSplit(questions, "dev").Select(q => q.Id));
        Assert.Equal(["2"], LabelledSet.OfSplit(questions, "test").Select(q => q.Id));
        Assert.Equal(3, LabelledSet.OfSplit(questions, "all").Count);
    }

    [Fact]
    public void OfSplit_SetWithoutParts_AskingForAPartIsAnError() =>
        Assert.Throws<ArgumentException>(() => LabelledSet.OfSplit([Question("1", null)], "test"));

    [SkippableFact]
    public async Task ReadAsync_ShippedSets_EveryQuestionIsDevOrTest()
    {
        var directory = Path.Combine(KccAssistant.Tests.Support.RepositoryPaths.Root, "eval", "sets");
        Skip.IfNot(Directory.Exists(directory), "eval/sets ontbreekt");
        foreach (var path in Directory.GetFiles(directory, "*.jsonl"))
        {
            var questions = await LabelledSet.ReadAsync(path);

            Assert.All(questions, q => Assert.Contains(q.Split, new[] { "dev", "test" }));
            Assert.NotEmpty(LabelledSet.OfSplit(questions, "dev"));
            Assert.NotEmpty(LabelledSet.OfSplit(questions, "test"));
        }
    }
}
