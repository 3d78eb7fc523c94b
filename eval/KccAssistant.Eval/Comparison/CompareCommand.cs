using KccAssistant.Eval.Evaluation;

namespace KccAssistant.Eval.Comparison;

/// <summary>
/// The <c>compare</c> command: <c>eval compare A/report.json B/report.json [--out DIR]</c>. Exit code 0 without a
/// flagged regression, 1 with one, 2 when the reports could not be compared (missing file, different sets, no
/// common runs), so CI can tell "worse" from "broken".
/// </summary>
internal static class CompareCommand
{
    /// <summary>Exit code: no metric regressed beyond its interval.</summary>
    public const int NoRegression = 0;

    /// <summary>Exit code: at least one metric regressed beyond its interval.</summary>
    public const int Regression = 1;

    /// <summary>Exit code: the comparison could not be made.</summary>
    public const int CouldNotRun = 2;

    private const int ChangesOnConsole = 15;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, ["--out"]);
        var paths = arguments.Rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (paths.Count != 2 || arguments.Rest.Count != 2)
        {
            await Console.Error.WriteLineAsync("Gebruik: eval compare A/report.json B/report.json [--out DIR]");
            return CouldNotRun;
        }

        ComparisonResult result;
        try
        {
            var a = await ReportReader.ReadAsync(paths[0], cancellationToken);
            var b = await ReportReader.ReadAsync(paths[1], cancellationToken);
            result = ReportComparer.Compare(a, b, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or FormatException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"Vergelijken kan niet: {exception.Message}");
            return CouldNotRun;
        }

        var output = arguments.Value("--out") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(result.B))!, "compare");
        await CompareReportWriter.WriteAsync(output, result, cancellationToken);
        Console.WriteLine(CompareReportWriter.Table(result));
        foreach (var run in result.Runs.Where(r => r.Changes.Count > 0))
        {
            Console.WriteLine($"{run.Name}: {run.Changes.Count} vragen met een andere uitkomst ({run.Changes.Count(c => c.Direction == "slechter")} slechter, {run.Changes.Count(c => c.Direction == "beter")} beter)");
            foreach (var change in run.Changes.Take(ChangesOnConsole))
            {
                Console.WriteLine($"  {change.Direction,-8} {change.Id,-10} {change.Before} → {change.After}");
            }

            if (run.Changes.Count > ChangesOnConsole)
            {
                Console.WriteLine($"  ... en {run.Changes.Count - ChangesOnConsole} meer in compare.md");
            }
        }

        if (result.UnmatchedA.Count + result.UnmatchedB.Count > 0)
        {
            Console.WriteLine($"Niet vergeleken: alleen in A {string.Join(", ", result.UnmatchedA.DefaultIfEmpty("-"))}; alleen in B {string.Join(", ", result.UnmatchedB.DefaultIfEmpty("-"))}");
        }

        Console.WriteLine(result.HasRegression
            ? $"REGRESSIE: {string.Join(", ", result.Runs.SelectMany(r => r.Metrics.Where(m => m.Verdict == MetricDelta.Regression).Select(m => $"{r.Name} {m.Metric}")))}"
            : "Geen regressie buiten het 95%-interval.");
        Console.WriteLine($"Vergelijking: {Path.GetFullPath(Path.Combine(output, "compare.json"))} (en compare.md, compare.html)");
        return result.HasRegression ? Regression : NoRegression;
    }
}
