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
}
