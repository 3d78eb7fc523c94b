using Bunit;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Web.Components.Evaluation;
using KccAssistant.Web.Evaluation;

namespace KccAssistant.Tests.Components;

/// <summary><see cref="RunReportView"/> rendered by bUnit: a stored run as report.html shows it.</summary>
public sealed class RunReportViewBunitTests : BunitContext
{
    private static QuestionResult Question(string id, bool answerable, bool answered, int? rank) => new(
        id, $"vraag {id}", answerable, answered, rank, answered ? 0.8 : 0.2, 12, ["Paspoort <https://www.lindenhaven.nl/paspoort>"],
        answerable ? ["https://www.lindenhaven.nl/paspoort"] : [], 0, 0, null, "", 0, 0, 0, null);

    [Fact]
    public void Render_StoredRun_MetricsWithIntervalsFailuresPerQuestionAndDownloadLinks()
    {
        QuestionResult[] questions = [Question("q1", true, true, 1), Question("q2", true, false, 7), Question("q3", false, true, null)];
        var metrics = RunMetrics.Compute(questions);
        var run = new ModeRun("hybrid", metrics, questions, [], "test")
        {
            Intervals = new Dictionary<string, double[]?> { ["recall@5"] = [0.0, 1.0] },
        };
        var info = new EvaluationRunInfo("20261205-101500-0a1b", "project/lindenhaven.jsonl", "lindenhaven.jsonl", "projectset", ["test"], ["hybrid"], 3,
            new DateTimeOffset(2026, 12, 5, 10, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 10, 15, 9, TimeSpan.Zero), "DataScientist");
        var details = new RunDetails(info.FinishedAt, "abc1234", "/repo/eval/sets/lindenhaven.jsonl", 188, 28, ["test"], "/repo/data", 7, 900, "minilm", new Dictionary<string, string>());

        var view = Render<RunReportView>(p => p.Add(c => c.Run, new StoredEvaluationRun(info, details, [run], [])));

        Assert.Equal(["hybrid-test"], view.FindAll("#results thead th").Skip(1).Select(th => th.TextContent));
        Assert.Equal("0.50 [0.00–1.00]", view.Find("#results tr[data-metric='recall@5'] td").TextContent);
        Assert.Equal("3 (1)", view.Find("#results tbody tr td").TextContent.Trim());
        Assert.Contains("lindenhaven.jsonl (188 vragen, waarvan 28 onbeantwoordbaar)", view.Find("#run-details").TextContent, StringComparison.Ordinal);
        Assert.Contains("hybrid-test: 3 fouten (1 niet in top 5, 1 ten onrechte geweigerd, 1 onbeantwoordbaar maar beantwoord)",
            view.Find("details.failures summary").TextContent, StringComparison.Ordinal);
        Assert.Equal("evaluatie/runs/20261205-101500-0a1b/report.json", view.Find("#download-json").GetAttribute("href"));
        Assert.Equal("evaluatie/runs/20261205-101500-0a1b/questions-hybrid-test.jsonl", view.FindAll("a[download]").Last().GetAttribute("href"));
    }
}
