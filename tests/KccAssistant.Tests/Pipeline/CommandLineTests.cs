using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.Pipeline;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_AllFlags_Recognised()
    {
        var line = IngestCommandLine.Parse(["--data-dir", "d", "--site", "https://www.lindenhaven.nl/", "--site", "ingest/samples/website",
            "--kb", "../shared/data/rijksoverheid-vac/", "--report", "r.json", "--Kcc:Embedding:Threads", "2"]);

        Assert.Equal("d", line.DataDir);
        Assert.Equal(2, line.Sites.Count);
        Assert.Equal("r.json", line.ReportPath);
        Assert.Equal(["--Kcc:Embedding:Threads", "2"], line.Rest);
        Assert.Equal(["www.lindenhaven.nl", "website", "rijksoverheid-vac"], line.AdHocSources().Select(s => s.Name));
        Assert.Equal(SourceKind.KnowledgeBase, line.AdHocSources()[2].Kind);
    }

    [Fact]
    public void Parse_FlagWithoutValue_ClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => IngestCommandLine.Parse(["--site"]));

        Assert.Contains("--site", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Worker_RecognisedWithConfigurationOverrides()
    {
        var line = IngestCommandLine.Parse(["--worker", "--data-dir", "d", "--Kcc:Worker:DailyAt", "03:00"]);

        Assert.True(line.Worker);
        Assert.Equal("d", line.DataDir);
        Assert.Equal(["--Kcc:Worker:DailyAt", "03:00"], line.Rest);
    }

    [Theory]
    [InlineData("--site", "https://www.lindenhaven.nl/")]
    [InlineData("--source", "website")]
    [InlineData("--report", "r.json")]
    public void Parse_WorkerWithOneRunFlags_ClearError(string flag, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => IngestCommandLine.Parse(["--worker", flag, value]));

        Assert.Contains("--worker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_DocumentsTheExitCodes()
    {
        foreach (var code in new[] { IngestExitCodes.Completed, IngestExitCodes.CouldNotRun, IngestExitCodes.Busy, IngestExitCodes.Cancelled })
        {
            Assert.Contains($"  {code} ", IngestCommandLine.Usage, StringComparison.Ordinal);
        }
    }
}
